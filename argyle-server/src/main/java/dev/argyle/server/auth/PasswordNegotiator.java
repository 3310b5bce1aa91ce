package dev.argyle.server.auth;

import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.auth.PasswordAuthReply;
import dev.argyle.protocol.auth.PasswordAuthRequest;
import dev.argyle.protocol.v5.AuthMethod;

/** RFC 1929 username/password: one request, checked off the event loop, one reply. */
public final class PasswordNegotiator implements MethodNegotiator<PasswordAuthRequest> {
    private final PasswordAuthenticator authenticator;

    public PasswordNegotiator(PasswordAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.USERNAME_PASSWORD;
    }

    @Override
    public Decoder<PasswordAuthRequest> decoder() {
        return PasswordAuthRequest.DECODER;
    }

    @Override
    public WireMessage malformedReply() {
        return PasswordAuthReply.FAILURE;
    }

    @Override
    public void handle(PasswordAuthRequest credentials, Negotiation n) {
        String user = credentials.username();
        n.claimedUser(user);
        n.suspend();
        authenticator.authenticate(n.client(), user, credentials.passwordChars(), n.executor())
                .addListener(f -> {
                    if (!n.waiting()) {
                        return;
                    }
                    if (Boolean.TRUE.equals(f.getNow())) {
                        n.send(PasswordAuthReply.SUCCESS);
                        n.authenticated(user, authenticator.groups(user), null);
                    } else {
                        n.refused(PasswordAuthReply.FAILURE, "authentication failed");
                    }
                });
    }
}

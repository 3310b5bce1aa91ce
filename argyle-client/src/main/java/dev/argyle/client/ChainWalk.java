package dev.argyle.client;

import dev.argyle.protocol.handshake.ClientHandshake;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.handshake.Socks4Handshake;
import dev.argyle.protocol.handshake.Socks5Handshake;
import dev.argyle.protocol.handshake.Step;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * The walk along a chain (gost's route): connect to hop 1, ask hop 1 to CONNECT to hop 2, hop 2 to hop 3,
 * and so on, each handshake running inside the tunnel the previous ones built; the last hop used performs
 * the command. A walk may stop short of the chain's end (UDP control connections for inner hops).
 */
final class ChainWalk {
    /** The last hop's first reply and its handshake (BIND reads a second reply from it). */
    record Result(SocksAddress reply, ClientHandshake handshake, HopRef hop, HandshakeDriver driver) {
    }

    private ChainWalk() {
    }

    /** Opens the TCP connection to hop 1, resolving its host here. */
    static void reachFirstHop(ChainSocket socket, ProxyChain chain, Deadline deadline) throws IOException {
        HopRef hop = chain.hopRef(1);
        InetSocketAddress address = new InetSocketAddress(hop.uri().host(), hop.uri().port());
        if (address.isUnresolved()) {
            throw hop.fail(SocksException.Kind.RESOLVE, "cannot resolve the proxy's host name " + hop.uri().host());
        }
        try {
            socket.connectDirect(address, deadline.soTimeoutMillis());
        } catch (SocketTimeoutException e) {
            throw hop.fail(SocksException.Kind.TIMEOUT, "cannot connect to the proxy within " + deadline.text(), e);
        } catch (IOException e) {
            throw hop.fail(SocksException.Kind.CONNECT, "cannot connect to the proxy: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the handshakes of hops 1..{@code count} over {@code socket} (already connected to hop 1): CONNECT to
     * the next hop on each but the last, {@code command} to {@code target} on the last. Each hop has the
     * chain's handshake timeout, within {@code overall}.
     */
    static Result through(ChainSocket socket, ProxyChain chain, int count, Command command, SocksAddress target,
                          Deadline overall) throws IOException {
        List<ProxyUri> hops = chain.hops();
        HandshakeDriver driver = new HandshakeDriver(socket);
        for (int i = 1; i <= count; i++) {
            HopRef hop = chain.hopRef(i);
            boolean last = i == count;
            Command c = last ? command : Command.CONNECT;
            SocksAddress wire = Addressing.forHop(hop, last ? target : hops.get(i).address());
            ClientHandshake h;
            if (hop.uri().scheme().tls()) { // TLS first, to this hop, through the hops before it
                TlsHop.open(socket, driver, hop, chain.tls(), overall.min(chain.handshakeTimeout()));
            }
            if (hop.uri().scheme().gssapi()) {
                GssapiHop.authenticate(driver, hop, chain.gssapi(), overall.min(chain.handshakeTimeout()));
                h = Socks5Handshake.afterAuthentication(c, wire);
            } else {
                h = handshake(hop, c, wire);
            }
            String context = last ? "" : " (on the way to hop " + (i + 1) + ")";
            Step.Reply reply = driver.run(h, hop, overall.min(chain.handshakeTimeout()), context);
            if (last) {
                return new Result(reply.address(), h, hop, driver);
            }
        }
        throw new IllegalArgumentException("count must be 1.." + hops.size() + ", got " + count);
    }

    private static ClientHandshake handshake(HopRef hop, Command command, SocksAddress destination)
            throws SocksException {
        ProxyUri uri = hop.uri();
        if (uri.scheme().isSocks5()) {
            return new Socks5Handshake(command, destination, uri.user(), uri.password());
        }
        if (command.equals(Command.UDP_ASSOCIATE)) {
            throw hop.fail(SocksException.Kind.UNSUPPORTED, uri.scheme().text() + " has no UDP ASSOCIATE");
        }
        return new Socks4Handshake(command, destination, uri.user());
    }
}

package dev.argyle.protocol.gssapi;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * A Kerberos login through the JDK's JAAS {@code Krb5LoginModule} with the given module options (keytab or
 * ticket cache, initiator or acceptor), configured in code rather than through a {@code java.security.auth.login.config}
 * file, so the process-wide JAAS configuration is left alone. The returned Subject holds the credentials, for
 * {@code Subject.doAs} around GSS-API calls.
 */
public final class Krb5Login {
    private static final String MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    private Krb5Login() {
    }

    /** Logs in with {@code options} (see the {@code Krb5LoginModule} Javadoc); {@code name} names the login. */
    public static Subject login(String name, Map<String, String> options) throws LoginException {
        Map<String, String> copy = Map.copyOf(options);
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String ignored) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        MODULE, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, copy)};
            }
        };
        LoginContext login = new LoginContext(name, new Subject(), null, jaas);
        login.login();
        return login.getSubject();
    }
}

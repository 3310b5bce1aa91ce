package dev.argyle.cli;

import dev.argyle.client.ProxyChain;
import dev.argyle.client.TlsOptions;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The TLS settings of a chain's {@code socks5+tls} / {@code socks5h+tls} hops, shared by connect and forward. */
final class TlsFlags {
    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "PEM CA certificates to trust for socks5+tls hops (default: the JDK's trust store)")
    Path ca;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM client certificate chain for socks5+tls hops")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Unencrypted PEM PKCS#8 key of --tls-cert")
    Path key;

    /** {@code chain} with these settings; a certificate without its key (or the reverse) is bad usage. */
    ProxyChain apply(CommandSpec spec, ProxyChain chain) {
        if ((cert == null) != (key == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        TlsOptions tls = TlsOptions.DEFAULT;
        if (ca != null) {
            tls = tls.withTrustedCertificates(ca);
        }
        if (cert != null) {
            tls = tls.withClientCertificate(cert, key);
        }
        return chain.withTls(tls);
    }
}

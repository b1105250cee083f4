package dev.portico.gateway.edge.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * The TLS implementation that terminates HTTPS: BoringSSL through netty-tcnative ({@code tls.provider =
 * openssl}, the default) or the JDK's own ({@code jdk}).
 */
public record TlsProvider(SslProvider netty, String description) {

    /**
     * The provider named in {@code tls.provider}; refuses {@code openssl} when the native library cannot
     * be loaded rather than falling back silently to a slower implementation.
     */
    public static TlsProvider named(String name) {
        if (name.equals("jdk")) {
            return new TlsProvider(SslProvider.JDK, "JDK " + System.getProperty("java.version"));
        }
        if (!OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            throw new IllegalStateException("tls.provider = openssl, but netty-tcnative (BoringSSL) cannot be "
                    + "loaded here: " + (cause == null ? "unknown reason" : cause.getMessage())
                    + ". Run on linux-x86_64 with the shipped jar, or set tls.provider = jdk in gateway.properties");
        }
        return new TlsProvider(SslProvider.OPENSSL, OpenSsl.versionString() + " through netty-tcnative");
    }

    public boolean isOpenSsl() {
        return netty == SslProvider.OPENSSL;
    }
}

package dev.portico.gateway.edge.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLException;

/**
 * Builds the server {@link SslContext} of one certificate pair: TLS 1.3 and 1.2 only, the ECDHE + AEAD
 * cipher suites HTTP/2 allows, ALPN {@code h2} then {@code http/1.1}, a session cache and shared ticket
 * keys for resumption. Runs on the certificate threads, never on an event loop.
 */
final class ContextFactory {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final int SESSION_CACHE_SIZE = 4096;
    static final long SESSION_TIMEOUT_SECONDS = 3600;

    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            // a client that offers neither gets no ALPN answer and speaks HTTP/1.1
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private final TlsProvider provider;
    private final TicketKeys tickets;
    private final OcspStapler stapler; // null: stapling off

    ContextFactory(TlsProvider provider, TicketKeys tickets, OcspStapler stapler) {
        this.provider = provider;
        this.tickets = tickets;
        this.stapler = stapler;
    }

    SslContext build(LoadedPair pair) throws SSLException {
        SslContextBuilder b;
        if (provider.isOpenSsl()) {
            // The caching factory converts the chain and key to native form once, not on every handshake.
            b = SslContextBuilder.forServer(new OpenSslCachingX509KeyManagerFactory(
                    new KeyManagerFactoryWrapper(new PairKeyManager(pair))));
        } else {
            b = SslContextBuilder.forServer(pair.key(), pair.chain());
        }
        SslContext context = b.sslProvider(provider.netty())
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(ALPN)
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                .enableOcsp(stapler != null)
                .build();
        if (context.sessionContext() instanceof OpenSslServerSessionContext session) {
            session.setSessionIdContext(sessionIdContext(pair.pair().name()));
            tickets.applyTo(session);
        }
        Staple staple = stapler == null ? null : stapler.start(pair);
        return staple == null ? context : new StapledContext(context, staple);
    }

    /** 32 bytes (OpenSSL's limit) that differ per certificate file name. */
    private static byte[] sessionIdContext(String name) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

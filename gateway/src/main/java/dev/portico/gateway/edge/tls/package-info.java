/**
 * HTTPS on the edge: the TLS provider (BoringSSL through netty-tcnative), the certificate folder and its
 * index (domain to file pair, kept current by a file watch), {@code SslContext}s built lazily per
 * certificate and cached, the per-connection handshake (SNI, ALPN, metrics), the https.force redirect,
 * and development certificates.
 */
package dev.portico.gateway.edge.tls;

package dev.portico.gateway.edge.tls;

/** A handshake found no usable certificate for its SNI: none matches and there is no default, or the one that matches is broken. */
final class NoCertificateException extends Exception {

    static final NoCertificateException NO_MATCH = new NoCertificateException(
            "no certificate matches the requested name and the folder has no default.crt");

    NoCertificateException(String message) {
        super(message, null, false, false);
    }
}

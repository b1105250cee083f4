package dev.portico.gateway.edge.tls;

/** A certificate pair that cannot be used, with a message that says what to fix. */
public final class CertificateProblem extends Exception {

    private final boolean expected;

    CertificateProblem(String message) {
        this(message, null, false);
    }

    CertificateProblem(String message, Throwable cause) {
        this(message, cause, false);
    }

    private CertificateProblem(String message, Throwable cause, boolean expected) {
        super(message, cause, false, false);
        this.expected = expected;
    }

    /** A file that is meant not to be served (a CA kept next to the certificates it signed). */
    static CertificateProblem notServed(String message) {
        return new CertificateProblem(message, null, true);
    }

    /** True when the file is deliberately not a server certificate: worth a note, not a warning. */
    boolean expected() {
        return expected;
    }
}

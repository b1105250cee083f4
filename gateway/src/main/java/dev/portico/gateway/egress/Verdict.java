package dev.portico.gateway.egress;

/**
 * A policy decision: pass ({@code reason} null), refuse, or pass although refused by a tier in report
 * mode ({@code enforced} false: a {@code would_deny}). {@code detail} is the sentence the user reads.
 */
record Verdict(DenyReason reason, String detail, boolean enforced) {

    static final Verdict PASS = new Verdict(null, null, false);

    static Verdict deny(DenyReason reason, String detail, boolean report) {
        return new Verdict(reason, detail, !(report && reason.reportable()));
    }

    boolean allowed() {
        return reason == null || !enforced;
    }

    boolean wouldDeny() {
        return reason != null && !enforced;
    }
}

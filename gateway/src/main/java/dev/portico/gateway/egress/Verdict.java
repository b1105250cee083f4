package dev.portico.gateway.egress;

/**
 * A policy decision: pass ({@code reason} null), refuse, or pass although refused by a tier in report
 * mode ({@code enforced} false: a {@code would_deny}). {@code detail} is the sentence the user reads;
 * {@code address} the address refused, when the refusal is about one.
 */
record Verdict(DenyReason reason, String detail, boolean enforced, String address) {

    static final Verdict PASS = new Verdict(null, null, false, null);

    static Verdict deny(DenyReason reason, String detail, boolean report) {
        return new Verdict(reason, detail, !(report && reason.reportable()), null);
    }

    static Verdict denyAddress(DenyReason reason, String detail, String address) {
        return new Verdict(reason, detail, true, address);
    }

    boolean allowed() {
        return reason == null || !enforced;
    }

    boolean wouldDeny() {
        return reason != null && !enforced;
    }
}

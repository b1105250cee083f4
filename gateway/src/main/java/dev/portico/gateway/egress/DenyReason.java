package dev.portico.gateway.egress;

/**
 * Why a destination is refused. A tier in {@code report} mode lets the reportable reasons through
 * (logged as {@code would_deny}); the others protect the platform and always hold.
 */
enum DenyReason {
    NOT_ALLOWLISTED("not_allowlisted", true),
    ADDRESS_NOT_LISTED("address_not_listed", true),
    PORT("port", true),
    INVALID_HOST("invalid_host", false),
    BLOCKED_ADDRESS("blocked_address", false),
    OWN_LISTENER("own_listener", false);

    private final String label;
    private final boolean reportable;

    DenyReason(String label, boolean reportable) {
        this.label = label;
        this.reportable = reportable;
    }

    /** As the audit log and the docs name it. */
    String label() {
        return label;
    }

    boolean reportable() {
        return reportable;
    }
}

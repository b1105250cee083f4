package dev.portico.gateway.egress;

/**
 * One egress decision as the audit log keeps it: who (client address, account, tier), where to (method,
 * host, port, the address connected to or refused), what was decided and why, the status the client
 * got, how many bytes went up (client to destination) and down, and for how long.
 */
record AuditRecord(String client, String account, String tier, String method, String host, int port,
                   String address, String decision, String reason, int status, long bytesUp, long bytesDown,
                   long durationNanos) {

    /** Decisions, as the audit log and {@code portico_egress_requests_total{decision}} name them. */
    static final String ALLOWED = "allowed";
    static final String WOULD_DENY = "would_deny";
    static final String DENIED = "denied";
    static final String AUTH_REQUIRED = "auth_required";
    static final String RATE_LIMITED = "rate_limited";
    static final String FAILED = "failed";

    /** The tier label of a caller who was not recognised. */
    static final String NO_TIER = "none";

    /** As one logfmt line: {@code key=value} pairs, values quoted when they need it. */
    String line() {
        StringBuilder b = new StringBuilder(200);
        field(b, "client", client);
        field(b, "account", account);
        field(b, "tier", tier);
        field(b, "method", method);
        field(b, "host", host);
        field(b, "port", Integer.toString(port));
        field(b, "address", address);
        field(b, "decision", decision);
        field(b, "reason", reason);
        field(b, "status", Integer.toString(status));
        field(b, "bytes_up", Long.toString(bytesUp));
        field(b, "bytes_down", Long.toString(bytesDown));
        field(b, "duration_ms", Long.toString(durationNanos / 1_000_000));
        return b.toString();
    }

    private static void field(StringBuilder b, String key, String value) {
        if (b.length() > 0) {
            b.append(' ');
        }
        b.append(key).append('=');
        String v = value == null || value.isEmpty() ? "-" : value;
        boolean plain = v.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '=' && c != '\\');
        if (plain) {
            b.append(v);
            return;
        }
        b.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < ' ' || c == 127) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}

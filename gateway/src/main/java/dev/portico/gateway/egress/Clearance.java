package dev.portico.gateway.egress;

import dev.portico.gateway.failure.Failure;
import java.net.InetAddress;
import java.util.List;

/** What the {@link Checkpoint} decided about one request. */
sealed interface Clearance {

    /**
     * May go: to one of {@code addresses} (all checked), holding {@code slot} until it ends;
     * {@code verdict} is a would-deny when a tier in report mode let it through.
     */
    record Cleared(Caller caller, List<InetAddress> addresses, Slot slot, Verdict verdict) implements Clearance {
    }

    /** May not: answered with {@code failure} and the plain text {@code detail} (already audited). */
    record Refused(Failure failure, String detail, long retryAfterSeconds) implements Clearance {
    }
}

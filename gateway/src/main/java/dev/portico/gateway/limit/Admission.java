package dev.portico.gateway.limit;

import dev.portico.gateway.failure.Failure;

/** What admission decided for one request. */
public sealed interface Admission {

    /** Admitted: the holder must release the permit exactly once when its exchange ends. */
    record Granted(Permit permit) implements Admission {
    }

    /** Refused: answer {@code failure} with {@code Retry-After: retryAfterSeconds}. */
    record Rejected(Failure failure, long retryAfterSeconds) implements Admission {
    }
}

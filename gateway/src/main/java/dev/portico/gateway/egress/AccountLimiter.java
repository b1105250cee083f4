package dev.portico.gateway.egress;

import dev.portico.gateway.config.EgressConfig;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * One account's caps: a Resilience4j rate limiter for new requests per second and a bulkhead for
 * connections open at once. Both are asked without waiting ({@code acquirePermission} with a zero
 * timeout, {@code tryAcquirePermission}), so this never blocks an event loop. Thread-safe.
 */
final class AccountLimiter {

    private final EgressConfig.Limits limits;
    private final RateLimiter rate;
    private final Bulkhead tunnels;

    AccountLimiter(String account, EgressConfig.Limits limits) {
        this.limits = limits;
        this.rate = limits.rate() == 0 ? null : RateLimiter.of(account, rateConfig(limits.rate()));
        this.tunnels = Bulkhead.of(account, BulkheadConfig.custom().maxConcurrentCalls(limits.maxTunnels())
                .maxWaitDuration(Duration.ZERO).build());
    }

    EgressConfig.Limits limits() {
        return limits;
    }

    /** Counts one request against the rate; false when the account is over it. */
    boolean withinRate() {
        return rate == null || rate.acquirePermission();
    }

    /** One connection slot, or null when the account holds {@code max.tunnels} already. */
    Slot slot() {
        return tunnels.tryAcquirePermission() ? new Slot(this) : null;
    }

    /** Seconds until the rate admits another request (at least 1). */
    long retryAfterSeconds() {
        return rate == null ? 1 : Math.max(1, (long) Math.ceil(1 / limits.rate()));
    }

    /** Connections this account holds now. */
    int open() {
        return limits.maxTunnels() - tunnels.getMetrics().getAvailableConcurrentCalls();
    }

    void giveBack() {
        tunnels.onComplete();
    }

    /** {@code r} requests a second, in bursts of up to one second's worth. */
    private static RateLimiterConfig rateConfig(double r) {
        int burst = (int) Math.max(1, Math.ceil(r));
        long periodNanos = Math.max(1_000_000L, (long) (burst / r * 1e9));
        return RateLimiterConfig.custom().limitForPeriod(burst).limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ZERO).build();
    }
}

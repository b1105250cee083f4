package dev.portico.gateway.upstream;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.Backend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend of an app with its live state: requests outstanding (for least-outstanding choice), a
 * circuit breaker that opens after consecutive gateway-side failures, and a drain flag that takes it
 * out of rotation for maintenance.
 */
public final class Endpoint {

    private final Backend backend;
    private final UpstreamProtocol protocol;
    private final CircuitBreaker circuit;
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Failures since the last success; 0 means the breaker's newest recorded call is a success. */
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final long openForNanos;
    private volatile long openedAt;
    private volatile boolean drained;

    public Endpoint(String app, Backend backend, UpstreamProtocol protocol, AppConfig.Circuit policy) {
        this.backend = backend;
        this.protocol = protocol;
        // N consecutive failures open it: a count window of N that must be 100% failures.
        this.circuit = CircuitBreaker.of(app + "@" + backend, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.failures())
                .minimumNumberOfCalls(policy.failures())
                .failureRateThreshold(100)
                .waitDurationInOpenState(policy.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build());
        this.openForNanos = policy.openFor().toNanos();
        circuit.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = System.nanoTime();
            }
        });
    }

    public Backend backend() {
        return backend;
    }

    public UpstreamProtocol protocol() {
        return protocol;
    }

    public int outstanding() {
        return outstanding.get();
    }

    public CircuitBreaker.State circuitState() {
        return circuit.getState();
    }

    public boolean drained() {
        return drained;
    }

    public void drain(boolean drain) {
        this.drained = drain;
    }

    /** Tries to take this endpoint for one request; false when its circuit is open or it is drained. */
    boolean tryTake() {
        if (drained || !circuit.tryAcquirePermission()) {
            return false;
        }
        outstanding.incrementAndGet();
        return true;
    }

    /**
     * True when the endpoint refuses traffic right now: drained, or its breaker open and still within
     * its wait (after the wait, the next request is let through as a half-open probe).
     */
    boolean refusing() {
        return drained || circuit.getState() == CircuitBreaker.State.OPEN
                && System.nanoTime() - openedAt < openForNanos;
    }

    /** The request taken with {@link #tryTake} ended well (the app answered, whatever its status). */
    public void succeeded(long nanos) {
        outstanding.decrementAndGet();
        // Only consecutive failures open the breaker, so a success right after a recorded success changes
        // nothing it decides: skip its lock and its event objects on the common path.
        if (failuresInARow.get() != 0 || circuit.getState() != CircuitBreaker.State.CLOSED) {
            failuresInARow.set(0);
            circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else {
            circuit.releasePermission();
        }
    }

    /** The request failed on the gateway side of the app: connect refused, reset, timeout, bad answer. */
    public void failed(long nanos, Throwable cause) {
        outstanding.decrementAndGet();
        failuresInARow.incrementAndGet();
        circuit.onError(nanos, TimeUnit.NANOSECONDS, cause);
    }

    /** The request ended without a verdict on the app (the visitor left first). */
    public void released() {
        outstanding.decrementAndGet();
        circuit.releasePermission();
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}

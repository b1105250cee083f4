/**
 * Per-app admission: a rate limit, a cap on requests in flight (a Resilience4j semaphore bulkhead) with
 * a bounded FIFO queue and its timeout, and per-endpoint circuit breakers. Plain classes, testable
 * without a channel; nothing here blocks the caller.
 */
package dev.portico.gateway.limit;

package dev.portico.gateway.config;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one instance of each equal config value (limits, timeouts, backend lists, ...), so that
 * 100,000 apps with a handful of distinct settings hold a handful of objects rather than 100,000 of
 * each: less heap, and less for the collector to copy while a large folder loads. Values are
 * immutable records, so sharing them is invisible to callers. The table is bounded: when it fills up
 * it starts afresh, which only costs some sharing.
 */
final class SharedValues {

    private static final int MAX = 8192;
    private static final ConcurrentHashMap<Object, Object> VALUES = new ConcurrentHashMap<>();

    private SharedValues() {
    }

    /** The shared instance equal to {@code value}. */
    @SuppressWarnings("unchecked")
    static <T> T of(T value) {
        Object known = VALUES.putIfAbsent(value, value);
        if (known != null) {
            return (T) known;
        }
        if (VALUES.size() > MAX) {
            VALUES.clear();
        }
        return value;
    }
}

package dev.portico.gateway.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polling for a state another thread brings about; the caller asserts it afterwards, with its own message. */
public final class Await {

    private Await() {
    }

    /** Returns once {@code condition} holds, or after 5 s. */
    public static void upTo5s(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}

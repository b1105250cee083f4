package dev.portico.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code SIGHUP} reloads the config folder. Java has no supported API for signals; {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}, exported and available without flags on every JDK 9+) is what the
 * JDK offers, and it replaces the JVM's default meaning of {@code SIGHUP} (shut down) with a reload.
 * {@code SIGTERM} and {@code SIGINT} keep the JVM's default: shutdown hooks run, and the gateway drains
 * (see {@link Gateway#close}).
 */
public final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Makes {@code SIGHUP} run {@code reload} (on the JVM's signal thread); false when the signal is unavailable. */
    public static boolean onHangup(Runnable reload) {
        try {
            Signal.handle(new Signal("HUP"), s -> reload.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // -Xrs, or a platform without SIGHUP: the file watch and POST /api/reload still work
            log.warn("SIGHUP cannot be handled here ({}); reload through the file watch or POST /api/reload",
                    e.getMessage());
            return false;
        }
    }
}

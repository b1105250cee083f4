package dev.portico.gateway.proxy;

/** Where finished exchanges are recorded (per-app files, or nowhere). Must never block the caller. */
public interface AccessLog {

    AccessLog NONE = new AccessLog() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void log(AccessRecord record) {
        }
    };

    /** When false, callers skip building records at all. */
    boolean enabled();

    void log(AccessRecord record);
}

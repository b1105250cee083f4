package dev.portico.gateway.logs;

import dev.portico.gateway.proxy.AccessLog;
import dev.portico.gateway.proxy.AccessRecord;

/** Hands each finished exchange to two logs (live numbers and the per-app files), skipping disabled ones. */
public final class TeeLog implements AccessLog {

    private final AccessLog first;
    private final AccessLog second;

    public TeeLog(AccessLog first, AccessLog second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public boolean enabled() {
        return first.enabled() || second.enabled();
    }

    @Override
    public void log(AccessRecord record) {
        if (first.enabled()) {
            first.log(record);
        }
        if (second.enabled()) {
            second.log(record);
        }
    }
}

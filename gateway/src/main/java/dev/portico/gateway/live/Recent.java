package dev.portico.gateway.live;

import java.util.Map;

/**
 * One app's recent traffic: requests per second over the last ten full seconds; requests, 5xx answers
 * and refusals over the last minute; median and 99th percentile latency over the last minute or so;
 * refusals by reason since the gateway started; and requests per second for each of the last 60
 * seconds, oldest first (the dashboard's sparkline).
 */
public record Recent(double requestsPerSecond, long requestsLastMinute, long errorsLastMinute,
                     long rejectedLastMinute, double p50Millis, double p99Millis, Map<String, Long> rejections,
                     int[] perSecond) {

    public static final Recent NONE = new Recent(0, 0, 0, 0, 0, 0, Map.of(), new int[RollingWindow.SECONDS]);

    public Recent {
        rejections = Map.copyOf(rejections);
        perSecond = perSecond.clone();
    }

    /** Share of the last minute's answers that were 5xx, 0..1. */
    public double errorRate() {
        return requestsLastMinute == 0 ? 0 : (double) errorsLastMinute / requestsLastMinute;
    }
}

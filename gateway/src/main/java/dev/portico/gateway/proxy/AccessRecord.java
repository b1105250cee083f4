package dev.portico.gateway.proxy;

/**
 * One finished exchange, for the access log: what was asked, what was answered, how long it took
 * (in total, waiting in the queue, and waiting for the app), and the failure flag if the gateway
 * answered itself.
 */
public record AccessRecord(String app, String remoteAddress, long startMillis, String method, String uri,
                           String protocol, int status, long bytesSent, String referer, String userAgent,
                           String host, String requestId, long durationNanos, long queueNanos,
                           long upstreamNanos, String failure) {
}

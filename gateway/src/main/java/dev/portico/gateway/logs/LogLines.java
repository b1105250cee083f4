package dev.portico.gateway.logs;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.Backend;
import dev.portico.gateway.config.Values;
import dev.portico.gateway.proxy.AccessRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Formats log lines. Access lines are the combined format followed by {@code rid=} (request id),
 * {@code t=} (total seconds), {@code qt=} (seconds queued), {@code ut=} (seconds waiting for the app)
 * and {@code f=} (the gateway's failure flag, or {@code -}). Error lines say in plain words what went
 * wrong and which setting is involved.
 */
final class LogLines {

    private static final DateTimeFormatter COMBINED =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ZoneId zone;

    LogLines(ZoneId zone) {
        this.zone = zone;
    }

    String access(AccessRecord r) {
        StringBuilder b = new StringBuilder(256);
        b.append(dash(r.remoteAddress())).append(" - - [")
                .append(COMBINED.format(Instant.ofEpochMilli(r.startMillis()).atZone(zone))).append("] \"");
        quoted(b, r.method() + " " + r.uri() + " " + r.protocol());
        b.append("\" ").append(r.status()).append(' ').append(r.bytesSent()).append(" \"");
        quoted(b, r.referer() == null ? "-" : r.referer());
        b.append("\" \"");
        quoted(b, r.userAgent() == null ? "-" : r.userAgent());
        b.append("\" rid=").append(dash(r.requestId()))
                .append(" t=").append(seconds(r.durationNanos()))
                .append(" qt=").append(seconds(r.queueNanos()))
                .append(" ut=").append(seconds(r.upstreamNanos()))
                .append(" f=").append(dash(r.failure()))
                .append('\n');
        return b.toString();
    }

    /** The error line for a failure the gateway answered itself, or null when there was none. */
    String error(AccessRecord r, AppConfig app) {
        if (r.failure() == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(200);
        b.append(ISO.format(Instant.ofEpochMilli(r.startMillis()).atZone(zone))).append(' ')
                .append(r.status()).append(' ').append(r.failure()).append(" \"");
        quoted(b, r.method() + " " + dash(r.host()) + r.uri());
        b.append("\" rid=").append(dash(r.requestId())).append(": ").append(explain(r, app)).append('\n');
        return b.toString();
    }

    /** What happened, in the words of the app's settings. */
    static String explain(AccessRecord r, AppConfig app) {
        if (app == null) {
            return r.failure();
        }
        AppConfig.Limits l = app.limits();
        return switch (r.failure()) {
            case "queue_full" -> "queue full: " + l.queueSize() + " requests waiting for " + l.workers()
                    + " busy workers (workers = " + l.workers() + ", queue.size = " + l.queueSize() + ")";
            case "queue_timeout" -> "no worker free after waiting " + Values.format(l.queueTimeout())
                    + " in the queue (queue.timeout = " + Values.format(l.queueTimeout()) + ", workers = "
                    + l.workers() + ")";
            case "rate_limited" -> "more than " + number(l.rate()) + " requests per second (rate = "
                    + number(l.rate()) + ", rate.burst = " + l.rateBurst() + ")";
            case "circuit_open" -> "the app's backends kept failing, so the gateway stopped sending requests for "
                    + Values.format(app.circuit().openFor()) + " (circuit.failures = " + app.circuit().failures()
                    + ", circuit.open = " + Values.format(app.circuit().openFor()) + ")";
            case "upstream_connect" -> connectFailure(r, app);
            case "upstream_reset" -> "upstream " + backends(app) + " closed the connection before answering";
            case "upstream_protocol" -> "upstream " + backends(app) + " answered with something that is not HTTP";
            case "upstream_timeout" -> "upstream " + backends(app) + " did not answer within "
                    + Values.format(app.timeouts().response()) + " (timeout.response)";
            case "body_too_large" -> "request body larger than " + app.maxBody() + " bytes (max.body)";
            case "websocket_limit" -> app.webSockets().max() + " WebSockets already open (websocket.max)";
            case "no_route" -> "no app serves this host name";
            default -> r.failure().replace('_', ' ');
        };
    }

    /** Refused at once, or no answer within {@code timeout.connect}: the time it took tells them apart. */
    private static String connectFailure(AccessRecord r, AppConfig app) {
        long connectNanos = app.timeouts().connect().toNanos();
        long spent = r.durationNanos() - r.queueNanos();
        if (spent >= connectNanos * 9 / 10) {
            return "upstream " + backends(app) + " did not accept the connection within "
                    + Values.format(app.timeouts().connect()) + " (timeout.connect)";
        }
        return "upstream " + backends(app) + " refused the connection (is the app running?)";
    }

    private static String backends(AppConfig app) {
        return app.backends().stream().map(Backend::toString).collect(Collectors.joining(", "));
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String seconds(long nanos) {
        long micros = nanos / 1000;
        StringBuilder b = new StringBuilder(12).append(micros / 1_000_000).append('.');
        String frac = Long.toString(micros / 1000 % 1000);
        b.append("000", 0, 3 - frac.length()).append(frac);
        return b.toString();
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Escapes quotes, backslashes and control characters so that one record stays one line. */
    private static void quoted(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                b.append(c);
            }
        }
    }
}

package dev.portico.loadtest.gen;

import java.util.Map;

/**
 * One workload's outcome: requests sent, answers by status (and failures by kind), answers per second,
 * body megabytes per second, latency from the intended send time ({@code latency}, what a visitor saw)
 * and from the actual write ({@code serviceLatency}).
 */
public record FlowResult(String label, String target, String plan, double seconds, long sent, long answered,
                         Map<String, Long> statuses, double rps, double mbPerSecond, Latency latency,
                         Latency serviceLatency) {

    /** How many answers had {@code status} ({@code "200"}, {@code "503"}, {@code "reset"}, ...). */
    public long count(String status) {
        return statuses.getOrDefault(status, 0L);
    }

    /** Answers outside 2xx/3xx plus failures without an answer. */
    public long failures() {
        long bad = 0;
        for (var e : statuses.entrySet()) {
            String k = e.getKey();
            boolean ok = k.length() == 3 && (k.charAt(0) == '2' || k.charAt(0) == '3');
            if (!ok) {
                bad += e.getValue();
            }
        }
        return bad;
    }

    /** Statuses as {@code 200: 9998, 503: 2}. */
    public String statusText() {
        StringBuilder sb = new StringBuilder();
        statuses.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
        return sb.length() == 0 ? "none" : sb.toString();
    }
}

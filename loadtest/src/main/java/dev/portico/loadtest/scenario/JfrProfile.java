package dev.portico.loadtest.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the gateway: where CPU samples land (the hottest methods, and the
 * gateway's own frames nearest the top of each stack), what is allocated and from which gateway frame,
 * garbage collection pauses, and any thread that blocked on a lock or parked inside gateway code.
 */
final class JfrProfile {

    private static final String OURS = "dev.portico.gateway.";

    final Map<String, Long> hotMethods = new HashMap<>();
    final Map<String, Long> hotGatewayFrames = new HashMap<>();
    final Map<String, Long> allocatedClasses = new HashMap<>();
    final Map<String, Long> allocationSites = new HashMap<>();
    final Map<String, Long> blocking = new HashMap<>();
    long cpuSamples;
    long allocatedBytes;
    long gcCount;
    Duration gcPauses = Duration.ZERO;
    Duration longestPause = Duration.ZERO;

    static JfrProfile read(Path file) throws IOException {
        JfrProfile p = new JfrProfile();
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                p.add(f.readEvent());
            }
        }
        return p;
    }

    private void add(RecordedEvent e) {
        String type = e.getEventType().getName();
        switch (type) {
            case "jdk.ExecutionSample" -> {
                cpuSamples++;
                RecordedStackTrace st = e.getStackTrace();
                if (st != null && !st.getFrames().isEmpty()) {
                    hotMethods.merge(frame(st.getFrames().get(0)), 1L, Long::sum);
                    String mine = firstOurs(st);
                    if (mine != null) {
                        hotGatewayFrames.merge(mine, 1L, Long::sum);
                    }
                }
            }
            case "jdk.ObjectAllocationSample" -> {
                long w = e.getLong("weight");
                allocatedBytes += w;
                allocatedClasses.merge(e.getClass("objectClass").getName(), w, Long::sum);
                String mine = e.getStackTrace() == null ? null : firstOurs(e.getStackTrace());
                allocationSites.merge(mine == null ? "(outside gateway code)" : mine, w, Long::sum);
            }
            case "jdk.GarbageCollection" -> {
                gcCount++;
                Duration d = e.getDuration("sumOfPauses");
                gcPauses = gcPauses.plus(d);
                if (d.compareTo(longestPause) > 0) {
                    longestPause = d;
                }
            }
            case "jdk.JavaMonitorEnter", "jdk.ThreadPark" -> {
                String mine = e.getStackTrace() == null ? null : firstOurs(e.getStackTrace());
                String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
                if (mine != null && thread != null && thread.startsWith("portico-loop")) {
                    blocking.merge(type.substring(4) + " in " + mine, 1L, Long::sum);
                }
            }
            default -> {
                // other events are not summarised
            }
        }
    }

    private static String firstOurs(RecordedStackTrace st) {
        for (RecordedFrame f : st.getFrames()) {
            if (f.getMethod() != null && f.getMethod().getType().getName().startsWith(OURS)) {
                return frame(f);
            }
        }
        return null;
    }

    private static String frame(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** The {@code n} largest entries, largest first. */
    static List<Map.Entry<String, Long>> top(Map<String, Long> m, int n) {
        List<Map.Entry<String, Long>> l = new ArrayList<>(m.entrySet());
        l.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return l.subList(0, Math.min(n, l.size()));
    }

    /** Writes the profile into the findings as tables and notes. */
    void report(Findings f, double seconds, long requests) {
        List<List<String>> hot = new ArrayList<>();
        for (var e : top(hotMethods, 12)) {
            hot.add(List.of(e.getKey(), pct(e.getValue(), cpuSamples)));
        }
        f.table("JFR: hottest methods (share of " + cpuSamples + " CPU samples, top frame)", List.of("method", "samples"), hot);
        List<List<String>> ours = new ArrayList<>();
        for (var e : top(hotGatewayFrames, 12)) {
            ours.add(List.of(e.getKey(), pct(e.getValue(), cpuSamples)));
        }
        f.table("JFR: gateway frames nearest the top of each CPU sample (inclusive of what they call)",
                List.of("gateway frame", "samples"), ours);
        List<List<String>> alloc = new ArrayList<>();
        for (var e : top(allocatedClasses, 10)) {
            alloc.add(List.of(e.getKey(), pct(e.getValue(), allocatedBytes)));
        }
        f.table("JFR: allocated classes (share of sampled bytes)", List.of("class", "bytes"), alloc);
        List<List<String>> sites = new ArrayList<>();
        for (var e : top(allocationSites, 10)) {
            sites.add(List.of(e.getKey(), pct(e.getValue(), allocatedBytes)));
        }
        f.table("JFR: allocation sites (nearest gateway frame)", List.of("gateway frame", "bytes"), sites);
        double perRequest = requests == 0 ? 0 : allocatedBytes / (double) requests;
        f.note(String.format("JFR: %d CPU samples; about %.1f MB/s allocated (%.0f bytes per request over %d"
                        + " requests, from JFR's sampled weights); %d collections, %.0f ms paused in total, longest %.1f ms.",
                cpuSamples, allocatedBytes / 1e6 / seconds, perRequest, requests, gcCount,
                gcPauses.toNanos() / 1e6, longestPause.toNanos() / 1e6));
        if (blocking.isEmpty()) {
            f.note("JFR: no event-loop thread blocked on a monitor or parked inside gateway code "
                    + "(jdk.JavaMonitorEnter / jdk.ThreadPark above the profile thresholds).");
        } else {
            f.note("JFR: event-loop threads blocked inside gateway code: " + top(blocking, 5));
        }
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "0" : String.format("%.1f%%", 100.0 * part / whole);
    }

    static Map<String, Long> ordered(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        top(m, m.size()).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}

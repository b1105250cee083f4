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
    final Map<String, Duration> blockingLongest = new HashMap<>();
    final Map<String, Long> nativeMethods = new HashMap<>();
    long cpuSamples;
    long nativeSamples;
    long classLoadingBlocks;
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
                RecordedStackTrace st = e.getStackTrace();
                var sampled = e.getThread("sampledThread");
                if (st != null && !st.getFrames().isEmpty() && sampled != null && sampled.getJavaName() != null
                        && sampled.getJavaName().startsWith("portico-loop")) {
                    cpuSamples++;
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
            case "jdk.NativeMethodSample" -> {
                RecordedStackTrace st = e.getStackTrace();
                String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
                if (st != null && !st.getFrames().isEmpty() && thread != null && thread.startsWith("portico-loop")) {
                    nativeSamples++;
                    nativeMethods.merge(frame(st.getFrames().get(0)), 1L, Long::sum);
                }
            }
            case "jdk.JavaMonitorEnter", "jdk.ThreadPark" -> {
                RecordedStackTrace st = e.getStackTrace();
                String mine = st == null ? null : firstOurs(st);
                String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
                boolean classLoading = st != null && st.getFrames().stream().anyMatch(fr -> fr.getMethod() != null
                        && fr.getMethod().getName().equals("loadClass"));
                if (classLoading) {
                    classLoadingBlocks++;
                } else if (mine != null && thread != null && thread.startsWith("portico-loop")) {
                    String key = type.substring(4) + " in " + mine + " (via " + callerBelow(st, mine) + ")";
                    blocking.merge(key, 1L, Long::sum);
                    blockingLongest.merge(key, e.getDuration(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
            default -> {
                // other events are not summarised
            }
        }
    }

    /** The frame the gateway frame called on the way to the block (the library that blocked). */
    private static String callerBelow(RecordedStackTrace st, String mine) {
        List<RecordedFrame> frames = st.getFrames();
        for (int i = 1; i < frames.size(); i++) {
            if (frame(frames.get(i)).equals(mine)) {
                return frame(frames.get(i - 1));
            }
        }
        return "?";
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
        f.table("JFR: hottest methods on the event loops (share of " + cpuSamples + " samples in Java code, top frame)", List.of("method", "samples"), hot);
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
        String perRequest = requests == 0 ? "" : String.format(" (%.0f bytes per request over %d requests)",
                allocatedBytes / (double) requests, requests);
        f.note(String.format("JFR: %d CPU samples; about %.1f MB/s allocated%s, from JFR's sampled weights; %d "
                        + "collections, %.0f ms paused in total, longest %.1f ms.", cpuSamples,
                allocatedBytes / 1e6 / seconds, perRequest, gcCount, gcPauses.toNanos() / 1e6,
                longestPause.toNanos() / 1e6));
        List<List<String>> nat = new ArrayList<>();
        for (var e : top(nativeMethods, 6)) {
            nat.add(List.of(e.getKey(), pct(e.getValue(), nativeSamples)));
        }
        f.table("JFR: event-loop threads in native code (" + nativeSamples + " samples; JFR samples Java and native "
                + "code separately)", List.of("native method", "samples"), nat);
        if (blocking.isEmpty()) {
            f.note("JFR: no event-loop thread blocked on a monitor or parked inside gateway code "
                    + "(jdk.JavaMonitorEnter / jdk.ThreadPark above the profile thresholds), apart from "
                    + classLoadingBlocks + " waits for class loading on first use.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (var e : top(blocking, 6)) {
                rows.add(List.of(e.getKey(), Long.toString(e.getValue()),
                        String.format("%.1f", blockingLongest.get(e.getKey()).toNanos() / 1e6)));
            }
            f.table("JFR: event-loop threads blocked inside gateway code (events above JFR's 10-20 ms thresholds)",
                    List.of("where", "events", "longest ms"), rows);
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

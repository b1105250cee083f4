package dev.portico.loadtest.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time (user + system) a process and its children have used, from {@code /proc/<pid>/stat}. On a
 * machine whose cores are all busy, the CPU a proxy spends per request is the comparison that noise
 * from other work disturbs least.
 */
public final class CpuTime {

    private static final long TICKS_PER_SECOND = ticks();

    private CpuTime() {
    }

    /** Milliseconds of CPU used so far by {@code pid} and every descendant (nginx's and HAProxy's workers). */
    public static long treeMillis(long pid) {
        long ticks = ticksOf(pid);
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            ticks += handle.get().descendants().mapToLong(h -> ticksOf(h.pid())).sum();
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /**
     * Milliseconds of CPU a JVM's threads have used, by kind: {@code event loops} (threads named
     * {@code portico-loop-*}), {@code garbage collection} (GC workers, G1's threads, the VM thread),
     * {@code JIT compiler}, {@code other}.
     */
    public static Map<String, Long> jvmThreadMillis(long pid) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String kind : List.of("event loops", "garbage collection", "JIT compiler", "other")) {
            out.put(kind, 0L);
        }
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String name = Files.readString(t.resolve("comm")).strip();
                String kind = name.startsWith("portico-loop") ? "event loops"
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")
                        || name.startsWith("GC ") ? "garbage collection"
                        : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "JIT compiler" : "other";
                out.merge(kind, ticksOf(t.resolve("stat")) * 1000 / TICKS_PER_SECOND, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Milliseconds of CPU the JVM {@code pid}'s JIT compiler threads have used (0 for other programs). */
    public static long compilerMillis(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String name = Files.readString(t.resolve("comm")).strip();
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    ticks += ticksOf(t.resolve("stat"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    private static long ticksOf(long pid) {
        return ticksOf(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long ticksOf(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // the command name (field 2) may hold spaces; fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks() {
        try {
            return Long.parseLong(Programs.run(List.of("getconf", "CLK_TCK"), 5).strip());
        } catch (Exception e) {
            return 100;
        }
    }
}

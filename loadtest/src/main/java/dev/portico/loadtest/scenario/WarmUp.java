package dev.portico.loadtest.scenario;

import dev.portico.loadtest.peer.CpuTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Warms a target up until it has settled: 5-second chunks of load until its CPU per request is within
 * 5% of the chunk before and, for a JVM, its JIT compiler threads used under 100 ms in the chunk; at
 * least {@code minimumSeconds}, at most 180 s. On busy cores a JVM's JIT needs far longer than nginx's
 * or HAProxy's caches; a fixed warm-up would measure it half compiled.
 */
final class WarmUp {

    static final int CHUNK_SECONDS = 5;
    private static final int MAX_SECONDS = 180;

    /** Five seconds of load; returns how many requests were answered. */
    @FunctionalInterface
    interface Chunk {
        long run() throws Exception;
    }

    private WarmUp() {
    }

    /** Returns the seconds it took; the trajectory goes into {@code findings}. */
    static int untilSteady(String target, long pid, long minimumSeconds, Findings findings, Chunk chunk)
            throws Exception {
        double last = 0;
        List<Double> trajectory = new ArrayList<>();
        List<Long> compiling = new ArrayList<>();
        for (int elapsed = 0; elapsed < MAX_SECONDS; elapsed += CHUNK_SECONDS) {
            long cpu0 = CpuTime.treeMillis(pid);
            long jit0 = CpuTime.compilerMillis(pid);
            long requests = chunk.run();
            double cpu = (CpuTime.treeMillis(pid) - cpu0) * 1000.0 / Math.max(1, requests);
            long jit = CpuTime.compilerMillis(pid) - jit0;
            trajectory.add(Math.round(cpu * 10) / 10.0);
            compiling.add(jit);
            boolean settled = last > 0 && Math.abs(cpu - last) / last < 0.05 && jit < 100;
            last = cpu;
            if (settled && elapsed + CHUNK_SECONDS >= minimumSeconds) {
                break;
            }
        }
        int seconds = trajectory.size() * CHUNK_SECONDS;
        ScenarioCommand.log("warmed up %-8s %3d s; CPU us/request per %d s: %s; JIT compiler ms: %s", target, seconds,
                CHUNK_SECONDS, trajectory, compiling);
        findings.run("phase", "warm-up", "target", target, "seconds", seconds, "cpuMicrosPerRequest", trajectory,
                "jitCompilerMillis", compiling);
        return seconds;
    }
}

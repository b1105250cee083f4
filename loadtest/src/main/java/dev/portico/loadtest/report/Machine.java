package dev.portico.loadtest.report;

import dev.portico.loadtest.peer.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine a scenario ran on: CPU, cores, memory, kernel, JVM, the peer tools' versions, and the
 * load average before and after (other work on a shared machine shows up there).
 */
public record Machine(String cpu, int cores, long memoryMib, String kernel, String java, Map<String, String> tools,
                      String loadBefore, String loadAfter) {

    public static Machine describe() {
        String cpu = firstMatching(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^model name\\s*:\\s*", "");
        String mem = firstMatching(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
        Map<String, String> tools = new LinkedHashMap<>();
        tool(tools, "nginx", List.of("-v"));
        tool(tools, "haproxy", List.of("-v"));
        tool(tools, "wrk", List.of("--version"));
        tool(tools, "h2load", List.of("--version"));
        tool(tools, "openssl", List.of("version"));
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(),
                mem.isEmpty() ? 0 : Long.parseLong(mem) / 1024, System.getProperty("os.name") + " "
                + System.getProperty("os.version"), System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"), tools, loadAverage(), null);
    }

    public Machine finished() {
        return new Machine(cpu, cores, memoryMib, kernel, java, tools, loadBefore, loadAverage());
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void tool(Map<String, String> tools, String program, List<String> args) {
        Path p = Programs.find(program);
        if (p == null) {
            tools.put(program, "not installed");
            return;
        }
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(p.toString()));
            cmd.addAll(args);
            String out = Programs.output(cmd, 10).strip();
            tools.put(program, out.lines().findFirst().orElse("?").replaceFirst("^nginx version: ", ""));
        } catch (IOException | InterruptedException e) {
            tools.put(program, "?");
        }
    }

    private static String firstMatching(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}

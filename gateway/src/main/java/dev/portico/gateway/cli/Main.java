package dev.portico.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar portico.jar <command>}. */
@Command(name = "portico", mixinStandardHelpOptions = true, version = "Portico 0.1.0",
        description = "Gateway for hosted web apps: HTTPS edge, per-app limits, uwsgi, static files, egress proxy.",
        subcommands = {RunCommand.class, CheckCommand.class, DemoCommand.class, CertsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        productionDefaults();
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("run") && !args[0].equals("demo")) {
            System.exit(code);
        }
    }

    /**
     * Netty samples one buffer in 128 for leak tracking unless told otherwise, which costs a few percent
     * of CPU on every request; the gateway runs without it. Netty's allocator also has JFR events of its
     * own, whose first use sets up JFR's event metadata in the middle of the first request (about 0.1 s);
     * they are off too. Buffers come from Netty's pooled allocator, and its small buffer objects are made
     * new rather than recycled through queues shared between threads: 7-17% less CPU per proxied
     * request than Netty's defaults in the benchmarks. The pooled allocator's count of pinned bytes, a
     * shared counter updated on every allocation and release that only its {@code pinnedDirectMemory()}
     * reads (the gateway never does), is off. Any of these given on the command line still wins (the
     * test suite runs leak detection at {@code paranoid}; {@code -Dio.netty.jfr.enabled=true} brings the
     * allocator's events back).
     */
    static void productionDefaults() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        if (System.getProperty("io.netty.allocator.type") == null) {
            System.setProperty("io.netty.allocator.type", "pooled");
        }
        if (System.getProperty("io.netty.recycler.maxCapacityPerThread") == null) {
            System.setProperty("io.netty.recycler.maxCapacityPerThread", "0");
        }
        if (System.getProperty("io.netty.trackPinnedMemory") == null) {
            System.setProperty("io.netty.trackPinnedMemory", "false");
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

package dev.portico.loadtest.peer;

import dev.portico.loadtest.relay.Relay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Relay} in its own JVM ({@code relay --mode tcp|http}), so that its CPU can be read apart, with
 * the JVM options given to the gateway and the Netty settings the gateway's {@code run} picks for itself.
 */
public final class NettyRelay implements AutoCloseable {

    /** What {@code run} sets unless told otherwise (see the gateway's {@code Main.productionDefaults}). */
    private static final List<String> NETTY_AS_RUN = List.of("-Dio.netty.leakDetection.level=disabled",
            "-Dio.netty.jfr.enabled=false", "-Dio.netty.allocator.type=pooled",
            "-Dio.netty.recycler.maxCapacityPerThread=0", "-Dio.netty.trackPinnedMemory=false");

    private final Service service;
    private final int port;

    private NettyRelay(Service service, int port) {
        this.service = service;
        this.port = port;
    }

    public static NettyRelay start(Relay.Mode mode, int appPort, Path workDir, List<String> jvmOptions)
            throws IOException, InterruptedException {
        String name = mode.name().toLowerCase(Locale.ROOT);
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.addAll(NETTY_AS_RUN);
        Service s = Service.start("relay " + name, Java.self(jvm, "dev.portico.loadtest.Main",
                List.of("relay", "--to", "127.0.0.1:" + appPort, "--mode", name)), workDir,
                workDir.resolve("relay-" + name + ".log"));
        try {
            List<String> lines = s.awaitLog(l -> l.stream().anyMatch(x -> x.startsWith("relaying ")), 30_000);
            String line = lines.stream().filter(x -> x.startsWith("relaying ")).findFirst().orElseThrow();
            return new NettyRelay(s, Integer.parseInt(line.substring(line.indexOf(':') + 1, line.indexOf(' ', 9))));
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public Service service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}

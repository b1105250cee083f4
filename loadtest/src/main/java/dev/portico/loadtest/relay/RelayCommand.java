package dev.portico.loadtest.relay;

import dev.portico.loadtest.app.AppUri;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relay --to 127.0.0.1:9101 --mode tcp|http}: starts a {@link Relay}, prints
 * {@code relaying 127.0.0.1:<port> (<mode>)} once it listens, and runs until SIGTERM.
 */
@Command(name = "relay", description = "Run a bare Netty relay (tcp: bytes only; http: through Netty's HTTP codecs "
        + "only) in front of one app until SIGTERM, as a floor for a proxy built on Netty.")
public final class RelayCommand implements Callable<Integer> {

    @Option(names = "--to", required = true, description = "the app: host:port")
    String to;

    @Option(names = "--mode", defaultValue = "tcp", description = "tcp or http (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--port", defaultValue = "0", description = "port on 127.0.0.1 (default: any free one)")
    int port;

    @Option(names = "--threads", defaultValue = "2", description = "event loop threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        Relay.Mode m = switch (mode.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Relay.Mode.TCP;
            case "http" -> Relay.Mode.HTTP;
            default -> null;
        };
        if (m == null) {
            System.err.println("relay: --mode " + mode + " (expected tcp or http)");
            return 2;
        }
        InetSocketAddress app = AppUri.hostPort(to);
        if (app == null) {
            System.err.println("relay: --to " + to + " (expected host:port, such as 127.0.0.1:9101)");
            return 2;
        }
        Relay relay = Relay.start(m, port, app, threads);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stopped.countDown();
        }, "relay-shutdown"));
        System.out.println("relaying 127.0.0.1:" + relay.port() + " (" + m.name().toLowerCase(Locale.ROOT) + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}

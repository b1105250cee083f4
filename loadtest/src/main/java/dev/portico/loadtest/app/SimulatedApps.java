package dev.portico.loadtest.app;

import dev.portico.loadtest.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Several simulated apps sharing one event loop group; closing stops them all. */
public final class SimulatedApps implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<SimulatedApp> apps = new ArrayList<>();

    private SimulatedApps(EventLoopGroup group) {
        this.group = group;
    }

    /** Starts every app of {@code specs}; if one cannot listen, stops those already started and throws. */
    public static SimulatedApps start(List<AppSpec> specs, int threads) throws InterruptedException {
        Transport transport = Transport.DEFAULT;
        SimulatedApps all = new SimulatedApps(transport.newGroup(threads, "app-loop"));
        try {
            for (AppSpec spec : specs) {
                all.apps.add(SimulatedApp.start(spec, all.group, transport));
            }
        } catch (RuntimeException | InterruptedException e) {
            all.close();
            throw e;
        }
        return all;
    }

    public List<SimulatedApp> apps() {
        return List.copyOf(apps);
    }

    /** The app named {@code name}. */
    public SimulatedApp app(String name) {
        return apps.stream().filter(a -> a.spec().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no app named " + name));
    }

    @Override
    public void close() {
        apps.forEach(SimulatedApp::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

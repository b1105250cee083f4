package dev.portico.loadtest.gen;

import dev.portico.loadtest.Transport;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Runs workloads on its own event loops and measures them: every workload starts at the same instant,
 * its connections and arrival rate split over the loops; a progress line is printed every second; the
 * run ends when every workload's duration passed and its last requests were answered or timed out.
 */
public final class Generator implements AutoCloseable {

    private final EventLoopGroup group;
    private final int threads;
    private final PrintStream progress;

    /** @param progress where the one-line progress display goes every second; null for none */
    public Generator(int threads, PrintStream progress) {
        this.threads = threads;
        this.group = Transport.DEFAULT.newGroup(threads, "loadgen");
        this.progress = progress;
    }

    /** Runs {@code workloads} together; blocks until they are done; one result each, in order. */
    public List<FlowResult> run(List<Workload> workloads) throws InterruptedException {
        List<Tally> tallies = new ArrayList<>();
        List<List<LoopDriver>> drivers = new ArrayList<>();
        int total = 0;
        for (Workload w : workloads) {
            total += Math.min(threads, w.plan().connections());
        }
        CountDownLatch finished = new CountDownLatch(total);
        for (Workload w : workloads) {
            Tally tally = new Tally();
            tallies.add(tally);
            SslContext tls = sslContext(w.target());
            int loops = Math.min(threads, w.plan().connections());
            List<LoopDriver> mine = new ArrayList<>();
            for (int i = 0; i < loops; i++) {
                int conns = w.plan().connections() / loops + (i < w.plan().connections() % loops ? 1 : 0);
                double rate = w.plan().rate() * conns / w.plan().connections();
                EventLoop loop = group.next();
                mine.add(new LoopDriver(w, loop, tally, new Connector(w.target(), tls, loop), conns, rate,
                        finished::countDown));
            }
            drivers.add(mine);
        }
        CountDownLatch connected = new CountDownLatch(total);
        drivers.forEach(list -> list.forEach(d -> d.prepare(connected::countDown)));
        connected.await(10, TimeUnit.SECONDS);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        drivers.forEach(list -> list.forEach(d -> d.start(start)));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadgen-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> report(workloads, tallies, start), 1050, 1000, TimeUnit.MILLISECONDS);
        long longest = workloads.stream().mapToLong(w -> w.plan().duration().toMillis()).max().orElse(0);
        boolean ended = finished.await(longest + 20_000, TimeUnit.MILLISECONDS);
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        if (!ended) {
            throw new IllegalStateException("the load generator did not finish within its duration + 20 s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<FlowResult> results = new ArrayList<>();
        for (int i = 0; i < workloads.size(); i++) {
            Workload w = workloads.get(i);
            Tally t = tallies.get(i);
            t.interval();
            long sent = drivers.get(i).stream().mapToLong(LoopDriver::sent).sum();
            double runSeconds = Math.min(seconds, w.plan().duration().toNanos() / 1e9);
            Map<String, Long> statuses = t.statuses();
            long answered = t.totalCorrected().getTotalCount() - statuses.getOrDefault("timeout", 0L);
            results.add(new FlowResult(w.label(), w.target().describe(), w.plan().describe(), runSeconds, sent,
                    answered, statuses, round(answered / runSeconds), round(t.bytes() / 1e6 / runSeconds),
                    Latency.of(t.totalCorrected()), Latency.of(t.totalUncorrected())));
        }
        return results;
    }

    private void report(List<Workload> workloads, List<Tally> tallies, long start) {
        if (progress == null) {
            return;
        }
        StringBuilder line = new StringBuilder(String.format("[%3ds]", Math.round((System.nanoTime() - start) / 1e9)));
        for (int i = 0; i < workloads.size(); i++) {
            var h = tallies.get(i).interval();
            line.append(i == 0 ? " " : " | ").append(workloads.get(i).label()).append(' ')
                    .append(h.getTotalCount()).append("/s p50 ").append(ms(h.getValueAtPercentile(50)))
                    .append(" p99 ").append(ms(h.getValueAtPercentile(99))).append(" max ")
                    .append(ms(h.getMaxValue())).append(" ms ").append(compact(tallies.get(i).statuses()));
        }
        progress.println(line);
        progress.flush();
    }

    private static String compact(Map<String, Long> statuses) {
        StringBuilder sb = new StringBuilder();
        statuses.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append(':').append(v));
        return sb.toString();
    }

    private static String ms(double micros) {
        return String.format("%.2f", micros / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static SslContext sslContext(Target t) {
        if (t.tls() == null) {
            return null;
        }
        SslProvider provider = t.tls().provider().equals("openssl") ? SslProvider.OPENSSL : SslProvider.JDK;
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider).trustManager(t.tls().ca().toFile());
            if (t.tls().groups() != null) {
                b.option(OpenSslContextOption.GROUPS, t.tls().groups().split(":"));
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build a TLS client trusting " + t.tls().ca() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

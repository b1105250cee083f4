package dev.portico.gateway.egress;

import dev.portico.gateway.metrics.Metrics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where egress decisions go: one line each on the logger {@code portico.egress.audit} (route it to a
 * file of its own in the logging config), and {@code portico_egress_requests_total{tier,decision}}.
 * Event loops only hand the line over; a thread of its own writes it, and when it falls behind by a
 * full queue, lines are dropped and counted rather than stalling traffic.
 */
final class AuditLog implements AutoCloseable {

    static final String LOGGER = "portico.egress.audit";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final Metrics metrics;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(65_536);
    private final Thread writer;

    AuditLog(Metrics metrics) {
        this.metrics = metrics;
        this.writer = new Thread(this::write, "portico-egress-audit");
        writer.setDaemon(true);
        writer.start();
    }

    void record(AuditRecord r) {
        metrics.egress(r.tier(), r.decision());
        if (!lines.offer(r.line())) {
            metrics.logLineDropped();
        }
    }

    private void write() {
        try {
            while (true) {
                log.info(lines.take());
            }
        } catch (InterruptedException e) {
            String rest;
            while ((rest = lines.poll()) != null) {
                log.info(rest);
            }
        }
    }

    @Override
    public void close() {
        writer.interrupt();
    }
}

package dev.portico.gateway.egress;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the lines of the egress audit log while a test runs. */
final class AuditCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    AuditCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    List<String> lines() {
        synchronized (appender) { // AppenderBase appends under its own lock
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits for a line holding every one of {@code parts}, and returns it. */
    String line(String... parts) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (String line : lines()) {
                boolean all = true;
                for (String p : parts) {
                    all &= line.contains(p);
                }
                if (all) {
                    found[0] = line;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}

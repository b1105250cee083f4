package dev.portico.gateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.AppConfigParser;
import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.config.PropertiesFile;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.proxy.AccessRecord;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppLogsTest {

    @TempDir
    Path dir;
    final Metrics metrics = new Metrics();

    private static AccessRecord record(String app, int status, String failure, String uri) {
        return new AccessRecord(app, "192.0.2.7", 1_700_000_000_000L, "GET", uri, "HTTP/1.1", status, 123,
                null, "curl/8.0", app + ".test", "req-1", 12_345_678, 2_000_000, 10_000_000, failure);
    }

    private static AppConfig app(String name, String text) {
        List<dev.portico.gateway.config.ConfigProblem> problems = new ArrayList<>();
        return AppConfigParser.parse(name, PropertiesFile.parse(text, "apps/" + name + ".properties", problems),
                Path.of(".")).orElseThrow(() -> new AssertionError(problems));
    }

    @Test
    void writesCombinedAccessLinesAndPlainWordErrorLinesPerApp() throws Exception {
        AppConfig shop = app("shop", "domains = shop.test\nbackends = http://127.0.0.1:9001\nworkers = 4\n"
                + "queue.size = 32\n");
        try (AppLogs logs = new AppLogs(new GatewayConfig.Logs(Optional.of(dir), 1 << 20, 3), metrics,
                name -> name.equals("shop") ? shop : null)) {
            logs.log(record("shop", 200, null, "/cart?id=\"1\""));
            logs.log(record("shop", 503, "queue_full", "/checkout"));
            logs.log(new AccessRecord("shop", "192.0.2.7", 1_700_000_000_000L, "GET", "/", "HTTP/1.1", 502, 0,
                    null, null, "shop.test", "req-2", 3_000_000, 0, 0, "upstream_connect"));
            logs.sync();
            String access = Files.readString(dir.resolve("shop.access.log"));
            String zone = java.time.format.DateTimeFormatter.ofPattern("Z").format(
                    java.time.Instant.ofEpochMilli(1_700_000_000_000L).atZone(ZoneId.systemDefault()));
            assertThat(access.lines()).hasSize(3);
            assertThat(access.lines().findFirst().orElseThrow()).matches(
                    "192\\.0\\.2\\.7 - - \\[\\d\\d/Nov/2023:\\d\\d:\\d\\d:20 \\" + zone + "] "
                            + "\"GET /cart\\?id=\\\\\"1\\\\\" HTTP/1\\.1\" 200 123 \"-\" \"curl/8\\.0\" "
                            + "rid=req-1 t=0\\.012 qt=0\\.002 ut=0\\.010 f=-");
            assertThat(access).contains("\" 503 123 ").contains("f=queue_full");
            String errors = Files.readString(dir.resolve("shop.error.log"));
            assertThat(errors.lines()).hasSize(2);
            assertThat(errors).contains("503 queue_full \"GET shop.test/checkout\" rid=req-1: queue full: 32 requests "
                    + "waiting for 4 busy workers (workers = 4, queue.size = 32)");
            assertThat(errors).contains("502 upstream_connect \"GET shop.test/\" rid=req-2: upstream "
                    + "http://127.0.0.1:9001 refused the connection (is the app running?)");
        }
    }

    /**
     * Nobody asks for a flush: the writer, which sleeps between batches instead of being woken for each
     * line, still gets every line to its file within a fraction of a second, in order.
     */
    @Test
    void linesReachTheirFilesOnTheirOwnSoonAfterBeingLogged() throws Exception {
        try (AppLogs logs = new AppLogs(new GatewayConfig.Logs(Optional.of(dir), 1 << 20, 3), metrics, name -> null)) {
            for (int i = 0; i < 500; i++) {
                logs.log(record("shop", 200, null, "/n" + i));
            }
            Path file = dir.resolve("shop.access.log");
            long deadline = System.nanoTime() + 3_000_000_000L;
            while ((!Files.exists(file) || Files.readString(file).lines().count() < 500)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(500);
            assertThat(lines.get(0)).contains("GET /n0 ");
            assertThat(lines.get(499)).contains("GET /n499 ");
        }
    }

    /**
     * Closing writes every line logged before it and finishes the archive a rotation started: a gateway
     * that stops loses no line.
     */
    @Test
    void closingWritesWhatWasStillQueuedAndFinishesArchives() throws Exception {
        AppLogs logs = new AppLogs(new GatewayConfig.Logs(Optional.of(dir), 1 << 20, 3), metrics, name -> null);
        Thread.sleep(100); // the writer has found the queue empty and sleeps
        int n = 12_000; // about 1.8 MB of lines: one rotation past 1 MiB, whose archive is being made at close
        for (int i = 0; i < n; i++) {
            logs.log(record("shop", 200, null, "/n" + i));
        }
        logs.close();
        assertThat(dir.resolve("shop.access.log.1.gz")).exists();
        long archived = 0;
        for (int k = 1; Files.exists(dir.resolve("shop.access.log." + k + ".gz")); k++) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("shop.access.log." + k + ".gz")))) {
                archived += new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
            }
        }
        assertThat(archived + Files.readAllLines(dir.resolve("shop.access.log")).size()).isEqualTo(n);
        assertThat(dropped()).isZero();
    }

    @Test
    void rotatesBySizeKeepingTheNewestCompressedFiles() throws Exception {
        try (AppLogs logs = new AppLogs(new GatewayConfig.Logs(Optional.of(dir), 2048, 3), metrics, n -> null)) {
            for (int i = 0; i < 200; i++) {
                logs.log(record("site", 200, null, "/page/" + i));
            }
            logs.sync();
            logs.archiver().awaitIdle();
        }
        assertThat(Files.size(dir.resolve("site.access.log"))).isLessThanOrEqualTo(2048);
        assertThat(dir.resolve("site.access.log.1.gz")).exists();
        assertThat(dir.resolve("site.access.log.3.gz")).exists();
        assertThat(dir.resolve("site.access.log.4.gz")).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("site.access.log", "site.access.log.1.gz", "site.access.log.2.gz",
                            "site.access.log.3.gz");
        }
        String newest = gunzip(dir.resolve("site.access.log.1.gz"));
        String older = gunzip(dir.resolve("site.access.log.2.gz"));
        assertThat(newest.lines()).allMatch(l -> l.startsWith("192.0.2.7 - - [") && l.endsWith("f=-"));
        assertThat(lastPage(older)).isLessThan(firstPage(newest));
        assertThat(lastPage(newest)).isLessThan(firstPage(Files.readString(dir.resolve("site.access.log"))));
        assertThat(lastPage(Files.readString(dir.resolve("site.access.log")))).isEqualTo(199);
    }

    @Test
    void rotatesWhenTheDayChanges() throws Exception {
        Archiver archiver = new Archiver();
        RotatingFile f = new RotatingFile(dir.resolve("a.access.log"), archiver, 1 << 20, 2, ZoneId.systemDefault());
        f.write("monday\n", LocalDate.of(2024, 5, 6));
        f.write("monday again\n", LocalDate.of(2024, 5, 6));
        f.write("tuesday\n", LocalDate.of(2024, 5, 7));
        f.close();
        archiver.awaitIdle();
        archiver.close();
        assertThat(Files.readString(dir.resolve("a.access.log"))).isEqualTo("tuesday\n");
        assertThat(gunzip(dir.resolve("a.access.log.1.gz"))).isEqualTo("monday\nmonday again\n");
    }

    @Test
    void tenThousandAppsNeverHoldMoreThanTheBoundOfFileHandles() throws Exception {
        long before = openDescriptors();
        try (AppLogs logs = new AppLogs(new GatewayConfig.Logs(Optional.of(dir), 1 << 20, 2), metrics, n -> null)) {
            int maxHandles = 0;
            long maxDescriptors = 0;
            for (int i = 0; i < 10_000; i++) {
                logs.log(record("app" + i, i % 10 == 0 ? 503 : 200, i % 10 == 0 ? "queue_full" : null, "/"));
                if (i % 500 == 499) {
                    logs.sync();
                    maxHandles = Math.max(maxHandles, logs.openHandles());
                    maxDescriptors = Math.max(maxDescriptors, openDescriptors() - before);
                }
            }
            logs.sync();
            assertThat(maxHandles).isLessThanOrEqualTo(2 * AppLogs.MAX_OPEN + 16);
            assertThat(maxDescriptors).as("process file descriptors beyond the start").isLessThan(2 * AppLogs.MAX_OPEN + 64);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".access.log")).count()).isEqualTo(10_000);
            }
            assertThat(Files.readString(dir.resolve("app9990.error.log"))).contains("queue_full");
        }
        assertThat(openDescriptors() - before).as("handles left after close").isLessThan(16);
    }

    @Test
    void linesThatCannotBeWrittenAreDroppedAndCounted() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        try (AppLogs logs = new AppLogs(new GatewayConfig.Logs(Optional.of(notAFolder.resolve("logs")), 1 << 20, 2),
                metrics, n -> null)) {
            for (int i = 0; i < 5; i++) {
                logs.log(record("site", 200, null, "/"));
            }
            logs.sync();
        }
        assertThat(dropped()).isEqualTo(5);
    }

    private double dropped() {
        return metrics.registry().scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals("portico_log_lines_dropped"))
                .flatMap(m -> m.getDataPoints().stream())
                .mapToDouble(d -> ((CounterSnapshot.CounterDataPointSnapshot) d).getValue()).sum();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static int firstPage(String log) {
        return page(log.lines().findFirst().orElseThrow());
    }

    private static int lastPage(String log) {
        return page(log.lines().reduce((a, b) -> b).orElseThrow());
    }

    private static int page(String line) {
        int i = line.indexOf("/page/") + 6;
        return Integer.parseInt(line.substring(i, line.indexOf(' ', i)));
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

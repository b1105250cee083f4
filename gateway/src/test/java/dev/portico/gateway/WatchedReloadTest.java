package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.testing.Await;
import dev.portico.gateway.testing.Http;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.TestFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the file watch reloads: the files the gateway reads, when their content may have changed, and
 * nothing for the rest (its own output redirected into the folder, notes, a file's times or mode), so
 * that 100,000 apps are not put in force again for a log line. An edit made while another file was
 * broken is applied with the fix.
 */
class WatchedReloadTest {

    /** Longer than the watch's longest wait for a burst to settle (1 s), with room for the reload. */
    private static final long SETTLE_MILLIS = 1_800;

    @TempDir
    Path dir;
    SimpleBackend one;
    SimpleBackend two;
    TestFolder folder;
    Gateway gateway;

    @BeforeEach
    void backends() throws Exception {
        one = new SimpleBackend("one", 0);
        two = new SimpleBackend("two", 0);
        folder = new TestFolder(dir);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        one.close();
        two.close();
    }

    private void start() throws Exception {
        folder.app("a", "domains", "a.test", "backends", one.url());
        folder.app("b", "domains", "b.test", "backends", one.url());
        gateway = Gateway.start(dir);
        Thread.sleep(SETTLE_MILLIS); // whatever the start itself stirred up has settled
    }

    @Test
    void filesTheGatewayDoesNotReadCauseNoReload() throws Exception {
        start();
        double before = reloads("success");
        Path out = dir.resolve("gateway.log");
        for (int i = 0; i < 20; i++) { // the gateway's output, redirected into its own folder
            Files.writeString(out, "a line of output " + i + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Thread.sleep(30);
        }
        folder.write("NOTES.txt", "who owns what\n");
        folder.write("apps/README.txt", "one file per app\n");
        Thread.sleep(SETTLE_MILLIS);
        assertThat(reloads("success")).isEqualTo(before);

        folder.app("b", "domains", "b.test", "backends", two.url());
        Await.upTo5s(() -> Http.text(Http.get(gateway.port(Gateway.HTTP), "b.test", "/")).contains("two"));
        assertThat(Http.text(Http.get(gateway.port(Gateway.HTTP), "b.test", "/"))).contains("two");
        assertThat(reloads("success")).isEqualTo(before + 1);
    }

    @Test
    void anAppFileWhoseAccessTimeOrModeAloneChangedCausesNoReload() throws Exception {
        start();
        double before = reloads("success");
        Path a = dir.resolve("apps/a.properties");
        Files.setAttribute(a, "lastAccessTime", FileTime.from(Instant.now().plusSeconds(60)));
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-------"));
        Files.readString(a);
        Thread.sleep(SETTLE_MILLIS);
        assertThat(reloads("success")).isEqualTo(before);
        assertThat(Http.get(gateway.port(Gateway.HTTP), "a.test", "/").statusCode()).isEqualTo(200);
    }

    @Test
    void outputWrittenIntoTheFolderDoesNotRetryABrokenFileOverAndOver() throws Exception {
        start();
        folder.app("a", "domains", "a.test", "backends", one.url(), "workers", "many");
        Await.upTo5s(() -> reloads("failure") >= 1);
        Path out = dir.resolve("gateway.log");
        for (int i = 0; i < 10; i++) { // each refusal is logged: with the log here, one more event each time
            Files.writeString(out, "WARN config reload refused " + i + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Thread.sleep(150);
        }
        Thread.sleep(SETTLE_MILLIS);
        assertThat(reloads("failure")).isEqualTo(1);
        assertThat(Http.get(gateway.port(Gateway.HTTP), "a.test", "/").statusCode()).isEqualTo(200);
    }

    @Test
    void anEditMadeWhileAnotherFileWasBrokenIsAppliedWithTheFix() throws Exception {
        start();
        // one burst: b gains a domain (valid), a breaks; the reload is refused as a whole
        folder.app("b", "domains", "b.test, b2.test", "backends", two.url());
        folder.app("a", "domains", "a.test", "backends", one.url(), "workers", "many");
        Await.upTo5s(() -> reloads("failure") >= 1);
        assertThat(reloads("failure")).isEqualTo(1);
        assertThat(Http.text(Http.get(gateway.port(Gateway.HTTP), "b.test", "/"))).contains("one");

        double applied = reloads("success");
        folder.app("a", "domains", "a.test", "backends", one.url(), "workers", "3");
        Await.upTo5s(() -> reloads("success") > applied);
        assertThat(gateway.config().apps().get("a").limits().workers()).isEqualTo(3);
        assertThat(Http.text(Http.get(gateway.port(Gateway.HTTP), "b2.test", "/"))).contains("two");
        assertThat(Http.text(Http.get(gateway.port(Gateway.HTTP), "b.test", "/"))).contains("two");
    }

    @Test
    void aMountedConfigMapReloadsWhenItsDataLinkIsSwapped() throws Exception {
        // Kubernetes' atomic writer: apps/shop.properties -> ..data/shop.properties, ..data -> ..<time>/
        Path apps = dir.resolve("apps");
        Files.createDirectories(apps.resolve("..2026_11_30_a"));
        Files.writeString(apps.resolve("..2026_11_30_a/shop.properties"), "domains = shop.test\nbackends = " + one.url() + "\n");
        Files.createSymbolicLink(apps.resolve("..data"), Path.of("..2026_11_30_a"));
        Files.createSymbolicLink(apps.resolve("shop.properties"), Path.of("..data/shop.properties"));
        start();
        assertThat(Http.text(Http.get(gateway.port(Gateway.HTTP), "shop.test", "/"))).contains("one");

        Files.createDirectories(apps.resolve("..2026_11_30_b"));
        Files.writeString(apps.resolve("..2026_11_30_b/shop.properties"), "domains = shop.test\nbackends = " + two.url() + "\n");
        Files.createSymbolicLink(apps.resolve("..data_tmp"), Path.of("..2026_11_30_b"));
        Files.move(apps.resolve("..data_tmp"), apps.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Await.upTo5s(() -> Http.text(Http.get(gateway.port(Gateway.HTTP), "shop.test", "/")).contains("two"));
        assertThat(Http.text(Http.get(gateway.port(Gateway.HTTP), "shop.test", "/"))).contains("two");
    }

    private double reloads(String result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            gateway.metrics().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = Pattern.compile("portico_config_reloads_total\\{result=\"" + result + "\"} (\\S+)")
                .matcher(out.toString(StandardCharsets.UTF_8));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

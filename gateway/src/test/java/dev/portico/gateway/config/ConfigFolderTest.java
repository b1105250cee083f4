package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFolderTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryKeyOfAnApp() throws Exception {
        Path statics = Files.createDirectories(dir.resolve("site/static"));
        TestFolder f = new TestFolder(dir).app("alice",
                "domains", "Alice.Example.com., www.alice.example.com, *.alice.example.com",
                "backends", "http://127.0.0.1:9001, uwsgi+unix:///run/apps/alice.sock",
                "workers", "3", "queue.size", "7", "queue.timeout", "1500ms", "queue.full.delay", "0",
                "rate", "2.5", "rate.burst", "5", "timeout.connect", "1s", "timeout.response", "9s",
                "max.body", "2m", "circuit.failures", "3", "circuit.open", "20s",
                "static./static/", statics.toString(), "static./", "site", "static.cache", "1h",
                "static.index", "true", "websocket.idle", "5m", "websocket.max", "50",
                "auth.basic", "bob:{sha256}" + "a".repeat(64), "auth.forward", "true",
                "https.force", "true", "hsts", "365d");
        ConfigSnapshot s = new ConfigFolder(f.dir()).load();
        AppConfig a = s.apps().get("alice");
        assertThat(a.domains()).containsExactly("alice.example.com", "www.alice.example.com", "*.alice.example.com");
        assertThat(a.backends()).extracting(Backend::toString)
                .containsExactly("http://127.0.0.1:9001", "uwsgi+unix:///run/apps/alice.sock");
        assertThat(a.limits()).isEqualTo(new AppConfig.Limits(3, 7, Duration.ofMillis(1500), 2.5, 5, Duration.ZERO));
        assertThat(a.timeouts()).isEqualTo(new AppConfig.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(9)));
        assertThat(a.maxBody()).isEqualTo(2L * 1024 * 1024);
        assertThat(a.circuit()).isEqualTo(new AppConfig.Circuit(3, Duration.ofSeconds(20)));
        assertThat(a.staticFiles().mappings()).extracting(AppConfig.StaticFiles.Mapping::prefix)
                .containsExactly("/static/", "/"); // longest prefix first
        assertThat(a.staticFiles().mappings().get(1).folder()).isEqualTo(dir.resolve("site").normalize());
        assertThat(a.staticFiles().cache()).contains(Duration.ofHours(1));
        assertThat(a.webSockets()).isEqualTo(new AppConfig.WebSockets(Duration.ofMinutes(5), 50));
        assertThat(a.auth().users()).hasSize(1);
        assertThat(a.auth().forward()).isTrue();
        assertThat(a.https().hsts()).contains("max-age=31536000");
    }

    @Test
    void defaultsAreSensible() throws Exception {
        TestFolder f = new TestFolder(dir).app("plain", "domains", "plain.test", "backends", "http://127.0.0.1:1");
        AppConfig a = new ConfigFolder(f.dir()).load().apps().get("plain");
        assertThat(a.limits().workers()).isEqualTo(4);
        assertThat(a.limits().queueSize()).isEqualTo(32);
        assertThat(a.limits().queueTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.limits().rateLimited()).isFalse();
        assertThat(a.timeouts().response()).isEqualTo(Duration.ofSeconds(60));
        assertThat(a.auth().enabled()).isFalse();
    }

    @Test
    void everyProblemIsReportedWithFileAndKey() {
        TestFolder f = new TestFolder(dir)
                .app("broken", "domains", "ok.test, bad_domain!", "backends", "gopher://x, http://127.0.0.1:1",
                        "workers", "-3", "queue.timeout", "soon", "worker", "4", "static./s/", "/no/such/folder")
                .app("twin", "domains", "ok.test", "backends", "http://127.0.0.1:2")
                .app("empty", "workers", "2");
        f.gateway("listen.http", "nowhere");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigFolder(f.dir()).load());
        List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(lines).contains(
                "gateway.properties:listen.http: 'nowhere' (expected host:port, such as 127.0.0.1:8080)",
                "apps/broken.properties:workers: -3 (expected 1..100000)",
                "apps/broken.properties:queue.timeout: 'soon' (expected a duration such as 250ms, 5s, 2m, 1h or 7d)",
                "apps/empty.properties:domains: missing (expected a comma-separated list such as alice.example.com, "
                        + "*.alice.example.com)");
        assertThat(lines).anyMatch(l -> l.startsWith("apps/broken.properties:domains: 'bad_domain!'"));
        assertThat(lines).anyMatch(l -> l.startsWith("apps/broken.properties:backends: 'gopher://x'"));
        assertThat(lines).anyMatch(l -> l.startsWith("apps/broken.properties:worker: unknown key"));
        assertThat(lines).anyMatch(l -> l.startsWith("apps/broken.properties:static./s/: folder /no/such/folder"));
        assertThat(lines).noneMatch(l -> l.contains("twin") && l.contains("already belongs")); // broken was refused
    }

    @Test
    void aDomainBelongsToOneAppOnly() {
        TestFolder f = new TestFolder(dir)
                .app("a", "domains", "shared.test", "backends", "http://127.0.0.1:1")
                .app("b", "domains", "Shared.Test", "backends", "http://127.0.0.1:2");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigFolder(f.dir()).load());
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "apps/b.properties:domains: 'shared.test' already belongs to app a (expected each domain in one app only)");
    }

    @Test
    void reloadReadsOnlyWhatChanged() throws Exception {
        TestFolder f = new TestFolder(dir)
                .app("a", "domains", "a.test", "backends", "http://127.0.0.1:1")
                .app("b", "domains", "b.test", "backends", "http://127.0.0.1:2");
        ConfigFolder folder = new ConfigFolder(f.dir());
        ConfigSnapshot first = folder.load();
        Thread.sleep(10);
        f.app("b", "domains", "b.test", "backends", "http://127.0.0.1:3").app("c", "domains", "c.test",
                "backends", "http://127.0.0.1:4");
        ConfigSnapshot second = folder.reload(first);
        assertThat(second.apps().get("a")).isSameAs(first.apps().get("a"));
        assertThat(second.apps().get("b").backends().get(0).port()).isEqualTo(3);
        assertThat(second.apps()).containsKey("c");
        f.removeApp("a");
        assertThat(folder.reload(second).apps()).doesNotContainKey("a");
    }

    @Test
    void unsetEnvironmentTokenMeansNoToken() throws Exception {
        TestFolder f = new TestFolder(dir).gateway("admin.token", "${env:PORTICO_TEST_SURELY_UNSET_VARIABLE}");
        assertThat(new ConfigFolder(f.dir()).load().gateway().adminToken()).isEmpty();
    }

    @Test
    void checkSaysWhenTheFolderIsMissing() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigFolder(dir.resolve("nope")).load());
        assertThat(e.getMessage()).contains("is not a folder (expected a config folder with gateway.properties and apps/)");
    }
}

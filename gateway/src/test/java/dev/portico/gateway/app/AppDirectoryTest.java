package dev.portico.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.ConfigFolder;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppDirectoryTest {

    @Test
    void aLargeFirstConfigIsRoutedLikeAnyOther() throws Exception {
        int n = AppDirectory.PARALLEL_FROM + 7;
        TestFolder folder = new TestFolder(Files.createTempDirectory("portico-directory-"))
                .gateway("listen.http", "127.0.0.1:0");
        for (int i = 0; i < n; i++) {
            folder.app("app" + i, "domains", "app" + i + ".test, *.w" + i + ".test", "backends", "http://127.0.0.1:9");
        }
        ConfigSnapshot config = new ConfigFolder(folder.dir()).load();
        AppDirectory directory = new AppDirectory(new AppStates(new Metrics(), p -> null));

        directory.apply(config);

        AppDirectory.Snapshot s = directory.snapshot();
        assertThat(s.byName()).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(s.route("app" + i + ".test").name()).isEqualTo("app" + i);
            assertThat(s.route("x.y.w" + i + ".test").name()).isEqualTo("app" + i);
            assertThat(s.byName().get("app" + i).config()).isSameAs(config.apps().get("app" + i));
        }
        assertThat(s.route("w1.test")).as("a wildcard does not cover its own suffix").isNull();
        assertThat(s.route("nobody.test")).isNull();

        // the next full reload takes the usual path and keeps the apps whose config did not change
        App before = s.byName().get("app3");
        directory.apply(new ConfigFolder(folder.dir()).load());
        assertThat(directory.snapshot().byName().get("app3")).isSameAs(before);
        assertThat(directory.snapshot().route("app3.test")).isSameAs(before);
    }

    @Test
    void aFewChangedAppsArePutInForceLikeAFullRebuildWould() throws Exception {
        TestFolder folder = new TestFolder(Files.createTempDirectory("portico-directory-"));
        for (int i = 0; i < 20; i++) {
            folder.app("app" + i, "domains", "app" + i + ".test, *.w" + i + ".test", "backends", "http://127.0.0.1:9");
        }
        ConfigFolder configFolder = new ConfigFolder(folder.dir());
        ConfigSnapshot first = configFolder.load();
        AppDirectory directory = new AppDirectory(new AppStates(new Metrics(), p -> null));
        directory.apply(first);
        AppDirectory.Snapshot before = directory.snapshot();

        // app1 hands its name to app2 and changes backend, app3 goes, app20 comes; the rest stay
        folder.app("app1", "domains", "one.test", "backends", "http://127.0.0.1:10");
        folder.app("app2", "domains", "app2.test, app1.test, *.w2.test", "backends", "http://127.0.0.1:9");
        folder.removeApp("app3");
        folder.app("app20", "domains", "app20.test, *.w3.test", "backends", "http://127.0.0.1:9");
        Set<String> changed = Set.of("app1", "app2", "app3", "app20");
        ConfigSnapshot next = configFolder.reload(first, changed);
        directory.apply(next, changed);
        AppDirectory.Snapshot patched = directory.snapshot();

        AppDirectory rebuilt = new AppDirectory(new AppStates(new Metrics(), p -> null));
        rebuilt.apply(next);
        assertThat(patched.byName().keySet()).isEqualTo(rebuilt.snapshot().byName().keySet());
        for (String host : List.of("app0.test", "app1.test", "one.test", "app2.test", "app3.test", "x.w3.test",
                "app20.test", "x.w1.test", "a.b.w2.test", "app19.test", "x.w19.test", "nobody.test")) {
            App p = patched.route(host);
            App r = rebuilt.snapshot().route(host);
            assertThat(p == null ? null : p.name()).as(host).isEqualTo(r == null ? null : r.name());
        }
        assertThat(patched.route("app1.test").name()).isEqualTo("app2");
        assertThat(patched.route("app3.test")).isNull();
        assertThat(patched.route("x.w3.test").name()).isEqualTo("app20");
        assertThat(patched.byName().get("app1").config().backends()).isNotEqualTo(before.byName().get("app1").config().backends());
        assertThat(patched.byName().get("app7")).as("an app that did not change is kept as it is")
                .isSameAs(before.byName().get("app7"));
        assertThat(before.route("app3.test").name()).as("the snapshot in force before is not touched").isEqualTo("app3");
    }
}

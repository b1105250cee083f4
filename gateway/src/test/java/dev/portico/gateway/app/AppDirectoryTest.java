package dev.portico.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.ConfigFolder;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.metrics.Metrics;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
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

        // the next reload takes the usual path and keeps the apps whose config did not change
        App before = s.byName().get("app3");
        directory.apply(config);
        assertThat(directory.snapshot().byName().get("app3")).isSameAs(before);
        assertThat(directory.snapshot().route("app3.test")).isSameAs(before);
    }
}

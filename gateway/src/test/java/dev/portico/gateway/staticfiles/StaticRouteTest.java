package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.AppConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaticRouteTest {

    private static final AppConfig.StaticFiles FILES = new AppConfig.StaticFiles(List.of(
            new AppConfig.StaticFiles.Mapping("/static/img/", Path.of("/srv/img")),
            new AppConfig.StaticFiles.Mapping("/static/", Path.of("/srv/static")),
            new AppConfig.StaticFiles.Mapping("/media", Path.of("/srv/media"))), Optional.empty(), false);

    @Test
    void theLongestPrefixWinsAndTheRestIsKeptRaw() {
        StaticRoute.Match m = StaticRoute.match(FILES, "/static/img/a%20b.png?v=2");
        assertThat(m.mapping().folder()).isEqualTo(Path.of("/srv/img"));
        assertThat(m.rest()).isEqualTo("a%20b.png");
        assertThat(m.query()).isEqualTo("v=2");
        assertThat(m.path()).isEqualTo("/static/img/a%20b.png");
        assertThat(StaticRoute.match(FILES, "/static/css/x.css").mapping().folder()).isEqualTo(Path.of("/srv/static"));
    }

    @Test
    void aPrefixWithoutSlashOwnsOnlyWholeSegments() {
        assertThat(StaticRoute.match(FILES, "/media")).isNotNull();
        assertThat(StaticRoute.match(FILES, "/media/a.mp4").rest()).isEqualTo("/a.mp4");
        assertThat(StaticRoute.match(FILES, "/mediathek")).isNull();
    }

    @Test
    void otherPathsAndTargetsBelongToTheApp() {
        assertThat(StaticRoute.match(FILES, "/static")).isNull();
        assertThat(StaticRoute.match(FILES, "/")).isNull();
        assertThat(StaticRoute.match(FILES, "*")).isNull();
        assertThat(StaticRoute.match(FILES, "/st%61tic/x")).isNull();
        assertThat(StaticRoute.match(new AppConfig.StaticFiles(List.of(), Optional.empty(), false), "/static/x")).isNull();
    }

    @Test
    void absoluteFormIsReducedToItsPath() {
        assertThat(StaticRoute.match(FILES, "http://site.test/static/a.css").rest()).isEqualTo("a.css");
        assertThat(StaticRoute.match(FILES, "http://site.test")).isNull();
    }
}

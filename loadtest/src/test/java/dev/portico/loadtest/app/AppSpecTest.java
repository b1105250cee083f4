package dev.portico.loadtest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSpecTest {

    @Test
    void readsEveryUriForm(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("apps.spec");
        Files.writeString(file, """
                # demo apps
                http://127.0.0.1:9101 workers=4 service=exp:20ms name=shop

                uwsgi://127.0.0.1:9102 workers=2 service=fixed:5ms name=blog listen=10
                http+unix:///tmp/x.sock workers=1 service=bimodal:10ms,5s,0.01 name=wiki
                uwsgi+unix:///tmp/y.sock workers=8 service=fixed:0 name=api
                """);
        List<AppSpec> specs = AppSpec.read(file);
        assertThat(specs).hasSize(4);
        AppSpec shop = specs.get(0);
        assertThat(shop.uri()).isEqualTo(new AppUri(AppUri.Protocol.HTTP, "127.0.0.1", 9101, null));
        assertThat(shop.workers()).isEqualTo(4);
        assertThat(shop.service()).isEqualTo(new ServiceTime.Exponential(Duration.ofMillis(20)));
        assertThat(shop.listen()).isEqualTo(AppSpec.DEFAULT_LISTEN);
        assertThat(specs.get(1).uri().protocol()).isEqualTo(AppUri.Protocol.UWSGI);
        assertThat(specs.get(1).listen()).isEqualTo(10);
        assertThat(specs.get(2).uri().socket()).isEqualTo(Path.of("/tmp/x.sock"));
        assertThat(specs.get(2).uri()).hasToString("http+unix:///tmp/x.sock");
        assertThat(specs.get(3).uri()).hasToString("uwsgi+unix:///tmp/y.sock");
        assertThat(AppSpec.parse(shop.line())).isEqualTo(shop);
    }

    @Test
    void badLinesNameTheLineAndTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.spec");
        Files.writeString(file, "http://127.0.0.1:9101 workers=4 service=exp:20ms name=ok\nftp://x:1 workers=1\n");
        assertThatThrownBy(() -> AppSpec.read(file)).hasMessageContaining("bad.spec:2:")
                .hasMessageContaining("expected http://127.0.0.1:9101");
        assertThatThrownBy(() -> AppSpec.parse("http://127.0.0.1:1 workers=0 service=fixed:1ms name=a"))
                .hasMessageContaining("workers=0 (expected >= 1)");
        assertThatThrownBy(() -> AppSpec.parse("http://127.0.0.1:1 workers=2 name=a"))
                .hasMessageContaining("expected all of workers=N service=<dist> name=<name>");
        assertThatThrownBy(() -> AppSpec.parse("http://127.0.0.1:1 workers=2 colour=red service=fixed:1ms name=a"))
                .hasMessageContaining("'colour=red'");
        assertThatThrownBy(() -> AppSpec.parse("uwsgi+unix://relative.sock workers=1 service=fixed:1ms name=a"))
                .hasMessageContaining("absolute socket path");
    }

    @Test
    void hostPortReadsAnAddressAndRefusesWhatIsNotOne() {
        assertThat(AppUri.hostPort("127.0.0.1:3128")).isEqualTo(new InetSocketAddress("127.0.0.1", 3128));
        assertThat(AppUri.hostPort("[::1]:8080")).isEqualTo(new InetSocketAddress("::1", 8080));
        assertThat(AppUri.hostPort("127.0.0.1")).isNull();
        assertThat(AppUri.hostPort("127.0.0.1:0")).isNull();
        assertThat(AppUri.hostPort("127.0.0.1:70000")).isNull();
        assertThat(AppUri.hostPort("127.0.0.1:http")).isNull();
    }
}

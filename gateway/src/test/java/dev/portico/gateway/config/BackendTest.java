package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void parsesEveryScheme() {
        Backend http = Backend.parse("http://127.0.0.1:9001");
        assertThat(http.protocol()).isEqualTo(Backend.Protocol.HTTP);
        assertThat(http.host()).isEqualTo("127.0.0.1");
        assertThat(http.port()).isEqualTo(9001);
        assertThat(http.isUnix()).isFalse();

        Backend uwsgi = Backend.parse("uwsgi://[::1]:9002/");
        assertThat(uwsgi.protocol()).isEqualTo(Backend.Protocol.UWSGI);
        assertThat(uwsgi.host()).isEqualTo("::1");
        assertThat(uwsgi.toString()).isEqualTo("uwsgi://[::1]:9002");

        Backend unix = Backend.parse("uwsgi+unix:///run/apps/alice.sock");
        assertThat(unix.isUnix()).isTrue();
        assertThat(unix.socket()).isEqualTo(Path.of("/run/apps/alice.sock"));
        assertThat(Backend.parse("http+unix:///run/a.sock").protocol()).isEqualTo(Backend.Protocol.HTTP);
    }

    @Test
    void refusesWhatItCannotReach() {
        assertThatThrownBy(() -> Backend.parse("gopher://nowhere")).hasMessageContaining("scheme 'gopher'")
                .hasMessageContaining("expected http, uwsgi, http+unix or uwsgi+unix");
        assertThatThrownBy(() -> Backend.parse("127.0.0.1:9001")).hasMessageContaining("expected http://host:port");
        assertThatThrownBy(() -> Backend.parse("http://127.0.0.1")).hasMessageContaining("expected http://host:port");
        assertThatThrownBy(() -> Backend.parse("http://127.0.0.1:0")).hasMessageContaining("port 0");
        assertThatThrownBy(() -> Backend.parse("http://h:1/path")).hasMessageContaining("no path");
        assertThatThrownBy(() -> Backend.parse("uwsgi+unix://relative.sock"))
                .hasMessageContaining("absolute socket path");
    }

    @Test
    void listenAddresses() {
        assertThat(ListenAddress.parse("127.0.0.1:8080")).isEqualTo(new ListenAddress("127.0.0.1", 8080));
        assertThat(ListenAddress.parse("[::1]:0").host()).isEqualTo("::1");
        assertThat(ListenAddress.parse("*:80").host()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> ListenAddress.parse("8080")).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> ListenAddress.parse("::1:80")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> ListenAddress.parse("h:99999")).hasMessageContaining("0..65535");
    }

    @Test
    void cidrs() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(ten.contains(new byte[] {11, 1, 2, 3})).isFalse();
        assertThat(Cidr.parse("192.168.1.7").contains(new byte[] {(byte) 192, (byte) 168, 1, 7})).isTrue();
        assertThat(Cidr.parse("10.1.2.0/23").contains(new byte[] {10, 1, 3, 9})).isTrue();
        assertThat(Cidr.parse("fd00::/8").prefix()).isEqualTo(8);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("expected 0..32");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("expected an IP range");
    }
}

package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.Cli;
import dev.portico.gateway.testing.EchoBackend;
import dev.portico.gateway.testing.TestCa;
import dev.portico.gateway.testing.TestFolder;
import dev.portico.gateway.testing.TlsClient;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tls.provider}: BoringSSL by default, refused clearly when it cannot load; the JDK's on request. */
class TlsProviderTest {

    static TestFolder folder(TestCa ca, Path dir, String backend) {
        ca.issue("default", "localhost", "p.test");
        return TestFolder.withHttps(dir)
                .app("p", "domains", "p.test, localhost", "backends", backend);
    }

    @Test
    void theDefaultProviderIsBoringSsl() throws Exception {
        Path dir = Files.createTempDirectory("portico-provider-");
        try (EchoBackend app = new EchoBackend();
             Gateway gateway = Gateway.start(folder(new TestCa(dir.resolve("certs")), dir, app.url()).dir())) {
            assertThat(gateway.tls().provider().netty()).isEqualTo(SslProvider.OPENSSL);
            assertThat(gateway.tls().provider().description()).contains("BoringSSL");
        }
    }

    @Test
    void openSslThatCannotLoadRefusesToStartWithAClearMessage() throws Exception {
        Path dir = Files.createTempDirectory("portico-noopenssl-");
        TestFolder f = folder(new TestCa(dir.resolve("certs")), dir, "http://127.0.0.1:9");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Cli.Run run = Cli.run(List.of(java, "-Dio.netty.handler.ssl.noOpenSsl=true", "-cp",
                System.getProperty("java.class.path"), "dev.portico.gateway.cli.Main", "run", "--config",
                f.dir().toString()), "", 60);
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("portico: tls.provider = openssl, but netty-tcnative (BoringSSL) cannot be "
                + "loaded here").contains("or set tls.provider = jdk in gateway.properties");
    }

    @Test
    void theJdkProviderServesTheSameWay() throws Exception {
        Path dir = Files.createTempDirectory("portico-jdk-");
        TestCa ca = new TestCa(dir.resolve("certs"));
        try (EchoBackend app = new EchoBackend();
             Gateway gateway = Gateway.start(folder(ca, dir, app.url()).gateway("tls.provider", "jdk").dir())) {
            assertThat(gateway.tls().provider().netty()).isEqualTo(SslProvider.JDK);
            int port = gateway.port(Gateway.HTTPS);
            TlsClient.Result r = TlsClient.get(ca.clientContext(), port, "p.test", "p.test", "/jdk");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("app saw GET /jdk");
            HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext())
                    .version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> h2 = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/h2"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(h2.body()).isEqualTo("app saw GET /h2");
        }
    }
}

package dev.portico.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.AdminClient;
import dev.portico.gateway.testing.PlainClient;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking an endpoint out of rotation for maintenance: what is in flight finishes, new requests go elsewhere. */
class EndpointDrainTest {

    @TempDir
    Path dir;
    SimpleBackend a;
    SimpleBackend b;
    Gateway gateway;
    AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        a = new SimpleBackend("a", 0);
        b = new SimpleBackend("b", 0);
        new TestFolder(dir).app("site", "domains", "site.test", "backends", a.url() + ", " + b.url(), "workers", "8");
        gateway = Gateway.start(dir);
        admin = new AdminClient(gateway.port(Gateway.ADMIN), "test-token");
    }

    @AfterEach
    void stop() {
        gateway.close();
        a.close();
        b.close();
    }

    @Test
    void drainLetsInFlightFinishAndSendsNewRequestsElsewhere() throws Exception {
        int port = gateway.port(Gateway.HTTP);
        assertThat(admin.send("POST", "/api/apps/site/endpoints/1/drain", null).status()).isEqualTo(200);
        CompletableFuture<PlainClient.Response> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return PlainClient.once(port, "site.test", "/?delay=1500", 10_000);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300); // the slow request is now held by endpoint 0 (a), the only one in rotation
        assertThat(admin.send("POST", "/api/apps/site/endpoints/1/undrain", null).status()).isEqualTo(200);
        AdminClient.Answer drained = admin.send("POST", "/api/apps/site/endpoints/0/drain", null);
        assertThat(drained.status()).isEqualTo(200);
        assertThat(drained.json().get("backend").asText()).isEqualTo(a.url());
        assertThat(drained.json().get("drained").asBoolean()).isTrue();
        assertThat(drained.json().get("outstanding").asInt()).isEqualTo(1);

        a.resetCounts();
        b.resetCounts();
        for (int i = 0; i < 20; i++) {
            PlainClient.Response r = PlainClient.once(port, "site.test", "/", 5000);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("b\n");
        }
        assertThat(a.requests()).as("new requests reaching the drained endpoint").isZero();
        PlainClient.Response finished = slow.get();
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.body()).as("the request in flight finished on the drained endpoint").isEqualTo("a\n");
        assertThat(admin.get("/api/apps/site").json().at("/endpoints/0/outstanding").asInt()).isZero();
        assertThat(admin.get("/api/apps/site").json().at("/endpoints/0/drained").asBoolean()).isTrue();

        AdminClient.Answer last = admin.send("POST", "/api/apps/site/endpoints/1/drain", null);
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.json().get("error").asText()).contains("last", "?force=true");

        assertThat(admin.send("POST", "/api/apps/site/endpoints/0/undrain", null).status()).isEqualTo(200);
        int seenA = 0;
        for (int i = 0; i < 40; i++) {
            if (PlainClient.once(port, "site.test", "/", 5000).body().equals("a\n")) {
                seenA++;
            }
        }
        assertThat(seenA).as("requests back on the undrained endpoint").isPositive();
    }

    @Test
    void badEndpointPathsAreExplained() throws Exception {
        assertThat(admin.send("POST", "/api/apps/site/endpoints/2/drain", null).status()).isEqualTo(404);
        assertThat(admin.send("POST", "/api/apps/ghost/endpoints/0/drain", null).status()).isEqualTo(404);
        assertThat(admin.send("POST", "/api/apps/site/endpoints/x/drain", null).status()).isEqualTo(404);
        assertThat(admin.send("GET", "/api/apps/site/endpoints/0/drain", null).status()).isEqualTo(405);
        assertThat(new AdminClient(gateway.port(Gateway.ADMIN), null)
                .send("POST", "/api/apps/site/endpoints/0/drain", null).status()).isEqualTo(401);
    }
}

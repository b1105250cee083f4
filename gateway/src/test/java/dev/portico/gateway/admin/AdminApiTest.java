package dev.portico.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.AdminClient;
import dev.portico.gateway.testing.PlainClient;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API against a running gateway, as an operator's curl would use it. */
class AdminApiTest {

    private static final String SLOW_FILE = """
            # the shop: slow checkout, keep it gentle
            domains = shop.test

            backends = %s
            # raised for the sale
            workers = 8
            queue.size = 100
            queue.timeout = 10s
            """;

    @TempDir
    Path dir;
    SimpleBackend backend;
    SimpleBackend slow;
    Gateway gateway;
    AdminClient admin;
    TestFolder folder;

    @BeforeEach
    void start() throws Exception {
        backend = new SimpleBackend("site", 0);
        slow = new SimpleBackend("shop", 400);
        folder = new TestFolder(dir).app("site", "domains", "site.test, www.site.test", "backends", backend.url());
        folder.write("apps/shop.properties", SLOW_FILE.formatted(slow.url()));
        gateway = Gateway.start(dir);
        admin = new AdminClient(gateway.port(Gateway.ADMIN), "test-token");
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.close();
        slow.close();
    }

    @Test
    void everyApiRouteNeedsTheToken() throws Exception {
        AdminClient anonymous = new AdminClient(gateway.port(Gateway.ADMIN), null);
        AdminClient wrong = new AdminClient(gateway.port(Gateway.ADMIN), "test-tokeN");
        for (String path : List.of("/api/apps", "/api/apps/site", "/api/reload")) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
            assertThat(wrong.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.send("PATCH", "/api/apps/site", "{\"workers\":1}").status()).isEqualTo(401);
        assertThat(anonymous.get("/").status()).as("the dashboard page itself").isEqualTo(200);
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void listsAppsAndShowsLiveNumbers() throws Exception {
        int port = gateway.port(Gateway.HTTP);
        for (int i = 0; i < 20; i++) {
            assertThat(PlainClient.once(port, "site.test", "/", 5000).status()).isEqualTo(200);
        }
        AdminClient.Answer list = admin.get("/api/apps");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("total").asInt()).isEqualTo(2);
        assertThat(names(list.json())).containsExactly("shop", "site");

        AdminClient.Answer byLoad = admin.get("/api/apps?sort=load&limit=1");
        assertThat(names(byLoad.json())).containsExactly("site");

        JsonNode site = admin.get("/api/apps/site").json();
        assertThat(site.at("/config/domains").toString()).isEqualTo("[\"site.test\",\"www.site.test\"]");
        assertThat(site.at("/config/backends/0").asText()).isEqualTo(backend.url());
        assertThat(site.at("/config/workers").asInt()).isEqualTo(4);
        assertThat(site.at("/config/queue.timeout").asText()).isEqualTo("5s");
        assertThat(site.at("/config/queue.full.delay").asText()).isEqualTo("200ms");
        assertThat(site.at("/live/requestsLastMinute").asLong()).isEqualTo(20);
        assertThat(site.at("/live/p50Ms").asDouble()).isPositive();
        assertThat(site.at("/live/p99Ms").asDouble()).isGreaterThanOrEqualTo(site.at("/live/p50Ms").asDouble());
        assertThat(site.at("/live/errorRate").asDouble()).isZero();
        assertThat(site.at("/live/inFlight").asInt()).isZero();
        assertThat(site.at("/live/status").asText()).isEqualTo("busy");
        int sparkTotal = 0;
        for (JsonNode n : site.at("/live/perSecond")) {
            sparkTotal += n.asInt();
        }
        assertThat(sparkTotal).isEqualTo(20);
        assertThat(site.at("/endpoints/0/circuit").asText()).isEqualTo("CLOSED");
        assertThat(site.at("/endpoints/0/drained").asBoolean()).isFalse();

        assertThat(admin.get("/api/apps/nope").status()).isEqualTo(404);
        assertThat(admin.get("/api/apps?sort=color").status()).isEqualTo(400);
        assertThat(admin.send("DELETE", "/api/apps/site", null).status()).isEqualTo(405);
    }

    @Test
    void showsInFlightQueuedAndRefusalsWhileAnAppIsOverloaded() throws Exception {
        admin.send("PATCH", "/api/apps/shop", "{\"workers\": 1, \"queue.size\": 2}");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> PlainClient.once(gateway.port(Gateway.HTTP), "shop.test", "/", 20_000)
                        .status()));
            }
            Thread.sleep(200);
            JsonNode live = admin.get("/api/apps/shop").json().get("live");
            assertThat(live.get("inFlight").asInt()).isEqualTo(1);
            assertThat(live.get("queued").asInt()).isEqualTo(2);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 503).filteredOn(s -> s == 503).hasSize(3);
            JsonNode after = admin.get("/api/apps/shop").json().get("live");
            assertThat(after.get("rejectedLastMinute").asInt()).isEqualTo(3);
            assertThat(after.at("/rejections/queue_full").asInt()).isEqualTo(3);
            assertThat(after.get("status").asText()).isEqualTo("rejecting");
            assertThat(after.get("errorRate").asDouble()).isEqualTo(0.5);
            JsonNode byErrors = admin.get("/api/apps?sort=errors").json();
            assertThat(names(byErrors).get(0)).isEqualTo("shop");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void patchIsValidatedPersistedWithCommentsAndInForceAtOnce() throws Exception {
        AdminClient.Answer a = admin.send("PATCH", "/api/apps/shop", "{\"workers\": 2, \"rate\": 100}");
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.json().at("/config/workers").asInt()).isEqualTo(2);
        assertThat(a.json().at("/config/rate").asDouble()).isEqualTo(100.0);
        assertThat(Files.readString(dir.resolve("apps/shop.properties"))).isEqualTo("""
                # the shop: slow checkout, keep it gentle
                domains = shop.test

                backends = %s
                # raised for the sale
                workers = 2
                queue.size = 100
                queue.timeout = 10s
                rate = 100
                """.formatted(slow.url()));
        assertThat(gateway.apps().app("shop").config().limits().workers()).isEqualTo(2);

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> PlainClient.once(gateway.port(Gateway.HTTP), "shop.test", "/", 20_000)
                        .status()));
            }
            for (Future<Integer> f : answers) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(slow.maxInFlight()).as("requests the app held at once").isEqualTo(2);
    }

    @Test
    void anInvalidPatchChangesNothingAndSaysWhatToFix() throws Exception {
        String before = Files.readString(dir.resolve("apps/shop.properties"));
        AdminClient.Answer a = admin.send("PATCH", "/api/apps/shop", "{\"workers\": \"many\", \"queue.timout\": \"1s\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("problems").toString())
                .contains("apps/shop.properties:workers: 'many' (expected a whole number, 1..100000)")
                .contains("apps/shop.properties:queue.timout: unknown key");
        assertThat(Files.readString(dir.resolve("apps/shop.properties"))).isEqualTo(before);
        assertThat(gateway.apps().app("shop").config().limits().workers()).isEqualTo(8);

        AdminClient.Answer taken = admin.send("PATCH", "/api/apps/shop", "{\"domains\": [\"shop.test\", \"www.site.test\"]}");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().get("problems").get(0).asText())
                .isEqualTo("apps/shop.properties:domains: 'www.site.test' already belongs to app site "
                        + "(expected each domain in one app only)");

        assertThat(admin.send("PATCH", "/api/apps/shop", "not json").status()).isEqualTo(400);
        assertThat(admin.send("PATCH", "/api/apps/shop", "{\"workers\": {\"a\": 1}}").status()).isEqualTo(400);
        assertThat(admin.send("PATCH", "/api/apps/ghost", "{\"workers\": 1}").status()).isEqualTo(404);
        assertThat(Files.readString(dir.resolve("apps/shop.properties"))).isEqualTo(before);
    }

    @Test
    void aPatchIsUndoneWhenAnotherFileBreaksTheFolder() throws Exception {
        String before = Files.readString(dir.resolve("apps/shop.properties"));
        folder.app("broken", "domains", "broken.test", "backends", "::::");
        AdminClient.Answer a = admin.send("PATCH", "/api/apps/shop", "{\"workers\": 3}");
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.json().get("problems").toString()).contains("apps/broken.properties:backends:");
        assertThat(Files.readString(dir.resolve("apps/shop.properties"))).isEqualTo(before);
        assertThat(gateway.apps().app("shop").config().limits().workers()).isEqualTo(8);
    }

    @Test
    void reloadAnswersWhatChangedOrWhyItWasRefused() throws Exception {
        folder.app("extra", "domains", "extra.test", "backends", backend.url());
        folder.app("site", "domains", "site.test, www.site.test", "backends", backend.url(), "workers", "9");
        folder.removeApp("shop");
        AdminClient.Answer ok = admin.send("POST", "/api/reload", null);
        assertThat(ok.status()).isEqualTo(200);
        // the file watch may have applied part of it already; together they are the whole change
        JsonNode j = ok.json();
        assertThat(j.get("result").asText()).isEqualTo("applied");
        assertThat(gateway.config().apps()).containsOnlyKeys("extra", "site");

        folder.app("site", "domains", "site.test", "backends", backend.url(), "workers", "many");
        AdminClient.Answer refused = admin.send("POST", "/api/reload", null);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("result").asText()).isEqualTo("refused");
        assertThat(refused.json().get("problems").get(0).asText())
                .isEqualTo("apps/site.properties:workers: 'many' (expected a whole number, 1..100000)");
        assertThat(gateway.apps().app("site").config().limits().workers()).isEqualTo(9);
        assertThat(PlainClient.once(gateway.port(Gateway.HTTP), "www.site.test", "/", 5000).status())
                .as("the last good config keeps serving").isEqualTo(200);
        assertThat(admin.get("/api/reload").status()).isEqualTo(405);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("apps").forEach(a -> out.add(a.get("name").asText()));
        return out;
    }
}

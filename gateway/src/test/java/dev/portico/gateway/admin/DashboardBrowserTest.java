package dev.portico.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.HeadlessChromium;
import dev.portico.gateway.testing.PlainClient;
import dev.portico.gateway.testing.SimpleBackend;
import dev.portico.gateway.testing.SystemDeps;
import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard in a real (headless) Chromium against a running gateway. */
class DashboardBrowserTest {

    @TempDir
    Path dir;

    @Test
    void showsAppsWithLiveNumbersAndChangesLimitsThroughTheApi() throws Exception {
        Path chromium = SystemDeps.require("chromium", "chromium");
        try (SimpleBackend site = new SimpleBackend("site", 0); SimpleBackend shop = new SimpleBackend("shop", 600)) {
            new TestFolder(dir).app("site", "domains", "site.test", "backends", site.url())
                    .app("shop", "domains", "shop.test", "backends", shop.url(), "workers", "1", "queue.size", "1");
            Gateway gateway = Gateway.start(dir);
            try (HeadlessChromium browser = HeadlessChromium.start(chromium)) {
                int http = gateway.port(Gateway.HTTP);
                for (int i = 0; i < 12; i++) {
                    assertThat(PlainClient.once(http, "site.test", "/", 5000).status()).isEqualTo(200);
                }
                List<CompletableFuture<Integer>> flood = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    flood.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return PlainClient.once(http, "shop.test", "/", 10_000).status();
                        } catch (Exception e) {
                            return -1;
                        }
                    }));
                }
                for (CompletableFuture<Integer> f : flood) {
                    assertThat(f.get()).isIn(200, 503);
                }

                String admin = "http://127.0.0.1:" + gateway.port(Gateway.ADMIN) + "/";
                browser.open(admin);
                browser.await("!document.getElementById('login').hidden", Duration.ofSeconds(10));
                browser.eval("document.getElementById('token').value = 'wrong'; "
                        + "document.querySelector('#token-form button').click()");
                browser.await("document.getElementById('login-error').textContent.includes('refused')",
                        Duration.ofSeconds(10));
                browser.eval("document.getElementById('token').value = 'test-token'; "
                        + "document.querySelector('#token-form button').click()");
                browser.await("document.querySelectorAll('#apps tbody tr').length === 2", Duration.ofSeconds(10));
                assertThat(browser.eval("sessionStorage.getItem('portico.token')").asText()).isEqualTo("test-token");

                // sorted by load: both idle now, so by errors to put the overloaded app first
                browser.eval("document.getElementById('sort').value = 'errors'; "
                        + "document.getElementById('sort').dispatchEvent(new Event('change'))");
                browser.await("document.querySelector('#apps tbody tr').dataset.app === 'shop'", Duration.ofSeconds(10));
                assertThat(browser.eval("document.querySelector('tr[data-app=shop]').className").asText())
                        .as("an app that refused requests is highlighted").contains("rejecting");
                assertThat(Integer.parseInt(browser.text("tr[data-app=shop] td.refused"))).isBetween(1, 3);
                assertThat(browser.text("tr[data-app=shop] td.errors")).endsWith("%").isNotEqualTo("0.0 %");
                assertThat(browser.text("tr[data-app=site] td.inflight")).isEqualTo("0 / 4");
                assertThat(browser.text("tr[data-app=site] td.queued")).isEqualTo("0 / 32");
                assertThat(browser.text("tr[data-app=site] td.domains")).isEqualTo("site.test");
                assertThat(browser.text("tr[data-app=site] td.status")).isEqualTo("busy");
                assertThat(Double.parseDouble(browser.text("tr[data-app=site] td.p50"))).isPositive();
                String points = browser.eval("document.querySelector('tr[data-app=site] svg.spark polyline')"
                        + ".getAttribute('points')").asText();
                assertThat(points.split(" ")).as("one sparkline point per second").hasSize(60);
                assertThat(browser.eval("[...document.querySelectorAll('tr[data-app=site] svg.spark polyline')]"
                        + ".length").asInt()).isEqualTo(1);

                // the limits form: pick the app, change workers, apply
                browser.eval("document.querySelector('tr[data-app=site]').click()");
                browser.await("document.querySelector('#limits input[name=workers]').value === '4'",
                        Duration.ofSeconds(10));
                browser.eval("document.querySelector('#limits input[name=workers]').value = '3'; "
                        + "document.querySelector('#limits input[name=\"queue.size\"]').value = '7'; "
                        + "document.getElementById('apply').click()");
                browser.await("document.getElementById('limits-result').textContent.startsWith('Applied')",
                        Duration.ofSeconds(10));
                assertThat(browser.text("#limits-result")).contains("workers = 3", "queue.size = 7");
                assertThat(gateway.apps().app("site").config().limits().workers()).isEqualTo(3);
                assertThat(gateway.apps().app("site").config().limits().queueSize()).isEqualTo(7);
                assertThat(Files.readString(dir.resolve("apps/site.properties"))).contains("workers = 3")
                        .contains("queue.size = 7");
                browser.await("document.querySelector('tr[data-app=site] td.inflight').textContent === '0 / 3'",
                        Duration.ofSeconds(10));

                // a value the parser refuses is shown with its file:key problem, and nothing changes
                browser.eval("document.querySelector('#limits input[name=\"queue.timeout\"]').value = 'soon'; "
                        + "document.getElementById('apply').click()");
                browser.await("document.getElementById('limits-result').className === 'bad'", Duration.ofSeconds(10));
                assertThat(browser.text("#limits-result")).contains("apps/site.properties:queue.timeout: 'soon' "
                        + "(expected a duration such as 250ms, 5s, 2m, 1h or 7d)");
                assertThat(gateway.apps().app("site").config().limits().queueTimeout()).hasSeconds(5);
                assertThat(gateway.apps().app("site").config().limits().workers()).isEqualTo(3);
            } finally {
                gateway.close();
            }
        }
    }
}

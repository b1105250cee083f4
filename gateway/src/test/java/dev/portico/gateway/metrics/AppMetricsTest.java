package dev.portico.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AppMetricsTest {

    private static String scrape(Metrics m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countsEveryStatusCodeOnItsOwnSeries() throws Exception {
        Metrics m = new Metrics();
        AppMetrics a = m.forApp("shop");
        for (int i = 0; i < 3; i++) {
            a.request(200, 1_000_000);
        }
        a.request(404, 1_000_000);
        a.request(200, 1_000_000);
        String text = scrape(m);
        assertThat(text).contains("portico_requests_total{app=\"shop\",code=\"200\"} 4.0");
        assertThat(text).contains("portico_requests_total{app=\"shop\",code=\"404\"} 1.0");
        assertThat(text).contains("portico_request_duration_seconds_count{app=\"shop\"} 5");
    }

    @Test
    void anAppWithManyDifferentCodesStillCountsEachOne() throws Exception {
        Metrics m = new Metrics();
        AppMetrics a = m.forApp("odd");
        for (int round = 0; round < 2; round++) {
            for (int code = 200; code < 260; code++) { // more codes than are cached
                a.request(code, 1_000);
            }
        }
        String text = scrape(m);
        assertThat(text).contains("portico_requests_total{app=\"odd\",code=\"200\"} 2.0");
        assertThat(text).contains("portico_requests_total{app=\"odd\",code=\"259\"} 2.0");
    }

    @Test
    void appsKeepTheirOwnCounts() throws Exception {
        Metrics m = new Metrics();
        m.forApp("a").request(502, 1_000);
        m.forApp("b").request(200, 1_000);
        String text = scrape(m);
        assertThat(text).contains("portico_requests_total{app=\"a\",code=\"502\"} 1.0");
        assertThat(text).doesNotContain("portico_requests_total{app=\"a\",code=\"200\"}");
        assertThat(text).contains("portico_requests_total{app=\"b\",code=\"200\"} 1.0");
    }
}

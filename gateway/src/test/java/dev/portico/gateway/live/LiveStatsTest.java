package dev.portico.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.portico.gateway.proxy.AccessRecord;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveStatsTest {

    private static AccessRecord rec(String app, int status, long millis, String failure) {
        return new AccessRecord(app, "192.0.2.1", 0, "GET", "/", "HTTP/1.1", status, 0, null, null, app, "r",
                millis * 1_000_000, 0, 0, failure);
    }

    @Test
    void bucketsHoldLatenciesWithinTwentyPercent() {
        for (double ms : new double[] {0.1, 0.5, 1, 3, 7.5, 20, 120, 999, 5000, 60_000}) {
            int i = LatencyBuckets.index((long) (ms * 1e6));
            assertThat(LatencyBuckets.millis(i)).as("%s ms", ms).isCloseTo(ms, within(Math.max(0.07, ms * 0.2)));
        }
        assertThat(LatencyBuckets.index(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.COUNT - 1);
        assertThat(LatencyBuckets.index(0)).isZero();
    }

    @Test
    void percentilesRatesAndRefusalsOfTheLastMinute() {
        RollingWindow w = new RollingWindow();
        long now = 1000;
        for (int s = 0; s < 10; s++) {
            for (int i = 0; i < 20; i++) {
                w.record(now - 10 + s, 200, (i < 19 ? 10 : 500) * 1_000_000L, null);
            }
        }
        w.record(now - 1, 503, 1_000_000, "queue_full");
        w.record(now - 1, 502, 1_000_000, null);
        Recent r = w.read(now);
        assertThat(r.requestsLastMinute()).isEqualTo(202);
        assertThat(r.requestsPerSecond()).isCloseTo(20.2, within(0.01));
        assertThat(r.errorsLastMinute()).isEqualTo(2);
        assertThat(r.rejectedLastMinute()).isEqualTo(1);
        assertThat(r.rejections()).containsEntry("queue_full", 1L);
        assertThat(r.p50Millis()).isCloseTo(10, within(2.0));
        assertThat(r.p99Millis()).isCloseTo(500, within(100.0));
        assertThat(r.perSecond()[58]).isEqualTo(22);
        assertThat(r.perSecond()[59]).isZero();

        Recent later = w.read(now + 120);
        assertThat(later.requestsLastMinute()).as("two minutes later").isZero();
        assertThat(later.p99Millis()).isZero();
        assertThat(later.rejections()).as("refusals since start are kept").containsEntry("queue_full", 1L);
    }

    @Test
    void slotsAreReusedAfterAMinute() {
        RollingWindow w = new RollingWindow();
        w.record(100, 200, 1_000_000, null);
        w.record(160, 200, 1_000_000, null); // same slot, a minute later
        Recent r = w.read(160);
        assertThat(r.requestsLastMinute()).isEqualTo(1);
    }

    @Test
    void countsFromManyThreadsAddUp() throws Exception {
        RollingWindow w = new RollingWindow();
        int threads = RollingWindow.STRIPES; // a stripe each
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            all[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    w.record(500, i % 10 == 0 ? 502 : 200, 2_000_000, null);
                }
            });
            all[t].start();
        }
        for (Thread t : all) {
            t.join();
        }
        w.record(500, 200, 2_000_000, null);
        Recent r = w.read(501);
        assertThat(r.requestsLastMinute()).isEqualTo(threads * 1000L + 1);
        assertThat(r.errorsLastMinute()).isEqualTo(threads * 100L);
        assertThat(r.perSecond()[58]).isEqualTo(threads * 1000 + 1);
        assertThat(r.p50Millis()).isCloseTo(2, within(0.5));
    }

    @Test
    void onlyAppsWithTrafficHoldAWindow() {
        LiveStats live = new LiveStats();
        live.log(rec("a", 200, 5, null));
        live.log(rec("-", 404, 1, "no_route"));
        live.log(rec("b", 429, 1, "rate_limited"));
        live.log(rec("b", 502, 1, "upstream_connect"));
        assertThat(live.size()).isEqualTo(2);
        assertThat(live.recent("a").requestsLastMinute()).isEqualTo(1);
        assertThat(live.recent("b").rejections()).containsOnlyKeys("rate_limited");
        assertThat(live.recent("none")).isSameAs(Recent.NONE);
        live.retain(Set.of("a"));
        assertThat(live.size()).isEqualTo(1);
    }
}

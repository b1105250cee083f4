package dev.portico.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void requestsAreDueAtStartPlusIOverRate() {
        long t0 = 5_000 * MS;
        Pacer p = new Pacer(t0, 1000);
        assertThat(p.due(t0 - 1)).isZero();
        assertThat(p.due(t0)).isEqualTo(1);
        assertThat(p.due(t0 + 10 * MS + MS / 2)).isEqualTo(11); // requests 0..10
        assertThat(p.due(t0 + 10 * MS)).as("a boundary is due").isEqualTo(11);
        for (int i = 0; i < 11; i++) {
            assertThat(p.take()).isEqualTo(t0 + i * MS);
        }
        assertThat(p.due(t0 + 10 * MS + MS / 2)).isZero();
        assertThat(p.nextTime()).isEqualTo(t0 + 11 * MS);
        assertThat(p.taken()).isEqualTo(11);
    }

    @Test
    void theScheduleDoesNotDriftOverAMillionRequests() {
        Pacer p = new Pacer(0, 3); // an interval of 333,333,333.33 ns cannot be summed exactly
        assertThat(p.intendedTime(3_000_000)).isEqualTo(1_000_000L * 1_000_000_000L);
        assertThat(p.due(1_000_000L * 1_000_000_000L)).isEqualTo(3_000_001);
    }

    /**
     * Open loop at 1000 req/s over one keep-alive connection; the server stalls one second on the first
     * request, then answers each in 0.1 ms. Requests due meanwhile wait for the connection. Measured from
     * the actual write, the stall is one slow sample among 2000 and the p99 says 0.1 ms (coordinated
     * omission); measured from the intended time, every request that waited carries its wait.
     */
    @Test
    void latencyFromTheIntendedTimeChargesAStallToEveryRequestItDelayed() {
        Pacer p = new Pacer(0, 1000);
        Tally tally = new Tally();
        long connectionFreeAt = 0;
        for (int i = 0; i < 2000; i++) {
            long intended = p.take();
            long sent = Math.max(intended, connectionFreeAt);
            long end = i == 0 ? 1000 * MS : sent + MS / 10;
            tally.answered("200", intended, sent, end, 10);
            connectionFreeAt = end;
        }
        tally.interval();
        Histogram corrected = tally.totalCorrected();
        Histogram uncorrected = tally.totalUncorrected();
        assertThat(uncorrected.getTotalCount()).isEqualTo(2000);
        assertThat(uncorrected.getValueAtPercentile(99) / 1000.0).isCloseTo(0.1, within(0.001));
        assertThat(uncorrected.getMaxValue() / 1000.0).isCloseTo(1000, within(1.0));
        // After the stall the backlog of ~1000 drains at a net 9 requests per ms, until about 1111 ms:
        // request i (due at i ms) is written at about 1000 + 0.1 i ms, so it waited 1000 - 0.9 i ms. The
        // ~890 later ones wait nothing. Sorted: 44.5% near 0.1 ms, then a uniform spread up to 1000 ms.
        assertThat(corrected.getValueAtPercentile(40) / 1000.0).isCloseTo(0.1, within(0.001));
        assertThat(corrected.getValueAtPercentile(50) / 1000.0).isCloseTo(99, within(15.0));
        assertThat(corrected.getValueAtPercentile(75) / 1000.0).isCloseTo(550, within(20.0));
        assertThat(corrected.getValueAtPercentile(99) / 1000.0).isGreaterThan(950);
        assertThat(tally.statuses()).containsEntry("200", 2000L);
        assertThat(tally.bytes()).isEqualTo(20_000);
    }
}

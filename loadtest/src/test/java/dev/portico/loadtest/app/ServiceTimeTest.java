package dev.portico.loadtest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServiceTimeTest {

    private static final int SAMPLES = 200_000;

    @Test
    void fixedIsAlwaysTheSame() {
        ServiceTime t = ServiceTime.parse("fixed:20ms");
        assertThat(t).isEqualTo(new ServiceTime.Fixed(Duration.ofMillis(20)));
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(t.nextNanos(r)).isEqualTo(20_000_000L);
        }
        assertThat(t).hasToString("fixed:20ms");
        assertThat(ServiceTime.parse("fixed:0").nextNanos(r)).isZero();
    }

    @Test
    void exponentialHasItsMeanAndItsTail() {
        ServiceTime t = ServiceTime.parse("exp:50ms");
        SplittableRandom r = new SplittableRandom(7);
        double sum = 0;
        long above3Means = 0;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < SAMPLES; i++) {
            long n = t.nextNanos(r);
            sum += n;
            min = Math.min(min, n);
            if (n > 150_000_000L) {
                above3Means++;
            }
        }
        assertThat(sum / SAMPLES / 1e6).isCloseTo(50.0, within(1.0));
        // P(X > 3 * mean) = e^-3 = 4.98% for an exponential distribution
        assertThat(above3Means / (double) SAMPLES).isCloseTo(Math.exp(-3), within(0.003));
        assertThat(min).isGreaterThanOrEqualTo(0);
        assertThat(t).hasToString("exp:50ms");
    }

    @Test
    void bimodalHangsForItsFraction() {
        ServiceTime t = ServiceTime.parse("bimodal:10ms,5s,0.01");
        SplittableRandom r = new SplittableRandom(3);
        long slow = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long n = t.nextNanos(r);
            assertThat(n).isIn(10_000_000L, 5_000_000_000L);
            if (n == 5_000_000_000L) {
                slow++;
            }
        }
        assertThat(slow / (double) SAMPLES).isCloseTo(0.01, within(0.001));
        assertThat(t).hasToString("bimodal:10ms,5s,0.01");
    }

    @Test
    void badTextSaysWhatIsExpected() {
        assertThatThrownBy(() -> ServiceTime.parse("uniform:5ms"))
                .hasMessageContaining("unknown kind 'uniform'").hasMessageContaining("expected fixed:20ms");
        assertThatThrownBy(() -> ServiceTime.parse("fixed:20"))
                .hasMessageContaining("expected a duration such as 250us");
        assertThatThrownBy(() -> ServiceTime.parse("bimodal:10ms,5s"))
                .hasMessageContaining("needs three values");
        assertThatThrownBy(() -> ServiceTime.parse("bimodal:10ms,5s,2"))
                .hasMessageContaining("expected 0..1");
    }
}

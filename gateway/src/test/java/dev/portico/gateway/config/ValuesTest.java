package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void durationsTakeAUnit() {
        assertThat(Values.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Values.duration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Values.duration(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Values.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Values.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Values.duration("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void badDurationsSayWhatIsExpected() {
        for (String bad : new String[] {"5", "s", "5sec", "-1s", "1.5s", ""}) {
            assertThatThrownBy(() -> Values.duration(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a duration such as 250ms");
        }
    }

    @Test
    void sizesArePowersOf1024() {
        assertThat(Values.size("1024")).isEqualTo(1024);
        assertThat(Values.size("512k")).isEqualTo(512 * 1024);
        assertThat(Values.size("10m")).isEqualTo(10L * 1024 * 1024);
        assertThat(Values.size("10MB")).isEqualTo(10L * 1024 * 1024);
        assertThat(Values.size("1g")).isEqualTo(1024L * 1024 * 1024);
        assertThatThrownBy(() -> Values.size("ten")).hasMessageContaining("expected a size such as 512k");
        assertThatThrownBy(() -> Values.size("-1k")).hasMessageContaining("expected a size");
    }

    @Test
    void listsDropEmptyItems() {
        assertThat(Values.list(" a, b ,,c ")).containsExactly("a", "b", "c");
    }

    @Test
    void formatRoundTrips() {
        for (String s : new String[] {"250ms", "5s", "2m", "1h", "7d", "0"}) {
            assertThat(Values.format(Values.duration(s))).isEqualTo(s);
        }
    }
}

package dev.portico.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductionDefaultsTest {

    /** Each of run's Netty settings is set when the command line does not give it, and kept when it does. */
    @ParameterizedTest
    @CsvSource({
        "io.netty.jfr.enabled, false, true",
        "io.netty.leakDetection.level, disabled, paranoid",
        "io.netty.allocator.type, pooled, adaptive",
        "io.netty.recycler.maxCapacityPerThread, 0, 16",
        "io.netty.trackPinnedMemory, false, true",
    })
    void setUnlessTheCommandLineSaysOtherwise(String key, String byDefault, String given) {
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            Main.productionDefaults();
            assertThat(System.getProperty(key)).isEqualTo(byDefault);

            System.setProperty(key, given);
            Main.productionDefaults();
            assertThat(System.getProperty(key)).as("given: kept").isEqualTo(given);
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}

package dev.portico.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductionDefaultsTest {

    @Test
    void nettysAllocatorEventsAndLeakSamplingAreOffUnlessTheCommandLineSaysOtherwise() {
        String jfr = System.getProperty("io.netty.jfr.enabled");
        String leaks = System.getProperty("io.netty.leakDetection.level");
        try {
            System.clearProperty("io.netty.jfr.enabled");
            System.setProperty("io.netty.leakDetection.level", "paranoid");
            Main.productionDefaults();
            assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
            assertThat(System.getProperty("io.netty.leakDetection.level")).as("given: kept").isEqualTo("paranoid");

            System.setProperty("io.netty.jfr.enabled", "true");
            System.clearProperty("io.netty.leakDetection.level");
            Main.productionDefaults();
            assertThat(System.getProperty("io.netty.jfr.enabled")).as("given: kept").isEqualTo("true");
            assertThat(System.getProperty("io.netty.leakDetection.level")).isEqualTo("disabled");
        } finally {
            restore("io.netty.jfr.enabled", jfr);
            restore("io.netty.leakDetection.level", leaks);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}

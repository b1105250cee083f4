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

    @Test
    void pooledBuffersWithoutRecyclingUnlessTheCommandLineSaysOtherwise() {
        String allocator = System.getProperty("io.netty.allocator.type");
        String recycler = System.getProperty("io.netty.recycler.maxCapacityPerThread");
        try {
            System.clearProperty("io.netty.allocator.type");
            System.setProperty("io.netty.recycler.maxCapacityPerThread", "16");
            Main.productionDefaults();
            assertThat(System.getProperty("io.netty.allocator.type")).isEqualTo("pooled");
            assertThat(System.getProperty("io.netty.recycler.maxCapacityPerThread")).as("given: kept").isEqualTo("16");

            System.setProperty("io.netty.allocator.type", "adaptive");
            System.clearProperty("io.netty.recycler.maxCapacityPerThread");
            Main.productionDefaults();
            assertThat(System.getProperty("io.netty.allocator.type")).as("given: kept").isEqualTo("adaptive");
            assertThat(System.getProperty("io.netty.recycler.maxCapacityPerThread")).isEqualTo("0");
        } finally {
            restore("io.netty.allocator.type", allocator);
            restore("io.netty.recycler.maxCapacityPerThread", recycler);
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

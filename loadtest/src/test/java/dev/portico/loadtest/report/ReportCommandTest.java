package dev.portico.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.loadtest.Json;
import dev.portico.loadtest.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportCommandTest {

    private static final Machine MACHINE = new Machine("Test CPU", 2, 4096, "Linux 6", "OpenJDK 17",
            Map.of("nginx", "nginx/1.22.1"), "3.10 2.00 1.00", "3.50 2.10 1.10");

    private static ScenarioResult throughput(String label, double porticoRps) {
        return new ScenarioResult("throughput", "HTTP/1.1 keep-alive throughput and latency", label, ScenarioResult.OK,
                null, "2026-11-28T15:00:00Z", "java -jar loadtest/target/loadtest.jar throughput", 300, MACHINE,
                List.of("a note about | pipes"),
                List.of(new ScenarioResult.Table("Peak", List.of("target", "req/s"),
                        List.of(List.of("portico", "" + porticoRps), List.of("nginx", "10000")))),
                List.of(new ScenarioResult.Chart("rps", "bars", "Peak req/s", "req/s", List.of("portico", "nginx"),
                                List.of(new ScenarioResult.Series("req/s", List.of(porticoRps, 10000.0)))),
                        new ScenarioResult.Chart("latency", "percentiles", "Latency", "ms",
                                List.of("p50", "p75", "p90", "p99", "p99.9", "p99.99", "max"),
                                List.of(new ScenarioResult.Series("portico", List.of(0.2, 0.5, 1.0, 4.0, 20.0, 90.0, 120.0)),
                                        new ScenarioResult.Series("nginx", List.of(0.3, 0.6, 1.1, 5.0, 12.0, 18.0, 19.0))))),
                List.of(new ScenarioResult.Goal("Portico req/s >= 1.0x nginx", porticoRps / 10000 + "x", porticoRps >= 10000)),
                List.of(Map.of("target", "portico", "rps", porticoRps)));
    }

    @Test
    void writesThePageTheChartsAndTheDataItCameFrom(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("throughput-1.json");
        Path b = dir.resolve("tls-1.json");
        Json.write(a, throughput("ParallelGC", 12000));
        Json.write(b, new ScenarioResult("tls", "HTTPS", null, ScenarioResult.UNSUPPORTED,
                "the gateway did not open listen.https", "2026-11-28T15:10:00Z", "java -jar loadtest/target/loadtest.jar tls",
                9, MACHINE, List.of(), List.of(), List.of(), List.of(), List.of()));
        Path docs = dir.resolve("docs");
        Files.createDirectories(docs.resolve("benchmarks"));
        Files.writeString(docs.resolve("benchmarks/analysis.md"), "## What the profile shows\n\nHand-written.\n");

        assertThat(Main.execute("report", "--docs", docs.toString(), a.toString(), b.toString())).isZero();

        String md = Files.readString(docs.resolve("BENCHMARKS.md"));
        assertThat(md).contains("| CPU | Test CPU, 2 cores |")
                .contains("| throughput (ParallelGC) | Portico req/s >= 1.0x nginx | 1.2x | yes |")
                .contains("| tls | (not measured) | unsupported: the gateway did not open listen.https | - |")
                .contains("```\njava -jar loadtest/target/loadtest.jar throughput\n```")
                .contains("load average before 3.10 2.00 1.00, after 3.50 2.10 1.10")
                .contains("| portico | 12000.0 |")
                .contains("- a note about | pipes")
                .contains("![throughput-parallelgc-rps.svg](benchmarks/throughput-parallelgc-rps.svg)")
                .endsWith("## What the profile shows\n\nHand-written.\n");
        assertThat(md.indexOf("## HTTP/1.1 keep-alive")).isLessThan(md.indexOf("## HTTPS"));
        for (String svg : List.of("throughput-parallelgc-rps.svg", "throughput-parallelgc-latency.svg")) {
            Path file = docs.resolve("benchmarks").resolve(svg);
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            assertThat(d.getDocumentElement().getNodeName()).isEqualTo("svg");
        }
        String bars = Files.readString(docs.resolve("benchmarks/throughput-parallelgc-rps.svg"));
        assertThat(bars).contains(">12,000<").contains(">10,000<").contains(">portico<");
        String lines = Files.readString(docs.resolve("benchmarks/throughput-parallelgc-latency.svg"));
        assertThat(lines).contains("<polyline").contains(">p99.9<").contains("ms (log scale)");
        assertThat(docs.resolve("benchmarks/data/throughput-parallelgc.json")).exists();
        assertThat(Json.read(docs.resolve("benchmarks/data/tls.json"), ScenarioResult.class).status())
                .isEqualTo(ScenarioResult.UNSUPPORTED);
    }

    @Test
    void barsStartAtZeroUnderARoundCeiling() {
        assertThat(Charts.niceCeiling(17_850)).isEqualTo(20_000);
        assertThat(Charts.niceCeiling(41_216)).isEqualTo(50_000);
        assertThat(Charts.niceCeiling(0.7)).isEqualTo(1.0);
        assertThat(Charts.niceCeiling(0)).isEqualTo(1);
    }
}

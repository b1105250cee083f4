package dev.portico.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portico.loadtest.Json;
import dev.portico.loadtest.Main;
import dev.portico.loadtest.peer.Portico;
import dev.portico.loadtest.peer.Programs;
import dev.portico.loadtest.report.ScenarioResult;
import dev.portico.loadtest.testing.SystemDeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario for about a second against the built gateway, so that they keep working. A peer
 * program that is not installed skips (fails under {@code -Dportico.requireSystemDeps=true}); a gateway
 * feature that is not built yet (HTTPS, egress, the reload API) skips with the scenario's own message.
 */
@Timeout(120)
class ScenarioSmokeTest {

    @TempDir
    Path out;

    private ScenarioResult smoke(String scenario, String... extra) throws Exception {
        Path jar = Portico.findJar(null);
        if (jar == null) {
            String reason = "gateway/target/portico.jar is not built (mvn -B package builds it before this module)";
            if (Boolean.getBoolean("portico.requireSystemDeps")) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
        String[] args = Stream.concat(Stream.of(scenario, "--smoke", "--out", out.toString(), "--gateway-jar",
                jar.toString()), Stream.of(extra)).toArray(String[]::new);
        int code = Main.execute(args);
        Path file;
        try (Stream<Path> s = Files.list(out)) {
            file = s.filter(p -> p.getFileName().toString().startsWith(scenario + "-")).findFirst().orElseThrow();
        }
        ScenarioResult r = Json.read(file, ScenarioResult.class);
        switch (r.status()) {
            case ScenarioResult.MISSING -> {
                assertThat(code).isEqualTo(4);
                String program = r.message().substring(0, r.message().indexOf(' '));
                SystemDeps.require(program, r.message().replaceAll(".*apt-get install ([^)]*)\\).*", "$1"));
                fail("the scenario said a program was missing, but it is installed: " + r.message());
            }
            case ScenarioResult.UNSUPPORTED -> {
                assertThat(code).isEqualTo(3);
                Assumptions.abort("gateway feature not built yet: " + r.message());
            }
            case ScenarioResult.FAILED -> fail(scenario + " failed: " + r.message());
            default -> assertThat(code).isZero();
        }
        assertThat(r.machine().cores()).isPositive();
        assertThat(r.command()).startsWith("java -jar loadtest/target/loadtest.jar " + scenario + " --smoke");
        assertThat(r.tables()).isNotEmpty();
        assertThat(r.goals()).isNotEmpty();
        for (ScenarioResult.Chart c : r.charts()) {
            assertThat(c.series()).allSatisfy(s -> assertThat(s.values()).hasSameSizeAs(c.categories()));
        }
        return r;
    }

    @Test
    void throughput() throws Exception {
        SystemDeps.require("nginx", "nginx");
        SystemDeps.require("haproxy", "haproxy");
        SystemDeps.require("wrk", "wrk");
        ScenarioResult r = smoke("throughput", "--relays");
        List<List<String>> rows = r.tables().get(0).rows();
        assertThat(rows).extracting(row -> row.get(0))
                .containsExactly("portico", "nginx", "haproxy", "direct", "relay-tcp", "relay-http");
        for (List<String> row : rows) {
            // a cold gateway may answer nothing within wrk's one second; the open-loop run answers every request
            assertThat(row.get(row.size() - 1)).as(row.get(0) + " errors").isEqualTo("0");
        }
        assertThat(r.runs()).filteredOn(run -> "open-loop".equals(run.get("phase"))).hasSize(6).allSatisfy(run -> {
            Map<?, ?> result = (Map<?, ?>) run.get("result");
            assertThat(result.get("statuses")).as(run.get("target") + "").isEqualTo(Map.of("200", result.get("sent")));
        });
    }

    @Test
    void throughputWithNginxAsTheApp() throws Exception {
        SystemDeps.require("nginx", "nginx");
        SystemDeps.require("haproxy", "haproxy");
        SystemDeps.require("wrk", "wrk");
        ScenarioResult r = smoke("throughput", "--app", "nginx");
        List<List<String>> rows = r.tables().get(0).rows();
        assertThat(rows).extracting(row -> row.get(0)).containsExactly("portico", "nginx", "haproxy", "direct");
        for (List<String> row : rows) {
            assertThat(row.get(row.size() - 1)).as(row.get(0) + " errors").isEqualTo("0");
        }
        assertThat(r.runs()).filteredOn(run -> "open-loop".equals(run.get("phase"))).hasSize(4).allSatisfy(run -> {
            Map<?, ?> result = (Map<?, ?>) run.get("result");
            assertThat(result.get("statuses")).as(run.get("target") + "").isEqualTo(Map.of("200", result.get("sent")));
        });
        assertThat(r.notes()).anyMatch(n -> n.contains("`--app nginx`") && n.contains("forwards only Host"));
    }

    @Test
    void tls() throws Exception {
        SystemDeps.require("nginx", "nginx");
        SystemDeps.require("wrk", "wrk");
        SystemDeps.require("openssl", "openssl");
        ScenarioResult r = smoke("tls");
        assertThat(r.tables().get(0).rows()).hasSize(2);
    }

    @Test
    void h2() throws Exception {
        SystemDeps.require("nginx", "nginx");
        SystemDeps.require("h2load", "nghttp2-client");
        SystemDeps.require("openssl", "openssl");
        ScenarioResult r = smoke("h2");
        assertThat(r.tables().get(0).rows()).hasSize(2);
    }

    @Test
    void neighbour() throws Exception {
        SystemDeps.require("nginx", "nginx");
        SystemDeps.require("haproxy", "haproxy");
        ScenarioResult r = smoke("neighbour");
        List<String> portico = r.tables().get(0).rows().get(0);
        assertThat(portico.get(0)).isEqualTo("portico");
        assertThat(portico.get(5)).as("the flooded app's answers through Portico").contains("503");
    }

    @Test
    void reload() throws Exception {
        SystemDeps.require("nginx", "nginx");
        ScenarioResult r = smoke("reload");
        assertThat(r.tables().get(0).rows()).extracting(row -> row.get(0)).containsExactly("portico", "nginx");
    }

    @Test
    void scale() throws Exception {
        ScenarioResult r = smoke("scale", "--idle", "300");
        assertThat(r.runs()).anySatisfy(run -> assertThat(run).containsEntry("measure", "start"));
        Map<String, Object> start = r.runs().stream().filter(run -> "start".equals(run.get("measure"))).findFirst()
                .orElseThrow();
        assertThat(((Number) start.get("servingSeconds")).doubleValue()).isPositive();
    }

    @Test
    void egress() throws Exception {
        ScenarioResult r = smoke("egress");
        List<String> paths = new ArrayList<>(List.of("direct bulk", "tunnel bulk", "direct small", "tunnel small"));
        if (Programs.find("haproxy") != null) { // without it the scenario runs without the relay
            paths.addAll(List.of("haproxy bulk", "haproxy small"));
        }
        assertThat(r.tables().get(0).rows()).extracting(row -> row.get(0)).containsExactlyElementsOf(paths);
        assertThat(r.tables().get(0).rows()).allSatisfy(row -> assertThat(row.get(5)).isEqualTo("0"));
    }
}

package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppFileEditorTest {

    private static final String FILE = """
            # Alice's blog: keep the queue short, the app is slow to warm up
            domains = alice.test, www.alice.test

            # two uWSGI pools
            backends = http://127.0.0.1:9001, http://127.0.0.1:9002
            workers = 4   
            queue.size = 32
            # raised after the March incident
            queue.timeout = 5s
            """;

    @Test
    void changesValuesInPlaceKeepingCommentsBlankLinesAndOrder() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("workers", "3");
        changes.put("queue.size", null);
        changes.put("rate", "50");
        String out = AppFileEditor.edit(FILE, changes);
        assertThat(out).isEqualTo("""
                # Alice's blog: keep the queue short, the app is slow to warm up
                domains = alice.test, www.alice.test

                # two uWSGI pools
                backends = http://127.0.0.1:9001, http://127.0.0.1:9002
                workers = 3
                # raised after the March incident
                queue.timeout = 5s
                rate = 50
                """);
    }

    @Test
    void theEditedTextParsesToTheIntendedConfig() {
        String out = AppFileEditor.edit(FILE, Map.of("domains", "alice.test, *.alice.test", "queue.timeout", "250ms"));
        var problems = new java.util.ArrayList<ConfigProblem>();
        AppConfig c = AppConfigParser.parse("alice", PropertiesFile.parse(out, "apps/alice.properties", problems),
                Path.of(".")).orElseThrow();
        assertThat(problems).isEmpty();
        assertThat(c.domains()).containsExactly("alice.test", "*.alice.test");
        assertThat(c.limits().queueTimeout()).hasMillis(250);
        assertThat(c.limits().workers()).isEqualTo(4);
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("alice.properties");
        Files.writeString(f, FILE);
        AppFileEditor.write(f, "domains = a.test\n");
        assertThat(Files.readString(f)).isEqualTo("domains = a.test\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }
}

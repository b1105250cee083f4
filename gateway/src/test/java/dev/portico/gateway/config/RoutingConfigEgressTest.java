package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commented example files under routing-config/egress/ validate, and say what the docs say. */
class RoutingConfigEgressTest {

    private static final Path EGRESS = Path.of("..", "routing-config", "egress");

    @Test
    void theExampleEgressFolderValidates() throws Exception {
        assertThat(Files.isDirectory(EGRESS)).as(EGRESS.toAbsolutePath().toString()).isTrue();
        List<ConfigProblem> problems = new ArrayList<>();
        EgressConfig e = EgressConfigParser.parse(EGRESS, problems).orElse(null);
        assertThat(problems).isEmpty();
        assertThat(e.accounts()).containsOnlyKeys("demo-free", "demo-paid");
        assertThat(e.policy().anonymous()).isEmpty();
        assertThat(e.policy().ports()).containsExactly(80, 443);
        assertThat(e.allowlist().permits(HostForm.parse("files.pythonhosted.org"))).isTrue();
        assertThat(e.allowlist().permits(HostForm.parse("raw.githubusercontent.com"))).isTrue();
        assertThat(e.policy().help()).isEqualTo(EgressConfigParser.DEFAULT_HELP);
    }
}

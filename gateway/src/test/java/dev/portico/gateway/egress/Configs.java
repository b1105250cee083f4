package dev.portico.gateway.egress;

import dev.portico.gateway.config.ConfigProblem;
import dev.portico.gateway.config.EgressConfig;
import dev.portico.gateway.config.EgressConfigParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Egress configs for plain tests, parsed from the same files an operator writes. */
final class Configs {

    private Configs() {
    }

    static EgressConfig parse(Path dir, String allowlist, String accounts, String policy) {
        try {
            Path egress = Files.createDirectories(dir.resolve("egress"));
            Files.writeString(egress.resolve("allowlist.txt"), allowlist);
            Files.writeString(egress.resolve("accounts.properties"), accounts);
            Files.writeString(egress.resolve("policy.properties"), policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ConfigProblem> problems = new ArrayList<>();
        return EgressConfigParser.parse(dir.resolve("egress"), problems)
                .orElseThrow(() -> new AssertionError("egress config: " + problems));
    }
}

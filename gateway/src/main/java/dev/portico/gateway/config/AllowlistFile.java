package dev.portico.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code egress/allowlist.txt}: one entry a line ({@code example.com}, {@code *.example.com},
 * {@code 203.0.113.7}, {@code [2001:db8::7]}), {@code #} starts a comment. A problem names its line.
 */
final class AllowlistFile {

    static final String LABEL = EgressConfigParser.DIR + "/allowlist.txt";

    private AllowlistFile() {
    }

    static EgressAllowlist read(Path file, List<ConfigProblem> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return EgressAllowlist.EMPTY;
        } catch (IOException e) {
            problems.add(new ConfigProblem(LABEL, "", "cannot be read: " + e.getMessage()));
            return EgressAllowlist.EMPTY;
        }
        Set<String> names = new HashSet<>();
        Set<String> suffixes = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String entry = withoutComment(lines.get(i));
            if (entry.isEmpty()) {
                continue;
            }
            String line = "line " + (i + 1);
            if (entry.chars().anyMatch(Character::isWhitespace)) {
                problems.add(new ConfigProblem(LABEL, line, "'" + entry + "' (expected one entry a line)"));
                continue;
            }
            boolean wildcard = entry.startsWith("*.");
            HostForm host;
            try {
                host = HostForm.parse(wildcard ? entry.substring(2) : entry);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(LABEL, line, e.getMessage()));
                continue;
            }
            if (wildcard && host.isAddress()) {
                problems.add(new ConfigProblem(LABEL, line, "'" + entry
                        + "' (expected a wildcard over a domain, such as *.example.com; list addresses one by one)"));
            } else if (!(wildcard ? suffixes : host.isAddress() ? addresses : names).add(host.name())) {
                problems.add(new ConfigProblem(LABEL, line, "'" + entry + "' is listed twice (expected once)"));
            }
        }
        return new EgressAllowlist(names, suffixes, addresses);
    }

    /** A {@code #} at the start or after white space starts a comment. */
    private static String withoutComment(String line) {
        String s = line.strip();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return s.substring(0, i).strip();
            }
        }
        return s;
    }
}

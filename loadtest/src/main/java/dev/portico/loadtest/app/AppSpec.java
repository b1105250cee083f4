package dev.portico.loadtest.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated app: where it listens, its workers, their service time, its name, and its listen queue
 * (requests waiting beyond the workers; uWSGI's {@code --listen}, 100 by default). Spec files hold one a
 * line: {@code http://127.0.0.1:9101 workers=4 service=exp:20ms name=shop}.
 */
public record AppSpec(AppUri uri, int workers, ServiceTime service, String name, int listen) {

    public static final int DEFAULT_LISTEN = 100;

    public AppSpec {
        if (workers < 1) {
            throw new IllegalArgumentException("workers=" + workers + " (expected >= 1)");
        }
        if (listen < 0) {
            throw new IllegalArgumentException("listen=" + listen + " (expected >= 0)");
        }
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("name='" + name + "' (expected a word such as shop)");
        }
    }

    /** Parses {@code <uri> workers=N service=<dist> name=<name> [listen=K]}. */
    public static AppSpec parse(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException("empty line (expected <uri> workers=N service=<dist> name=<name>)");
        }
        AppUri uri = AppUri.parse(words[0]);
        Integer workers = null;
        ServiceTime service = null;
        String name = null;
        int listen = DEFAULT_LISTEN;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            int eq = w.indexOf('=');
            String key = eq < 0 ? w : w.substring(0, eq);
            String value = eq < 0 ? "" : w.substring(eq + 1);
            switch (key) {
                case "workers" -> workers = number(w, value);
                case "listen" -> listen = number(w, value);
                case "service" -> service = ServiceTime.parse(value);
                case "name" -> name = value;
                default -> throw new IllegalArgumentException("'" + w + "' (expected workers=N, service=<dist>, "
                        + "name=<name> or listen=K)");
            }
        }
        if (workers == null || service == null || name == null) {
            throw new IllegalArgumentException("'" + line.trim() + "' (expected all of workers=N service=<dist> "
                    + "name=<name>)");
        }
        return new AppSpec(uri, workers, service, name, listen);
    }

    /** Reads a spec file: one app per line; blank lines and {@code #} comments are skipped. */
    public static List<AppSpec> read(Path file) throws IOException {
        List<AppSpec> specs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                specs.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }

    /** The spec-file line for this app. */
    public String line() {
        return uri + " workers=" + workers + " service=" + service + " name=" + name
                + (listen == DEFAULT_LISTEN ? "" : " listen=" + listen);
    }

    private static int number(String word, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + word + "' (expected a whole number)");
        }
    }
}

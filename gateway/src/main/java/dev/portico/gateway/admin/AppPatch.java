package dev.portico.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.gateway.config.AppConfig;
import dev.portico.gateway.config.AppConfigParser;
import dev.portico.gateway.config.AppFileEditor;
import dev.portico.gateway.config.ConfigProblem;
import dev.portico.gateway.config.ConfigSnapshot;
import dev.portico.gateway.config.PropertiesFile;
import dev.portico.gateway.config.ReloadOutcome;
import dev.portico.gateway.config.Reloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PATCH /api/apps/<app>}: the JSON object's keys applied to {@code apps/<app>.properties} as an
 * operator would edit it (comments and order kept), validated by the same parser as the files, written
 * atomically and put in force by a reload. All or nothing: a change that does not validate, or a
 * folder that then does not reload, leaves both the file and the gateway as they were.
 */
final class AppPatch {

    /** How a patch ended. */
    sealed interface Result {
        /** In force. */
        record Applied(AppConfig config) implements Result {
        }

        /** The request itself is wrong (bad JSON, invalid values): nothing written. */
        record Invalid(String message, List<ConfigProblem> problems) implements Result {
        }

        /** No such app file. */
        record Unknown(String app) implements Result {
        }

        /** Valid, but the folder as a whole then did not reload; the file was restored. */
        record Refused(List<ConfigProblem> problems) implements Result {
        }
    }

    private AppPatch() {
    }

    static Result apply(String app, JsonNode body, ConfigSnapshot current, Reloads reloads) throws IOException {
        if (!AppConfigParser.validAppName(app) || !current.apps().containsKey(app)) {
            return new Result.Unknown(app);
        }
        Map<String, String> changes = new LinkedHashMap<>();
        Optional<String> bad = changes(body, changes);
        if (bad.isPresent()) {
            return new Result.Invalid(bad.get(), List.of());
        }
        Path file = AppConfig.fileOf(current.folder(), app);
        String label = "apps/" + app + ".properties";
        String before;
        try {
            before = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Result.Unknown(app);
        }
        String after;
        try {
            after = AppFileEditor.edit(before, changes);
        } catch (IllegalArgumentException e) {
            return new Result.Invalid(label + " " + e.getMessage(), List.of());
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<AppConfig> parsed = AppConfigParser.parse(app, PropertiesFile.parse(after, label, problems),
                current.folder());
        parsed.ifPresent(c -> domainConflicts(c, current, label, problems));
        if (!problems.isEmpty()) {
            return new Result.Invalid(label + " would not validate; nothing was changed", problems);
        }
        ReloadOutcome outcome = reloads.reloadAfter("PATCH " + label, new Reloads.FolderEdit() {
            @Override
            public void apply() throws IOException {
                AppFileEditor.write(file, after);
            }

            @Override
            public void undo() throws IOException {
                AppFileEditor.write(file, before);
            }

            @Override
            public boolean appFilesOnly() {
                return true;
            }
        });
        if (outcome instanceof ReloadOutcome.Refused r) {
            return new Result.Refused(r.problems());
        }
        return new Result.Applied(parsed.get());
    }

    /** Reads the body into key -> value (null removes the key); returns what is wrong with it, if anything. */
    static Optional<String> changes(JsonNode body, Map<String, String> out) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            return Optional.of("expected a JSON object of app keys, such as {\"workers\": 3, \"queue.size\": 10}");
        }
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                out.put(e.getKey(), null);
            } else if (v.isValueNode()) {
                out.put(e.getKey(), v.asText());
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) {
                    if (!item.isValueNode() || item.isNull()) {
                        return Optional.of(e.getKey() + ": expected a list of strings");
                    }
                    items.add(item.asText());
                }
                out.put(e.getKey(), String.join(", ", items));
            } else {
                return Optional.of(e.getKey() + ": expected a string, number, boolean, list, or null to remove it");
            }
        }
        return Optional.empty();
    }

    private static void domainConflicts(AppConfig edited, ConfigSnapshot current, String label,
                                        List<ConfigProblem> problems) {
        AppConfig old = current.apps().get(edited.name());
        if (old != null && old.domains().equals(edited.domains())) {
            return;
        }
        for (AppConfig other : current.apps().values()) {
            if (other.name().equals(edited.name())) {
                continue;
            }
            for (String d : edited.domains()) {
                if (other.domains().contains(d)) {
                    problems.add(new ConfigProblem(label, "domains", "'" + d + "' already belongs to app "
                            + other.name() + " (expected each domain in one app only)"));
                }
            }
        }
    }
}

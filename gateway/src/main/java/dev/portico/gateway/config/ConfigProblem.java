package dev.portico.gateway.config;

import static java.util.Objects.requireNonNull;

/** One thing wrong in the config folder: where it is and what to do about it. */
public record ConfigProblem(String file, String key, String message) {

    public ConfigProblem {
        requireNonNull(file, "file");
        requireNonNull(key, "key");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return key.isEmpty() ? file + ": " + message : file + ":" + key + ": " + message;
    }
}

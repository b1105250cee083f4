package dev.portico.gateway.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Changes keys of an app file the way an operator would by hand: comments, blank lines and the order of
 * keys stay where they were (Commons Configuration's layout), a changed key keeps its place, a new key
 * goes at the end, and the file is replaced atomically so a reader never sees half of it.
 */
public final class AppFileEditor {

    private AppFileEditor() {
    }

    /**
     * {@code text} with {@code changes} applied: a value sets the key, null removes it.
     *
     * @throws IllegalArgumentException when {@code text} cannot be read as a properties file
     */
    public static String edit(String text, Map<String, String> changes) {
        PropertiesConfiguration props = new PropertiesConfiguration();
        try {
            props.read(new StringReader(text));
            changes.forEach((key, value) -> {
                if (value == null) {
                    props.clearProperty(key);
                } else {
                    props.setProperty(key, value);
                }
            });
            StringWriter out = new StringWriter(text.length() + 64);
            props.write(out);
            return out.toString();
        } catch (ConfigurationException | IOException e) {
            throw new IllegalArgumentException("cannot be edited: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code file} with {@code text}: written to a hidden file beside it (which the config
     * folder ignores), then renamed over it in one step.
     */
    public static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}

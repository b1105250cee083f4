package dev.portico.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * One {@code .properties} file read through Commons Configuration, with typed getters that collect
 * {@code file:key: problem} lines instead of throwing, so that one pass reports everything wrong. Plain
 * files (nearly all app files) are read by {@link PlainProperties}, which agrees with Commons
 * Configuration on them and is much faster; anything else goes through Commons Configuration.
 */
public final class PropertiesFile {

    private final String label;
    private final PropertiesConfiguration props; // null when plain is set
    private final Map<String, List<String>> plain;
    private final List<ConfigProblem> problems;
    private final Set<String> read = new HashSet<>();

    private PropertiesFile(String label, PropertiesConfiguration props, Map<String, List<String>> plain,
                           List<ConfigProblem> problems) {
        this.label = label;
        this.props = props;
        this.plain = plain;
        this.problems = problems;
    }

    /** Reads {@code file}; an unreadable file is itself a problem and yields an empty view. */
    public static PropertiesFile read(Path file, String label, List<ConfigProblem> problems) {
        return read(file, -1, label, problems);
    }

    /**
     * Reads {@code file}, expected to be {@code size} bytes long (from a stat just before; -1 when
     * unknown). Knowing the size saves two system calls per file, which counts at 100,000 files.
     */
    public static PropertiesFile read(Path file, long size, String label, List<ConfigProblem> problems) {
        String text;
        try {
            text = size < 0 || size > 1 << 20 ? Files.readString(file, StandardCharsets.UTF_8) : text(file, (int) size);
        } catch (CharacterCodingException e) {
            problems.add(new ConfigProblem(label, "", "cannot be read: not UTF-8 text (expected a UTF-8 text file)"));
            return new PropertiesFile(label, null, Map.of(), problems);
        } catch (IOException | RuntimeException e) {
            problems.add(new ConfigProblem(label, "", "cannot be read: " + e.getMessage()));
            return new PropertiesFile(label, null, Map.of(), problems);
        }
        return parse(text, label, problems);
    }

    /** A read buffer per reading thread: 100,000 app files then make no buffer garbage of their own. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(16 * 1024));

    /**
     * The file's text in three system calls (open, one read, close): it asks for {@code size + 1}
     * bytes, and a regular file that gives fewer than asked has reached its end.
     */
    private static String text(Path file, int size) throws IOException {
        ByteBuffer shared = READ_BUFFER.get();
        ByteBuffer buf = size + 1 <= shared.capacity() ? shared.clear() : ByteBuffer.allocate(size + 1);
        byte[] bytes;
        int n;
        try (FileChannel ch = FileChannel.open(file)) {
            buf.limit(size + 1);
            n = Math.max(0, ch.read(buf));
            if (n <= size) {
                bytes = buf.array();
            } else {
                bytes = grown(Arrays.copyOf(buf.array(), n), ch);
                n = bytes.length;
            }
        }
        for (int i = 0; i < n; i++) {
            if (bytes[i] < 0) { // not ASCII: decode strictly, so that a file that is not UTF-8 is reported
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, n)).toString();
            }
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The file grew since it was stamped: read the rest too (the next reload will see the new stamp). */
    private static byte[] grown(byte[] start, FileChannel ch) throws IOException {
        byte[] rest = Channels.newInputStream(ch).readAllBytes();
        byte[] all = Arrays.copyOf(start, start.length + rest.length);
        System.arraycopy(rest, 0, all, start.length, rest.length);
        return all;
    }

    /** Reads properties from {@code text}, labelled {@code label} in problems. */
    public static PropertiesFile parse(String text, String label, List<ConfigProblem> problems) {
        Map<String, List<String>> plain = PlainProperties.parse(text);
        if (plain != null) {
            return new PropertiesFile(label, null, plain, problems);
        }
        PropertiesConfiguration props = new PropertiesConfiguration();
        try (Reader in = new StringReader(text)) {
            props.read(in);
        } catch (IOException | ConfigurationException | RuntimeException e) {
            problems.add(new ConfigProblem(label, "", "cannot be read: " + e.getMessage()));
        }
        return new PropertiesFile(label, props, null, problems);
    }

    /** A file that is not there, read as one without keys: every getter answers its default. */
    public static PropertiesFile empty(String label, List<ConfigProblem> problems) {
        return new PropertiesFile(label, null, Map.of(), problems);
    }

    /** The label used in problems, such as {@code apps/alice.properties}. */
    public String label() {
        return label;
    }

    public void problem(String key, String message) {
        problems.add(new ConfigProblem(label, key, message));
    }

    /** How many problems the shared list holds so far (all files, not only this one). */
    public int problemCount() {
        return problems.size();
    }

    public boolean has(String key) {
        return plain != null ? plain.containsKey(key) : props.containsKey(key);
    }

    /** Keys in file order. */
    public List<String> keys() {
        if (plain != null) {
            return new ArrayList<>(plain.keySet());
        }
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = props.getKeys(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    /** Keys starting with {@code prefix}, in file order. */
    public List<String> keys(String prefix) {
        List<String> keys = keys();
        keys.removeIf(k -> !k.startsWith(prefix));
        return keys;
    }

    /** The interpolated value; {@code ${env:X}} of an unset variable counts as absent. */
    public Optional<String> string(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        read.add(key); // only keys the file has: these are what rejectUnknownKeys checks
        if (plain != null) {
            List<String> all = plain.get(key);
            if (all.size() > 1) {
                problem(key, "given " + all.size() + " times (expected once)");
            }
            return Optional.of(all.get(0).trim()); // plain text holds no ${...} by construction
        }
        String[] all = props.getStringArray(key);
        if (all.length > 1) {
            problem(key, "given " + all.length + " times (expected once)");
        }
        String v;
        try {
            v = props.getString(key);
        } catch (RuntimeException e) {
            problem(key, "cannot be interpolated: " + e.getMessage());
            return Optional.empty();
        }
        if (v == null || v.contains("${")) {
            return Optional.empty();
        }
        return Optional.of(v.trim());
    }

    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    public Optional<String> required(String key, String expected) {
        Optional<String> v = string(key);
        if (v.isEmpty() || v.get().isEmpty()) {
            problem(key, "missing (expected " + expected + ")");
            return Optional.empty();
        }
        return v;
    }

    /** Parses the value with {@code parser}; its IllegalArgumentException message becomes the problem. */
    public <T> Optional<T> parsed(String key, Function<String, T> parser) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(v.get()));
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    public int integer(String key, int fallback, int min, int max) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                problem(key, n + " (expected " + range(min, max) + ")");
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(key, "'" + v.get() + "' (expected a whole number, " + range(min, max) + ")");
            return fallback;
        }
    }

    public double number(String key, double fallback, double minExclusive) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            double n = Double.parseDouble(v.get());
            if (!(n > minExclusive) || Double.isInfinite(n)) {
                problem(key, v.get() + " (expected a number > " + (long) minExclusive + ")");
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(key, "'" + v.get() + "' (expected a number)");
            return fallback;
        }
    }

    public boolean bool(String key, boolean fallback) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(key, "'" + v.get() + "' (expected true or false)");
                yield fallback;
            }
        };
    }

    public Duration duration(String key, Duration fallback, Duration min) {
        Optional<Duration> d = parsed(key, Values::duration);
        if (d.isPresent() && d.get().compareTo(min) < 0) {
            problem(key, Values.format(d.get()) + " (expected at least " + Values.format(min) + ")");
            return fallback;
        }
        return d.orElse(fallback);
    }

    public long size(String key, long fallback, long min) {
        Optional<Long> n = parsed(key, Values::size);
        if (n.isPresent() && n.get() < min) {
            problem(key, n.get() + " bytes (expected at least " + min + ")");
            return fallback;
        }
        return n.orElse(fallback);
    }

    /**
     * Reports every key not read so far and not under one of {@code openPrefixes}, so that a typo such
     * as {@code worker = 4} is an error rather than a silently ignored line.
     */
    public void rejectUnknownKeys(List<String> openPrefixes, String expected) {
        for (String k : keys()) {
            if (!read.contains(k) && !startsWithAny(k, openPrefixes)) {
                problem(k, "unknown key (expected one of: " + expected + ")");
            }
        }
    }

    private static boolean startsWithAny(String key, List<String> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            if (key.startsWith(prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static String range(int min, int max) {
        if (max == Integer.MAX_VALUE) {
            return ">= " + min;
        }
        return min + ".." + max;
    }
}

package dev.portico.loadtest.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds system programs (nginx lives in /usr/sbin, often outside PATH) and runs short commands. */
public final class Programs {

    private Programs() {
    }

    /** The program's path, or null when it is not installed. */
    public static Path find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The program's path, or an exception naming the Debian package to install. */
    public static Path require(String program, String debianPackage) {
        Path p = find(program);
        if (p == null) {
            throw new MissingProgramException(program + " is not installed (apt-get install " + debianPackage + ")");
        }
        return p;
    }

    /** Runs a command to completion; returns its output (stdout + stderr) whatever its exit status. */
    public static String output(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Runs a command to completion (at most {@code timeoutSeconds}); returns its output (stdout + stderr). */
    public static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no answer within " + timeoutSeconds + " s");
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + text.strip());
        }
        return text;
    }

    /** A program the scenario needs is missing. */
    public static final class MissingProgramException extends RuntimeException {
        public MissingProgramException(String message) {
            super(message);
        }
    }
}

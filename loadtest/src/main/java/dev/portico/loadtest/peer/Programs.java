package dev.portico.loadtest.peer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        return finish(command, timeoutSeconds).output();
    }

    /** Runs a command to completion (at most {@code timeoutSeconds}); returns its output (stdout + stderr). */
    public static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Finished f = finish(command, timeoutSeconds);
        if (f.timedOut) {
            throw new TimeoutException(String.join(" ", command) + ": no answer within " + timeoutSeconds
                    + " s (killed)" + (f.output.isBlank() ? "" : ": " + f.output.strip()));
        }
        if (f.exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + f.exit + ": " + f.output.strip());
        }
        return f.output;
    }

    private record Finished(String output, int exit, boolean timedOut) {
    }

    /**
     * Starts the command and collects its output on a thread of its own, so that a program that never
     * ends is killed at the deadline instead of holding the caller in a read.
     */
    private static Finished finish(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process was killed: what it printed so far is kept
            }
        }, "output-of-" + Path.of(command.get(0)).getFileName());
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = !p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (timedOut) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        return new Finished(out.toString(StandardCharsets.UTF_8), timedOut ? -1 : p.exitValue(), timedOut);
    }

    /** A command did not end within its time and was killed. */
    public static final class TimeoutException extends IOException {
        public TimeoutException(String message) {
            super(message);
        }
    }

    /** A program the scenario needs is missing. */
    public static final class MissingProgramException extends RuntimeException {
        public MissingProgramException(String message) {
            super(message);
        }
    }
}

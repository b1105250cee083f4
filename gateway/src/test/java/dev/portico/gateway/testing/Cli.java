package dev.portico.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line client (openssl, curl) to completion and returns its exit code and output. */
public final class Cli {

    /** Exit code and the merged stdout + stderr. */
    public record Run(int exit, String output) {
    }

    private Cli() {
    }

    public static Run run(List<String> command, String stdin, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("portico-cli-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish in " + timeoutSeconds + " s: " + command);
            }
            String text = Files.readString(out, StandardCharsets.ISO_8859_1);
            Files.deleteIfExists(out);
            return new Run(p.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code openssl s_client} against 127.0.0.1:port with the given arguments; stdin closed at once. */
    public static Run sClient(int port, String... args) {
        SystemDeps.require("openssl", "openssl");
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(args));
        return run(cmd, "", 20);
    }
}

package dev.portico.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a system program (uwsgi, nginx, chromium, openssl) call {@link #require}: without the
 * program they are skipped with the reason, unless {@code -Dportico.requireSystemDeps=true} (set by CI),
 * in which case the missing program fails the test.
 */
public final class SystemDeps {

    private SystemDeps() {
    }

    /** Returns the program's path, or skips/fails the calling test. */
    public static Path require(String program, String debianPackages) {
        Path found = find(program);
        if (found != null) {
            return found;
        }
        missing(program + " is not installed (apt-get install " + debianPackages + ")");
        return null;
    }

    /** Skips/fails the calling test, as {@link #require} does, when the kernel lacks {@code feature}. */
    public static void requireKernel(boolean available, String feature, Throwable why) {
        if (available) {
            return;
        }
        missing("the kernel does not offer " + feature + " (" + why + ")");
    }

    /** Skips the calling test with {@code reason}, or fails it under {@code -Dportico.requireSystemDeps=true}. */
    private static void missing(String reason) {
        if (Boolean.getBoolean("portico.requireSystemDeps")) {
            throw new AssertionError(reason + "; -Dportico.requireSystemDeps=true forbids skipping");
        }
        Assumptions.abort(reason + ", skipped");
    }

    public static Path find(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}

package dev.portico.loadtest.testing;

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
        String reason = program + " is not installed (apt-get install " + debianPackages + ")";
        if (Boolean.getBoolean("portico.requireSystemDeps")) {
            throw new AssertionError(reason + "; -Dportico.requireSystemDeps=true forbids skipping");
        }
        Assumptions.abort(reason + ", skipped");
        return null;
    }

    public static Path find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}

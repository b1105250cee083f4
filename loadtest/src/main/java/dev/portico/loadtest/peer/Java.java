package dev.portico.loadtest.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for other JVMs: this JDK's {@code java}, and this program's own class path. */
public final class Java {

    private Java() {
    }

    public static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A tool of this JDK, such as {@code jcmd} or {@code jfr}. */
    public static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** This JVM's class path with absolute entries, valid from any working directory. */
    public static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** {@code java <jvmOptions> -cp <this class path> <mainClass> <args>}. */
    public static List<String> self(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}

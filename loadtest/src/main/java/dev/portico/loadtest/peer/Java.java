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

    /** {@code java <jvmOptions> -cp <this class path> <mainClass> <args>}. */
    public static List<String> self(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}

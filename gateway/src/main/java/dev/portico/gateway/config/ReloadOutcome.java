package dev.portico.gateway.config;

import java.util.List;

/** How a reload ended: applied with what changed, or refused with every problem (nothing changed). */
public sealed interface ReloadOutcome {

    /** What asked for the reload: {@code watch}, {@code SIGHUP}, {@code api}, {@code PATCH apps/x}. */
    String trigger();

    /** The new config is in force. */
    record Applied(String trigger, ConfigChange change, long millis) implements ReloadOutcome {
    }

    /** The folder did not validate; the last good config keeps serving. */
    record Refused(String trigger, List<ConfigProblem> problems) implements ReloadOutcome {
        public Refused {
            problems = List.copyOf(problems);
        }
    }
}

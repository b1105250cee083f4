package dev.portico.loadtest.peer;

/**
 * The gateway under test does not offer what a scenario measures yet (no HTTPS listener, no egress
 * listener, no reload API): the scenario stops with this message instead of a number.
 */
public final class Unsupported extends Exception {

    public Unsupported(String message) {
        super(message, null, false, false);
    }
}

package dev.netc.cli;

import java.util.List;

/**
 * Stops a command with an exit code and, unless it was already reported (diagnostics), a message
 * that {@link Netc} prints as {@code netc: error: MESSAGE}; never a stack trace.
 */
final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private Problem(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A problem with the user's files (unreadable, malformed, not fitting the network): exit code 1. */
    static Problem input(String message) {
        return new Problem(message, Netc.INPUT_ERROR);
    }

    /** Several problems of one file, each printed on its own {@code netc: error:} line: exit code 1. */
    static Problem inputs(List<String> messages) {
        return new Problem(String.join("\n", messages), Netc.INPUT_ERROR);
    }

    /** A command line that cannot work as given: exit code 2. */
    static Problem usage(String message) {
        return new Problem(message, Netc.USAGE_ERROR);
    }

    /** Problems already printed (diagnostics): exit code 1, nothing more to say. */
    static Problem reported() {
        return new Problem(null, Netc.INPUT_ERROR);
    }

    int exitCode() {
        return exitCode;
    }
}

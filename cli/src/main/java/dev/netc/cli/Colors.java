package dev.netc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether to colour standard output and standard error, each on its own: results go to one and
 * diagnostics to the other, so {@code netc check x.net 2>err.txt} must keep escapes out of the file
 * while standard output stays coloured, and a terminal shows red errors when standard output is piped.
 *
 * <p>A stream is a terminal when the launcher script says so ({@code -Dnetc.stdout.terminal} and
 * {@code -Dnetc.stderr.terminal}, from the shell's {@code [ -t 1 ]} and {@code [ -t 2 ]}); without the
 * script ({@code java -jar netc.jar}), when {@code /proc/self/fd/N} leads to a terminal device (Linux);
 * elsewhere, when Java has a console (standard input and output are a terminal). {@code NO_COLOR} (any
 * value) and {@code TERM=dumb} turn colours off, as {@code --no-color} does.
 *
 * <p>Thread-safe: stateless.
 */
final class Colors {
    /** Standard output's file descriptor. */
    static final int STDOUT = 1;
    /** Standard error's file descriptor. */
    static final int STDERR = 2;

    private Colors() {}

    /** Whether the stream with file descriptor {@code fd} ({@link #STDOUT} or {@link #STDERR}) gets colours. */
    static boolean enabled(int fd) {
        return enabled(System.getenv(), isTerminal(fd, System.getProperty(property(fd))));
    }

    /** Whether a stream that is ({@code terminal}) or is not a terminal gets colours, given the environment. */
    static boolean enabled(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return terminal && !"dumb".equals(env.get("TERM"));
    }

    /**
     * Whether file descriptor {@code fd} is a terminal.
     *
     * @param hint the launcher's word ("true" or "false"), or null without one
     */
    static boolean isTerminal(int fd, String hint) {
        if (hint != null) {
            return Boolean.parseBoolean(hint.trim());
        }
        Path descriptor = Path.of("/proc/self/fd/" + fd);
        try {
            if (Files.isSymbolicLink(descriptor)) {
                return isTerminalDevice(Files.readSymbolicLink(descriptor).toString());
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Fall through to the console: the best guess this JVM has.
        }
        return System.console() != null;
    }

    /** Whether {@code device}, where a file descriptor leads, is a terminal: {@code /dev/pts/3}, {@code /dev/tty1}. */
    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }

    private static String property(int fd) {
        return fd == STDOUT ? "netc.stdout.terminal" : "netc.stderr.terminal";
    }
}

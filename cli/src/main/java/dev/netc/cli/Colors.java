package dev.netc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Which of standard output and standard error is a terminal, and so gets colours, each on its own:
 * results go to one and diagnostics to the other, so {@code netc check x.net 2>err.txt} must keep
 * escapes out of the file while standard output stays coloured, and a terminal shows red errors when
 * standard output is piped. Progress lines go to standard output and are rewritten in place only when
 * it is a terminal.
 *
 * <p>A stream is a terminal when the launcher script says so ({@code -Dnetc.stdout.terminal} and
 * {@code -Dnetc.stderr.terminal}, from the shell's {@code [ -t 1 ]} and {@code [ -t 2 ]}); without the
 * script ({@code java -jar netc.jar}), when {@code /proc/self/fd/N} leads to a terminal device (Linux);
 * elsewhere, when Java has a console (standard input and output are a terminal). {@code NO_COLOR} (any
 * value) and {@code TERM=dumb} turn colours off, as {@code --no-color} does; the stream is still a terminal.
 *
 * <p>Everything it looks at is given to it ({@link #ofThisProcess()} gives this process's), so the same
 * environment always decides the same. Immutable and thread-safe.
 */
final class Colors {
    /** Standard output's file descriptor. */
    static final int STDOUT = 1;
    /** Standard error's file descriptor. */
    static final int STDERR = 2;

    private final Map<String, String> env;
    private final UnaryOperator<String> properties;
    private final Path descriptors;
    private final boolean console;

    /**
     * @param env the environment variables ({@code NO_COLOR}, {@code TERM})
     * @param properties the system properties, where the launcher script puts its word
     * @param descriptors the folder where each open file descriptor is a link to what it is open on
     *     ({@code /proc/self/fd} on Linux; a folder that does not exist elsewhere)
     * @param console whether Java has a console: the guess when nothing else tells
     */
    Colors(Map<String, String> env, UnaryOperator<String> properties, Path descriptors, boolean console) {
        this.env = Map.copyOf(env);
        this.properties = properties;
        this.descriptors = descriptors;
        this.console = console;
    }

    /** What this process runs in: its environment, its system properties, {@code /proc/self/fd}, its console. */
    static Colors ofThisProcess() {
        return new Colors(System.getenv(), System::getProperty, Path.of("/proc/self/fd"), System.console() != null);
    }

    /** Whether the stream with file descriptor {@code fd} ({@link #STDOUT} or {@link #STDERR}) gets colours. */
    boolean enabled(int fd) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return isTerminal(fd) && !"dumb".equals(env.get("TERM"));
    }

    /** Whether file descriptor {@code fd} ({@link #STDOUT} or {@link #STDERR}) is a terminal. */
    boolean isTerminal(int fd) {
        String hint = properties.apply(fd == STDOUT ? "netc.stdout.terminal" : "netc.stderr.terminal");
        if (hint != null) {
            return Boolean.parseBoolean(hint.trim());
        }
        Path descriptor = descriptors.resolve(Integer.toString(fd));
        try {
            if (Files.isSymbolicLink(descriptor)) {
                return isTerminalDevice(Files.readSymbolicLink(descriptor).toString());
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Fall through to the console: the best guess this JVM has.
        }
        return console;
    }

    /** Whether {@code device}, where a file descriptor leads, is a terminal: {@code /dev/pts/3}, {@code /dev/tty1}. */
    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }
}

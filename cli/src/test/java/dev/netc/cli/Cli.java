package dev.netc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code netc} in this JVM with captured output, as the tests need it. */
final class Cli {
    /** The example networks of the examples module, as a user of the source tree would name them. */
    static final Path EXAMPLES = Path.of("../examples/src/main/net")
            .resolve("dev/netc/examples");
    static final Path SPIRAL = EXAMPLES.resolve("spiral.net");
    static final Path TWO_LAYER = EXAMPLES.resolve("two_layer.net");
    static final Path LAYER_DENSE = EXAMPLES.resolve("layer_dense.net");
    static final Path BAD = Path.of("src/test/resources/bad");
    static final Path NETS = Path.of("src/test/resources/nets");

    private Cli() {}

    /** What one command printed and returned. */
    record Result(int exitCode, String out, String err) {}

    /** {@code netc ARGS...} as when piped: no colours, one progress line per update. */
    static Result run(Object... args) {
        return withTerminals(false, false, args);
    }

    /** {@code netc ARGS...} as on a terminal: colours unless {@code --no-color}, progress rewritten in place. */
    static Result onTerminal(Object... args) {
        return withTerminals(true, true, args);
    }

    /** {@code netc ARGS...} with standard output and standard error each a terminal or not. */
    static Result withTerminals(boolean outTerminal, boolean errTerminal, Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i].toString();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Netc.execute(strings, new PrintWriter(out, true), new PrintWriter(err, true),
                terminals(outTerminal, errTerminal));
        return new Result(code, normalize(out.toString()), normalize(err.toString()));
    }

    /** Streams as the launcher script describes them, in an environment without NO_COLOR or TERM. */
    static Colors terminals(boolean outTerminal, boolean errTerminal) {
        Map<String, String> launcher = Map.of("netc.stdout.terminal", Boolean.toString(outTerminal),
                "netc.stderr.terminal", Boolean.toString(errTerminal));
        return new Colors(Map.of(), launcher::get, Path.of("no-descriptors"), false);
    }

    private static String normalize(String text) {
        return text.replace(System.lineSeparator(), "\n");
    }
}

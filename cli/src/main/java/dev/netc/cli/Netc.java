package dev.netc.cli;

import dev.netc.runtime.internal.RuntimeVersion;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code netc} command: checks, generates, summarises, draws and runs {@code .net} networks, and
 * converts them from and to ONNX.
 *
 * <p>Exit codes: 0 when all went well, 1 when an input has problems (diagnostics, unreadable or
 * unfitting files), 2 when the command line is wrong. Errors are one line, {@code netc: error: ...},
 * never a stack trace.
 *
 * <p>An instance holds the options of one command line and is not thread-safe; {@link #main} makes a new
 * one per run.
 */
@Command(
        name = "netc",
        mixinStandardHelpOptions = true,
        versionProvider = Netc.Version.class,
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "COMMAND",
        description = "Checks, generates, summarises, draws, runs and trains the neural networks of .net files, and "
                + "converts them from and to ONNX.",
        subcommands = {
            CheckCommand.class,
            GenerateCommand.class,
            SummaryCommand.class,
            DiagramCommand.class,
            RunCommand.class,
            TrainCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%n",
        footer = {
            "Examples:",
            "  netc check src/main/net/*.net",
            "  netc generate iris.net -d build/generated --package com.acme.models",
            "  netc summary iris.net",
            "  netc diagram iris.net -o iris.svg",
            "  netc run iris.net --weights iris.npz --input samples.csv",
            "  netc train iris.net --data train.npz --loss categorical_crossentropy --optimizer 'adam(lr=0.02)' \\",
            "      --epochs 100 -o iris.npz",
            "  netc import model.onnx -d src/main/net",
            "  netc export iris.net -o iris.onnx",
            "",
            "Exit status: 0 on success, 1 when a file has errors or cannot be used, 2 for a wrong command line.",
            "Run 'netc help COMMAND' for the options of a command."
        })
public final class Netc implements Callable<Integer> {
    /** Exit code when an input has problems. */
    public static final int INPUT_ERROR = 1;
    /** Exit code when the command line is wrong. */
    public static final int USAGE_ERROR = 2;

    @Spec
    CommandSpec spec;

    // Read by execute() from the arguments before parsing, so even usage errors come out plain;
    // declared here so that picocli accepts it anywhere and documents it.
    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "Plain text without colours. Colours are also off on a stream that is not a terminal "
                    + "(standard output and standard error each by itself) or when NO_COLOR is set.")
    boolean noColor;

    private Terminal terminal;
    /** How picocli colours text on the error stream (the usage after "no command given"). */
    private Help.ColorScheme errColors;

    /** Runs {@code netc ARGS...} and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(args, out, err, Colors.ofThisProcess());
        // PrintStream and PrintWriter keep write errors to themselves (a full disk, a closed pipe).
        if (code == 0 && (out.checkError() || System.out.checkError())) {
            err.println("netc: error: cannot write to standard output");
            code = INPUT_ERROR;
        }
        System.exit(code);
    }

    /**
     * Runs {@code netc ARGS...} in this JVM, as {@link #main} does and the tests do.
     *
     * @param streams which of {@code out} and {@code err} is a terminal, each by itself: diagnostics go to
     *     {@code err}, results and progress to {@code out}. A terminal gets colours ({@code --no-color}
     *     still turns them off), and on a terminal {@code out} gets progress lines rewritten in place.
     * @return the exit code
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Colors streams) {
        boolean plain = wantsNoColor(args);
        boolean errColor = streams.enabled(Colors.STDERR) && !plain;
        Netc netc = new Netc();
        netc.terminal = new Terminal(out, err, errColor, streams.isTerminal(Colors.STDOUT));
        netc.errColors = Help.defaultColorScheme(errColor ? Help.Ansi.ON : Help.Ansi.OFF);
        CommandLine commandLine = new CommandLine(netc)
                .setOut(out)
                .setErr(err)
                .setColorScheme(Help.defaultColorScheme(streams.enabled(Colors.STDOUT) && !plain ? Help.Ansi.ON
                        : Help.Ansi.OFF))
                .setParameterExceptionHandler(Netc::usageError)
                .setExecutionExceptionHandler((e, cl, parsed) -> netc.failure(e));
        // Every command takes --version (mixinStandardHelpOptions); without a provider of its own it printed nothing.
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            netc.terminal.error("out of memory; give Java more with JAVA_OPTS=-Xmx4g (or more)");
            return INPUT_ERROR;
        } finally {
            netc.terminal.flush();
        }
    }

    /** Without a command: the usage, on the error stream, as a usage error. */
    @Override
    public Integer call() {
        terminal.error("no command given");
        spec.commandLine().usage(terminal.err(), errColors);
        return USAGE_ERROR;
    }

    Terminal terminal() {
        return terminal;
    }

    private int failure(Exception e) {
        if (e instanceof Problem problem) {
            if (problem.getMessage() != null) {
                problem.getMessage().lines().forEach(terminal::error);
            }
            return problem.exitCode();
        }
        // Not expected: still one clear line rather than a stack trace.
        terminal.error("internal error: " + e + " (please report this with the command that caused it)");
        return INPUT_ERROR;
    }

    /** {@code netc: error: MESSAGE}, suggestions for a misspelt command, then where to find help. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        Netc root = (Netc) root(cl).getCommand();
        List<String> suggestions = e instanceof UnmatchedArgumentException unmatched
                ? unmatched.getSuggestions() : List.of();
        if (e instanceof UnmatchedArgumentException unmatched && cl.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            root.terminal.error("unknown command '" + unmatched.getUnmatched().get(0) + "'");
        } else if (e instanceof MissingParameterException missing && unmatchedOption(cl) != null) {
            // picocli reports what is missing before the option it did not know, the likelier mistake;
            // a missing file next to an unknown option is often a file named like an option.
            String option = unmatchedOption(cl);
            boolean fileMissing = missing.getMissing().stream().allMatch(ArgSpec::isPositional);
            root.terminal.error("unknown option: '" + option + "'" + (fileMissing ? " (a file whose name starts with"
                    + " '-' goes after '--', as in: " + cl.getCommandSpec().qualifiedName() + " -- " + option + ")" : ""));
            suggestions = new UnmatchedArgumentException(cl, List.of(option)).getSuggestions();
        } else {
            root.terminal.error(ownWording(e.getMessage()));
        }
        if (!suggestions.isEmpty()) {
            root.terminal.err().println("Did you mean: " + String.join(" or ", suggestions) + "?");
        }
        root.terminal.err().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        return USAGE_ERROR;
    }

    /**
     * picocli's message as netc words its own: "unknown option: '-x'", no "Error: ", no full stop, and
     * "command" where picocli says "subcommand" ({@code netc help bogus}), as netc calls them everywhere.
     */
    private static String ownWording(String message) {
        String text = message.replaceFirst("^Error: ", "").replaceFirst("\\.$", "")
                .replaceFirst("^(?i)unknown subcommand", "unknown command");
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** The first argument that looks like an option and that picocli did not know, or null. */
    private static String unmatchedOption(CommandLine cl) {
        return cl.getUnmatchedArguments().stream()
                .filter(arg -> arg.startsWith("-") && arg.length() > 1)
                .findFirst()
                .orElse(null);
    }

    private static CommandLine root(CommandLine cl) {
        while (cl.getParent() != null) {
            cl = cl.getParent();
        }
        return cl;
    }

    /** True when {@code --no-color} comes before the end of the options ({@code --}). */
    private static boolean wantsNoColor(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--no-color")) {
                return true;
            }
        }
        return false;
    }

    /** {@code netc 0.1.0}, the Java it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"netc " + version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vendor") + ")"};
        }

        /** Read as every netc module reads its version; "unknown" rather than failing over a version line. */
        static String version() {
            return RuntimeVersion.read(Netc.class, "netc-version.properties").orElse("unknown");
        }
    }
}

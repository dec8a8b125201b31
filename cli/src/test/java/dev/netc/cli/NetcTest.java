package dev.netc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.cli.Cli.Result;
import dev.netc.runtime.internal.RuntimeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command itself: help, version, and what a wrong command line gets. */
class NetcTest {

    @Test
    void helpListsEveryCommand() {
        Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Usage: netc [-hV] [--no-color] COMMAND\n").contains(
                "  check     Check .net files and print every problem.\n",
                "  generate  Generate a Java class per .net file.\n",
                "  summary   Print a Keras-style summary of a network.\n",
                "  diagram   Draw a network as an SVG picture.\n",
                "  run       Run a network on rows of numbers (CSV or .npy).\n",
                "Exit status: 0 on success, 1 when a file has errors or cannot be used, 2 for a");
    }

    @Test
    void helpCommandShowsACommandsOptions() {
        Result result = Cli.run("help", "run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: netc run", "-i, --input=X", "-w, --weights=W.npz", "--seed=N",
                "-o, --output=OUT");
    }

    @Test
    void versionNamesTheRelease() {
        Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("netc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*\n")
                // Released together: the command line is the version of the runtime it carries.
                .startsWith("netc " + RuntimeVersion.current().orElseThrow() + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "generate", "summary", "diagram", "run", "import", "export"})
    void everyCommandPrintsTheVersionAsNetcDoes(String command) {
        Result result = Cli.run(command, "--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo(Cli.run("--version").out()).startsWith("netc ");
        assertThat(Cli.run(command, "-V").out()).isEqualTo(result.out());
    }

    @Test
    void unknownCommandSuggestsTheNearestOnes() {
        Result result = Cli.run("chek", "x.net");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("""
                netc: error: unknown command 'chek'
                Did you mean: check or help?
                Try 'netc --help' for more information.
                """);
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result result = Cli.run("summary", "--colour", "x.net");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("netc: error: unknown option: '--colour'\n")
                .endsWith("Try 'netc summary --help' for more information.\n");
    }

    @Test
    void aFileNamedLikeAnOptionIsAnUnknownOptionWithTheWayAround() {
        Result result = Cli.run("check", "-weird.net");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                netc: error: unknown option: '-weird.net' (a file whose name starts with '-' goes after '--', \
                as in: netc check -- -weird.net)
                Try 'netc check --help' for more information.
                """);
    }

    @Test
    void aMisspeltRequiredOptionIsNamedWithTheNearestOne() {
        Result result = Cli.run("run", "x.net", "--inpt", "1,2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                netc: error: unknown option: '--inpt'
                Did you mean: --input?
                Try 'netc run --help' for more information.
                """);
    }

    @Test
    void helpForAnUnknownCommandIsAUsageError() {
        Result result = Cli.run("help", "bogus");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("""
                netc: error: unknown command 'bogus'
                Try 'netc --help' for more information.
                """);
    }

    @Test
    void withoutACommandItShowsTheUsage() {
        Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("netc: error: no command given\nUsage: netc [-hV] [--no-color] COMMAND\n");
    }

    @Test
    void errorsAreRedOnATerminal() {
        Result result = Cli.onTerminal("run", "x.net");

        assertThat(result.err()).startsWith("netc: \u001B[1;31merror:\u001B[0m missing required option");
    }
}

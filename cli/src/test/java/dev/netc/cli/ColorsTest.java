package dev.netc.cli;

import static dev.netc.cli.Cli.BAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.netc.cli.Cli.Result;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colours per stream: diagnostics go to standard error, so whether it is a terminal decides their colour.
 * Every decision is made from an environment the test gives, never from the one the tests run in.
 */
class ColorsTest {
    private static final String ESCAPE = "\u001B[";

    @TempDir
    Path temp;

    @Test
    void aTerminalGetsRedErrorsWhileStandardOutputIsPiped() {
        Result result = Cli.withTerminals(false, true, "check", BAD.resolve("typo.net"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("\u001B[1;31merror:\u001B[0m");
        assertThat(result.out()).doesNotContain(ESCAPE);
    }

    @Test
    void standardErrorRedirectedToAFileGetsNoEscapesWhileStandardOutputIsATerminal() {
        Result check = Cli.withTerminals(true, false, "check", BAD.resolve("typo.net"));
        Result usage = Cli.withTerminals(true, false, "run", "x.net");
        Result noCommand = Cli.withTerminals(true, false);

        assertThat(check.err()).contains(": error: ").doesNotContain(ESCAPE);
        assertThat(usage.err()).startsWith("netc: error: missing required option").doesNotContain(ESCAPE);
        assertThat(noCommand.err()).startsWith("netc: error: no command given\nUsage: netc").doesNotContain(ESCAPE);
        // Help goes to standard output, which is the terminal here.
        assertThat(Cli.withTerminals(true, false, "--help").out()).contains(ESCAPE);
        assertThat(Cli.withTerminals(false, true, "--help").out()).doesNotContain(ESCAPE);
    }

    @Test
    void noColorAndADumbTerminalTurnColoursOffButTheStreamIsStillATerminal() {
        assertThat(colors(Map.of(), true).enabled(Colors.STDERR)).isTrue();
        assertThat(colors(Map.of(), false).enabled(Colors.STDERR)).isFalse();
        assertThat(colors(Map.of("NO_COLOR", "1"), true).enabled(Colors.STDERR)).isFalse();
        assertThat(colors(Map.of("NO_COLOR", ""), true).enabled(Colors.STDERR)).isTrue();
        assertThat(colors(Map.of("TERM", "dumb"), true).enabled(Colors.STDERR)).isFalse();
        assertThat(colors(Map.of("TERM", "xterm-256color"), true).enabled(Colors.STDERR)).isTrue();
        // Progress lines are still rewritten in place: NO_COLOR is about colours only.
        assertThat(colors(Map.of("NO_COLOR", "1"), true).isTerminal(Colors.STDOUT)).isTrue();
    }

    @Test
    void theLaunchersWordDecidesEachStreamOverEverythingElse() throws IOException {
        Map<String, String> launcher = Map.of("netc.stdout.terminal", "true", "netc.stderr.terminal", " false");
        Colors colors = new Colors(Map.of(), launcher::get, descriptors("/home/me/out.txt", "/dev/pts/3"), true);

        assertThat(colors.isTerminal(Colors.STDOUT)).isTrue();
        assertThat(colors.isTerminal(Colors.STDERR)).isFalse();
    }

    @Test
    void withoutTheLauncherWhereEachDescriptorLeadsDecides() throws IOException {
        Colors colors = new Colors(Map.of(), name -> null, descriptors("pipe:[12345]", "/dev/pts/3"), true);

        assertThat(colors.isTerminal(Colors.STDOUT)).isFalse();
        assertThat(colors.isTerminal(Colors.STDERR)).isTrue();
        assertThat(colors.enabled(Colors.STDOUT)).isFalse();
        assertThat(colors.enabled(Colors.STDERR)).isTrue();
        assertThat(Colors.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Colors.isTerminalDevice("/dev/console")).isTrue();
        assertThat(Colors.isTerminalDevice("/home/me/err.txt")).isFalse();
    }

    @Test
    void withoutTheLauncherOrDescriptorsTheConsoleDecides() {
        Path none = temp.resolve("no-such-folder");

        assertThat(new Colors(Map.of(), name -> null, none, true).isTerminal(Colors.STDOUT)).isTrue();
        assertThat(new Colors(Map.of(), name -> null, none, false).isTerminal(Colors.STDERR)).isFalse();
    }

    /** Both streams a terminal or neither, as the launcher says, in the environment {@code env}. */
    private static Colors colors(Map<String, String> env, boolean terminal) {
        return new Colors(env, name -> Boolean.toString(terminal), Path.of("no-descriptors"), !terminal);
    }

    /** A descriptor folder as Linux's /proc/self/fd: 1 and 2 links to where the streams go. */
    private Path descriptors(String stdout, String stderr) throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path folder = Files.createDirectories(temp.resolve("fd"));
        Files.createSymbolicLink(folder.resolve("1"), Path.of(stdout));
        Files.createSymbolicLink(folder.resolve("2"), Path.of(stderr));
        return folder;
    }
}

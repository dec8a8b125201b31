package dev.netc.cli;

import static dev.netc.cli.Cli.BAD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.cli.Cli.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colours per stream: diagnostics go to standard error, so whether it is a terminal decides their colour. */
class ColorsTest {
    private static final String ESCAPE = "\u001B[";

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
    void noColorAndADumbTerminalTurnColoursOff() {
        assertThat(Colors.enabled(Map.of(), true)).isTrue();
        assertThat(Colors.enabled(Map.of(), false)).isFalse();
        assertThat(Colors.enabled(Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(Colors.enabled(Map.of("NO_COLOR", ""), true)).isTrue();
        assertThat(Colors.enabled(Map.of("TERM", "dumb"), true)).isFalse();
        assertThat(Colors.enabled(Map.of("TERM", "xterm-256color"), true)).isTrue();
    }

    @Test
    void theLaunchersWordDecidesEachStream() {
        assertThat(Colors.isTerminal(Colors.STDOUT, "true")).isTrue();
        assertThat(Colors.isTerminal(Colors.STDERR, "false")).isFalse();
    }

    @Test
    void withoutTheLauncherAPipeIsNoTerminal() {
        // Surefire reads the test JVM's standard streams through pipes.
        assertThat(Colors.isTerminal(Colors.STDOUT, null)).isFalse();
        assertThat(Colors.isTerminal(Colors.STDERR, null)).isFalse();
        assertThat(Colors.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Colors.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Colors.isTerminalDevice("pipe:[12345]")).isFalse();
        assertThat(Colors.isTerminalDevice("/home/me/err.txt")).isFalse();
    }
}

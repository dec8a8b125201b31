package dev.netc.cli;

import static dev.netc.cli.Cli.BAD;
import static dev.netc.cli.Cli.LAYER_DENSE;
import static dev.netc.cli.Cli.SPIRAL;
import static dev.netc.cli.Cli.TWO_LAYER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    private static final String TYPO_ERRORS = """
            src/test/resources/bad/typo.net:2:15: error: unknown activation 'rellu'; did you mean 'relu'?
            dense 4 -> 16 rellu;
                          ^
            src/test/resources/bad/typo.net:3:7: error: layer 'dense_1' takes 15 inputs but 'dense_0' produces 16
            dense 15 -> 3;
                  ^
            """;

    @Test
    void examplesAreClean() {
        Result result = Cli.run("check", LAYER_DENSE, SPIRAL, TWO_LAYER);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(LAYER_DENSE + ": ok\n" + SPIRAL + ": ok\n" + TWO_LAYER + ": ok\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void quietPrintsNothingForCleanFiles() {
        Result result = Cli.run("check", "-q", SPIRAL);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
    }

    @Test
    void everyErrorIsPrintedAsJavacDoesAndTheExitCodeIsOne() {
        Result result = Cli.run("check", BAD.resolve("typo.net"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(TYPO_ERRORS + "2 errors in 1 file\n");
    }

    @Test
    void goodAndBadFilesTogetherReportBoth() {
        Result result = Cli.run("check", SPIRAL, BAD.resolve("typo.net"), BAD.resolve("missing_semicolon.net"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(SPIRAL + ": ok\n");
        assertThat(result.err()).isEqualTo(TYPO_ERRORS + """
                src/test/resources/bad/missing_semicolon.net:1:18: error: expected ';' after 'relu'
                dense 4 -> 4 relu
                                 ^
                3 errors in 2 files
                """);
    }

    @Test
    void missingWeightFileIsAnError() {
        Result result = Cli.run("check", BAD.resolve("missing_weights.net"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith(
                "src/test/resources/bad/missing_weights.net:1:9: error: weights file 'nowhere.npz' not found (looked for ")
                .endsWith("""
                        nowhere.npz)
                        weights "nowhere.npz";
                                ^
                        1 error in 1 file
                        """);
    }

    @Test
    void fileThatDoesNotExistIsAnInputProblem() {
        Result result = Cli.run("check", "no_such.net");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("no_such.net:1:1: error: cannot read the file: no such file\n1 error in 1 file\n");
    }

    @Test
    void onATerminalErrorIsRedAndTheCaretGreen() {
        Result result = Cli.onTerminal("check", BAD.resolve("missing_semicolon.net"));

        String bold = "\u001B[1m";
        String red = "\u001B[1;31m";
        String green = "\u001B[1;32m";
        String reset = "\u001B[0m";
        assertThat(result.err()).isEqualTo(
                bold + "src/test/resources/bad/missing_semicolon.net:1:18:" + reset + " " + red + "error:" + reset + " "
                        + bold + "expected ';' after 'relu'" + reset + "\n"
                        + "dense 4 -> 4 relu\n"
                        + green + "                 ^" + reset + "\n"
                        + "1 error in 1 file\n");
    }

    @Test
    void noColorGivesPlainTextEvenOnATerminal() {
        Result before = Cli.onTerminal("--no-color", "check", BAD.resolve("typo.net"));
        Result after = Cli.onTerminal("check", BAD.resolve("typo.net"), "--no-color");

        assertThat(before.err()).isEqualTo(TYPO_ERRORS + "2 errors in 1 file\n");
        assertThat(after.err()).isEqualTo(before.err());
        assertThat(after.exitCode()).isEqualTo(1);
    }

    @Test
    void withoutFilesItIsAUsageError() {
        Result result = Cli.run("check");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                netc: error: missing required parameter: 'FILE'
                Try 'netc check --help' for more information.
                """);
    }

    @TempDir
    Path temp;

    @Test
    void pastAHundredErrorsTheTotalCountsThemAll() throws Exception {
        Path flood = Files.writeString(temp.resolve("flood.net"), "dense 4 -> 4 rellu;\n".repeat(150));

        Result result = Cli.run("check", flood, BAD.resolve("typo.net"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(flood + ":101:14: error: and 50 more errors from here on, not shown (at"
                + " most 100 are reported per file)\n").endsWith("\n152 errors in 2 files\n");
        assertThat(Cli.run("summary", flood).err()).endsWith("\n150 errors in 1 file\n");
    }
}

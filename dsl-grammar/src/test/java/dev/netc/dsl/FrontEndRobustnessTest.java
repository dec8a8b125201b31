package dev.netc.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.dsl.check.Checker;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever the input, the front end answers with a network or diagnostics at valid positions, never an exception. */
class FrontEndRobustnessTest {
    private static final List<String> TOKENS = List.of("dense", "network", "input", "precision", "seed", "weights",
            "->", "=", ";", ",", "(", ")", "4", "-3", "0", "2.5", "1e999", "99999999999999999999", "relu",
            "leaky_relu", "softmax", "name", "bias", "init", "bias_init", "he_normal", "normal", "true", "\"w.npz\"",
            "\"open", "/*", "*/", "//", "\n", "\r\n", "\t", " ", "@", "\u00e9", "\uFEFF", "\uD83D\uDE00", "float",
            "double");

    @Test
    void randomTokenSoupsGiveDiagnosticsAtValidPositions() {
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int t = 0; t < length; t++) {
                text.append(TOKENS.get(random.nextInt(TOKENS.size()))).append(random.nextInt(3) == 0 ? "" : " ");
            }
            assertWellBehaved(text.toString());
        }
    }

    @Test
    void truncatedValidFilesGiveDiagnosticsAtValidPositions() {
        String valid = "network Iris;\ninput 4;\nprecision double;\nseed 1;\n"
                + "dense 4 -> 16 leaky_relu(a=0.2) init=normal(0, 0.5) name=hidden;\n/* note */ dense 16 -> 3; softmax;\n";
        for (int end = 0; end < valid.length(); end++) {
            assertWellBehaved(valid.substring(0, end));
        }
    }

    @Test
    void fileThatIsNotUtf8IsReportedWhereTheBadByteIs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.net");
        Files.write(file, new byte[] {'d', 'e', 'n', 's', 'e', ' ', '2', ' ', '-', '>', ' ', '2', ';', '\n',
            '/', '/', ' ', 'c', 'a', 'f', (byte) 0xE9, '\n'});

        CheckResult result = NetFrontEnd.check(file, new NetFrontEnd.Options("latin1.net", List.of()));

        assertThat(result.report()).startsWith("latin1.net:2:7: error: the file is not valid UTF-8 (byte 0xE9)");
    }

    @Test
    void missingFileIsADiagnostic(@TempDir Path dir) {
        CheckResult result = NetFrontEnd.check(dir.resolve("gone.net"), new NetFrontEnd.Options("gone.net", List.of()));

        assertThat(result.report()).isEqualTo("gone.net:1:1: error: cannot read the file: no such file\n");
    }

    @Test
    void networksDeeperThanTheGeneratedClassCanHoldAreRefused() {
        String text = "dense 2 -> 2;\n".repeat(Checker.MAX_LAYERS + 1);

        CheckResult result = check(text);

        assertThat(result.report()).startsWith("deep.net:1:1: error: the network has 1001 layers; at most 1000 fit in"
                + " one generated class");
    }

    @Test
    void theDeepestAcceptedNetworkChecks() {
        assertThat(check("dense 2 -> 2;\n".repeat(Checker.MAX_LAYERS)).ok()).isTrue();
    }

    private static CheckResult check(String text) {
        return NetFrontEnd.check(new SourceText("deep.net", text), "deep.net", Path.of("."), List.of());
    }

    private static void assertWellBehaved(String text) {
        CheckResult result = NetFrontEnd.check(new SourceText("soup.net", text), "soup.net", Path.of("."),
                List.of(Path.of(".")));
        assertThat(result.ok() || !result.diagnostics().isEmpty()).as(text).isTrue();
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        for (Diagnostic d : result.diagnostics()) {
            assertThat(d.line()).as("%s in %s", d, text).isBetween(1, (int) lines);
            assertThat(d.column()).as("%s in %s", d, text).isPositive();
            assertThat(d.message()).isNotBlank();
        }
    }
}

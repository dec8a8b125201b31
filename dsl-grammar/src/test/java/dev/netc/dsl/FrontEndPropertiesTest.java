package dev.netc.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.SourceText;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.Layer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Properties of the front end on generated input: whatever the text, checking it gives a network or
 * diagnostics whose positions are inside the file (never an exception), and every random valid
 * network checks to exactly the model it was drawn from, however it is formatted.
 */
class FrontEndPropertiesTest {
    /** Pieces of the language and of everything that is not: keywords, numbers, odd characters. */
    private static final List<String> TOKENS = List.of("dense", "network", "input", "precision", "seed", "weights",
            "->", "-", ">", "=", ";", ",", "(", ")", "4", "-3", "0", "2.5", ".5", "1e999", "-1e-999", "1e", "0x10",
            "99999999999999999999", "3.4e38", "1.8e308", "relu", "leaky_relu", "softmax", "rellu", "name", "bias",
            "init", "bias_init", "he_normal", "normal", "uniform", "constant", "true", "false", "float", "double",
            "\"w.npz\"", "\"open", "\"\\\"", "\"\\", "/*", "*/", "//", "/", "*", "\n", "\r\n", "\r", "\t", " ", "\f",
            "@", "#", "$", "\u00e9", "e\u0301", "\u0301", "\uFEFF", "\uD83D\uDE00", "\uD800", "\uDC00", "\u202E",
            "\u200B", "\u0000", "\u0007", "\u001B[31m", "\u007F", "\u0085", "\u2028", "\u2029", "\uFFFD", "\uFFFF",
            "\u0663", "\uFF14", "\u00A0", "_", "a_1", "Dense", "DENSE");

    /** Characters a hostile file may hold anywhere. */
    private static final List<String> ODD = List.of("\u0000", "\u0001", "\u0008", "\u001B", "\u007F", "\u0085",
            "\u00A0", "\u0301", "\u200B", "\u200D", "\u200E", "\u202A", "\u202E", "\u2066", "\u2069", "\u2028",
            "\u2029", "\uFEFF", "\uD800", "\uDBFF", "\uDC00", "\uD83D\uDE00", "\uE000", "\uFFFE", "\uFFFF",
            "\u0627\u0644", "\u05D0", "\r", "\n", "\r\n", "\t", "\f", "\u000B", "\"", "/*", "*/", "//", "\\");

    @Provide
    Arbitrary<String> tokenSoups() {
        Arbitrary<String> token = Arbitraries.of(TOKENS);
        Arbitrary<String> separator = Arbitraries.of("", " ", "\n");
        return token.flatMap(t -> separator.map(s -> t + s)).list().ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> oddCharacters() {
        return Arbitraries.of(ODD).list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("", parts));
    }

    @Property(tries = 3000)
    void tokenSoupsGiveAModelOrDiagnosticsInsideTheFile(@ForAll("tokenSoups") String text) {
        assertWellBehaved(text);
    }

    @Property(tries = 300)
    void randomValidNetworksCheckToTheirModel(@ForAll long seed) {
        RandomNetworks.Network network = RandomNetworks.generate(new Random(seed), "random_net.net", 8);

        CheckResult result = check(network.text());

        assertThat(result.diagnostics()).as("%s%n%s", result.report(), network.text()).isEmpty();
        assertModel(network, result.network().orElseThrow().architecture());
    }

    @Property(tries = 300)
    void lineBreaksAndTabsDoNotChangeTheModel(@ForAll long seed) {
        String text = RandomNetworks.generate(new Random(seed), "random_net.net", 6).text();
        String expected = GoldenFilesTest.dump(check(text).network().orElseThrow());
        String lf = text.replace("\r\n", "\n").replace('\r', '\n');

        for (String variant : List.of(lf, lf.replace("\n", "\r\n"), lf.replace("\n", "\r"),
                lf.replace(" ", "\t"), lf.replace("\n", " \t\r\n\t"), "\uFEFF" + lf)) {
            CheckResult result = check(variant);
            assertThat(result.diagnostics()).as("%s", result.report()).isEmpty();
            assertThat(GoldenFilesTest.dump(result.network().orElseThrow())).isEqualTo(expected);
        }
    }

    @Property(tries = 1000)
    void truncatedValidNetworksGiveAModelOrDiagnosticsInsideTheFile(@ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 1) double at) {
        String text = RandomNetworks.generate(new Random(seed), "random_net.net", 6).text();

        assertWellBehaved(text.substring(0, (int) (at * text.length())));
    }

    @Property(tries = 1000)
    void oddCharactersAnywhereGiveAModelOrDiagnosticsInsideTheFile(@ForAll long seed,
            @ForAll("oddCharacters") String odd, @ForAll @DoubleRange(min = 0, max = 1) double at) {
        String text = RandomNetworks.generate(new Random(seed), "random_net.net", 4).text();
        int cut = (int) (at * text.length());

        assertWellBehaved(text.substring(0, cut) + odd + text.substring(cut));
    }

    @Property(tries = 300)
    void deepNestingGivesDiagnostics(@ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 5000) int depth,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int shape) {
        String open = "(".repeat(depth);
        String close = ")".repeat(depth);
        String text = switch (shape) {
            case 0 -> "dense 4 -> 4 leaky_relu" + open + "0.2" + close + ";";
            case 1 -> "dense 4 -> 4 init=normal" + open + close + ";";
            case 2 -> open + "dense 4 -> 4;" + close;
            default -> "dense 4 -> 4 relu" + open + ";\n".repeat(depth % 7) + "dense 4 -> 2;";
        };
        CheckResult result = assertWellBehaved(text);

        assertThat(result.ok()).isEqualTo(shape == 0 && depth == 1 || shape == 1 && depth == 1);
    }

    static CheckResult check(String text) {
        return NetFrontEnd.check(new SourceText("random_net.net", text), "random_net.net", Path.of("."), List.of());
    }

    /**
     * Checks {@code text} and asserts that the outcome is a network or diagnostics (never both, never
     * neither), each at a line of the file and a column inside that line or just after its end, with a
     * message and a bounded rendering.
     */
    static CheckResult assertWellBehaved(String text) {
        CheckResult result = NetFrontEnd.check(new SourceText("soup.net", text), "soup.net", Path.of("."),
                List.of(Path.of(".")));
        assertThat(result.ok()).as("network or diagnostics for %s", text).isNotEqualTo(
                !result.diagnostics().isEmpty());
        // Lines end at CR LF, LF or a lone CR, as javac counts them.
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r\n|\r|\n", -1);
        assertThat(result.diagnostics()).hasSizeLessThanOrEqualTo(NetFrontEnd.MAX_DIAGNOSTICS + 1);
        for (Diagnostic d : result.diagnostics()) {
            assertThat(d.file()).isEqualTo("soup.net");
            assertThat(d.line()).as("%s in %s", d.headline(), text).isBetween(1, lines.length);
            String line = lines[d.line() - 1];
            assertThat(d.column()).as("%s in %s", d.headline(), text)
                    .isBetween(1, line.codePointCount(0, line.length()) + 1);
            assertThat(d.message()).isNotBlank();
            assertThat(d.format()).hasSizeLessThan(2000).startsWith(d.headline());
        }
        return result;
    }

    /** The checked architecture is exactly the drawn network. */
    static void assertModel(RandomNetworks.Network network, Architecture architecture) {
        assertThat(architecture.name()).isEqualTo(network.className());
        assertThat(architecture.inputSize()).isEqualTo(network.input());
        assertThat(architecture.outputSize()).isEqualTo(network.outputSize());
        assertThat(architecture.precision()).isEqualTo(network.precision());
        assertThat(architecture.seed()).isEqualTo(network.seed());
        List<Layer> layers = architecture.layers();
        assertThat(layers).hasSameSizeAs(network.layers());
        for (int i = 0; i < layers.size(); i++) {
            RandomNetworks.Layer drawn = network.layers().get(i);
            Layer layer = layers.get(i);
            if (drawn.dense()) {
                assertThat(layer).isInstanceOf(DenseLayer.class);
                DenseLayer dense = (DenseLayer) layer;
                assertThat(dense.name()).isEqualTo(drawn.name());
                assertThat(dense.inputSize()).isEqualTo(drawn.inputs());
                assertThat(dense.outputSize()).isEqualTo(drawn.outputs());
                assertThat(dense.activation().activation()).isEqualTo(drawn.activation());
                assertThat(dense.activation().arguments()).isEqualTo(drawn.activationArgs());
                assertThat(dense.useBias()).isEqualTo(drawn.bias());
                assertThat(dense.kernelInitializer().initializer()).isEqualTo(drawn.init());
                assertThat(dense.kernelInitializer().arguments()).isEqualTo(drawn.initArgs());
                if (drawn.bias()) {
                    assertThat(dense.biasInitializer().initializer()).isEqualTo(drawn.biasInit());
                    assertThat(dense.biasInitializer().arguments()).isEqualTo(drawn.biasInitArgs());
                } else {
                    assertThat(dense.biasInitializer().initializer()).isEqualTo(Initializer.ZEROS);
                }
                assertThat(dense.regularization()).isEqualTo(drawn.regularization());
            } else if (drawn.kind() == RandomNetworks.Kind.DROPOUT) {
                assertThat(layer).isInstanceOf(DropoutLayer.class);
                DropoutLayer dropout = (DropoutLayer) layer;
                // Drawn names never take a default one, so the defaults count the dropouts before this one.
                long dropoutsBefore = network.layers().subList(0, i).stream()
                        .filter(l -> l.kind() == RandomNetworks.Kind.DROPOUT).count();
                assertThat(dropout.name()).isEqualTo(drawn.name() != null ? drawn.name() : "dropout_" + dropoutsBefore);
                assertThat(dropout.inputSize()).isEqualTo(drawn.inputs());
                assertThat(dropout.rate()).isEqualTo(drawn.rate());
            } else {
                assertThat(layer).isInstanceOf(ActivationLayer.class);
                ActivationLayer activation = (ActivationLayer) layer;
                assertThat(activation.inputSize()).isEqualTo(drawn.inputs());
                assertThat(activation.activation().activation()).isEqualTo(drawn.activation());
                assertThat(activation.activation().arguments()).isEqualTo(drawn.activationArgs());
            }
        }
    }
}

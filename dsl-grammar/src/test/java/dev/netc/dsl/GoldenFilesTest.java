package dev.netc.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of the language: every {@code valid/X.net} has the model it must produce in
 * {@code X.model.txt}, every {@code invalid/X.net} the exact diagnostics in {@code X.errors.txt}.
 * Run with {@code -Dnetc.golden.update=true} to rewrite the expected files after a deliberate
 * change, then review the diff.
 */
class GoldenFilesTest {
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final boolean UPDATE = Boolean.getBoolean("netc.golden.update");

    static Stream<Path> validFiles() throws IOException {
        return netFiles(RESOURCES.resolve("valid"));
    }

    static Stream<Path> invalidFiles() throws IOException {
        return netFiles(RESOURCES.resolve("invalid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validFileGivesItsModel(Path file) throws IOException {
        CheckResult result = check(file);

        assertThat(result.diagnostics()).as(result.report()).isEmpty();
        compare(file, ".model.txt", dump(result.network().orElseThrow()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void invalidFileGivesItsDiagnostics(Path file) throws IOException {
        CheckResult result = check(file);

        assertThat(result.ok()).isFalse();
        // Messages may name absolute paths; the expected files must not depend on the checkout.
        String folder = file.toAbsolutePath().getParent().toString();
        compare(file, ".errors.txt", result.report().replace(folder, "<dir>"));
    }

    /** Shows files by name alone, and treats the test resources as the project weights must stay in. */
    private static CheckResult check(Path file) {
        return NetFrontEnd.check(file, new NetFrontEnd.Options(file.getFileName().toString(), List.of(RESOURCES.toAbsolutePath())));
    }

    private static void compare(Path netFile, String suffix, String actual) throws IOException {
        String name = netFile.getFileName().toString();
        Path expectedFile = netFile.resolveSibling(name.substring(0, name.length() - ".net".length()) + suffix);
        if (UPDATE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(expectedFile).as("expected output %s (run with -Dnetc.golden.update=true to create it)",
                expectedFile).exists();
        assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }

    /** A readable, complete rendering of a checked network. */
    static String dump(CheckedNetwork network) {
        Architecture a = network.architecture();
        StringBuilder out = new StringBuilder()
                .append("network ").append(a.name()).append('\n')
                .append("input ").append(a.inputSize()).append('\n')
                .append("output ").append(a.outputSize()).append('\n')
                .append("precision ").append(a.precision().keyword()).append('\n')
                .append("seed ").append(a.seed().isPresent() ? Long.toString(a.seed().getAsLong()) : "none")
                .append('\n')
                .append("weights ").append(network.weightsFile().map(p -> p.getFileName().toString()).orElse("none"))
                .append('\n');
        for (Layer layer : a.layers()) {
            if (layer instanceof DenseLayer d) {
                out.append(String.format("%s: dense %d -> %d %s bias=%s init=%s bias_init=%s%s%n", d.name(),
                        d.inputSize(), d.outputSize(), d.activation(), d.useBias(), d.kernelInitializer(),
                        d.biasInitializer(), d.regularization().isNone() ? "" : " " + d.regularization()));
            } else if (layer instanceof ActivationLayer act) {
                out.append(String.format("%s: %s (width %d)%n", act.name(), act.activation(), act.inputSize()));
            } else if (layer instanceof DropoutLayer drop) {
                out.append(String.format("%s: dropout %s (width %d)%n", drop.name(), drop.rate(), drop.inputSize()));
            }
        }
        return out.toString();
    }

    private static Stream<Path> netFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".net")).sorted().toList().stream();
        }
    }
}

package dev.netc.cli;

import static dev.netc.cli.Cli.SPIRAL;
import static dev.netc.cli.Cli.TWO_LAYER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netc export} and {@code netc import}: a network goes out as ONNX and comes back the same. */
class OnnxCommandsTest {
    @TempDir
    Path temp;

    @Test
    void exportThenImportGivesTheSameOutputs() throws Exception {
        Path onnx = temp.resolve("spiral.onnx");
        Result exported = Cli.run("export", SPIRAL, "-o", onnx);
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.out()).isEqualTo("wrote " + onnx + "\n");

        Result imported = Cli.run("import", onnx, "-d", temp, "--name", "Spiral");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("wrote " + temp.resolve("spiral.net") + " and its weights (2 layers, 387 parameters)");
        assertThat(Files.readString(temp.resolve("spiral.net"))).contains("network Spiral;", "precision double;",
                "weights \"spiral.npz\";");

        Path input = temp.resolve("points.csv");
        Files.writeString(input, "0.089188,0.047420\n-0.684672,0.176560\n");
        Result original = Cli.run("run", SPIRAL, "--input", input);
        Result roundTrip = Cli.run("run", temp.resolve("spiral.net"), "--input", input);
        assertThat(roundTrip.exitCode()).as(roundTrip.err()).isZero();
        assertThat(roundTrip.out()).isEqualTo(original.out());
    }

    @Test
    void exportWritesNextToTheFileByDefaultWithTheSeedsWeights() throws Exception {
        Path net = temp.resolve("two_layer.net");
        Files.copy(TWO_LAYER, net);

        Result result = Cli.run("export", net);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(temp.resolve("two_layer.onnx")).isNotEmptyFile();
    }

    @Test
    void exportWithSeedOverridesAMissingWeightsFile() throws Exception {
        Path net = Files.writeString(temp.resolve("net.net"), "weights \"nowhere.npz\";\ndense 2 -> 2;\n");

        Result result = Cli.run("export", net, "--seed", "1", "-o", temp.resolve("net.onnx"));

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(temp.resolve("net.onnx")).isNotEmptyFile();
    }

    @Test
    void aNameThatCannotNameAClassIsAWrongCommandLineAsABadPackageIs() throws Exception {
        Path model = temp.resolve("spiral.onnx");
        assertThat(Cli.run("export", SPIRAL, "-o", model).exitCode()).isZero();

        Result name = Cli.run("import", model, "-d", temp, "--name", "class");
        Result pkg = Cli.run("generate", SPIRAL, "-d", temp, "--package", "com..x");

        assertThat(name.exitCode()).isEqualTo(2).isEqualTo(pkg.exitCode());
        assertThat(name.out()).isEmpty();
        assertThat(name.err()).isEqualTo("netc: error: --name 'class' is not a Java class name (an identifier that is"
                + " not a Java keyword, e.g. IrisClassifier)\n");
        assertThat(Cli.run("import", model, "-d", temp, "--name", "my.Net").err()).startsWith("netc: error: --name 'my.Net'");
        assertThat(temp.resolve("spiral.net")).doesNotExist();
    }

    @Test
    void exportRefusesAnOutputThatIsNotAnOnnxFile() {
        Result text = Cli.run("export", SPIRAL, "-o", temp.resolve("model.txt"));
        Result missingFolder = Cli.run("export", SPIRAL, "-o", temp.resolve("models/spiral.onnx"));

        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.err()).isEqualTo("netc: error: --output " + temp.resolve("model.txt") + ": name an .onnx file\n");
        assertThat(missingFolder.exitCode()).isEqualTo(1);
        assertThat(missingFolder.err()).isEqualTo("netc: error: cannot write " + temp.resolve("models/spiral.onnx")
                + ": the folder " + temp.resolve("models") + " does not exist (create it first)\n");
    }

    @Test
    void aOneLayerImportSaysLayerInTheSingular() throws Exception {
        Path net = Files.writeString(temp.resolve("UPPER_CASE.net"), "seed 1;\ndense 2 -> 1;\n");
        Path model = temp.resolve("one.onnx");
        assertThat(Cli.run("export", net, "-o", model).exitCode()).isZero();
        Path out = Files.createDirectory(temp.resolve("out"));

        Result result = Cli.run("import", model, "-d", out);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("wrote " + out.resolve("one.net") + " and its weights (1 layer, 3 parameters)");
        assertThat(Cli.run("summary", net).out()).startsWith("Model: \"UpperCase\"");
    }

    @Test
    void importOfSomethingThatIsNotOnnxIsOneClearError() throws Exception {
        Path bogus = temp.resolve("model.onnx");
        Files.writeString(bogus, "not a model");

        Result result = Cli.run("import", bogus, "-d", temp);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("netc: error: ").contains("model.onnx").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }
}

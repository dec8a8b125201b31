package dev.netc.cli;

import static dev.netc.cli.Cli.EXAMPLES;
import static dev.netc.cli.Cli.LAYER_DENSE;
import static dev.netc.cli.Cli.NETS;
import static dev.netc.cli.Cli.SPIRAL;
import static dev.netc.cli.Cli.TWO_LAYER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.cli.Cli.Result;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    /** The notebook's batch of three samples with four features, with a header line. */
    private static final String BATCH_CSV = "x1,x2,x3,x4\n1.0,2.0,3.0,2.5\n2.0,5.0,-1.0,2.0\n-1.5,2.7,3.3,-0.8\n";

    @TempDir
    Path temp;

    @Test
    void tutorialLayerOnTheNotebooksInputs() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2,3\n4,5,6\n");

        Result result = Cli.run("run", LAYER_DENSE, "--input", x);

        // NumPy: np.random.seed(0); (np.array([[1,2,3],[4,5,6]]) @ (0.1 * np.random.randn(3, 3))).astype(np.float32)
        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("0.9096104,0.3681202,-0.12854743\n2.3961208,1.0030276,-0.15907505\n");
    }

    @Test
    void tutorialTwoLayerNetworkWithSeedZeroGivesNumpysNumbers() throws Exception {
        Path x = Files.writeString(temp.resolve("batch.csv"), BATCH_CSV);

        Result result = Cli.run("run", TWO_LAYER, "-i", x);

        assertThat(result.exitCode()).isZero();
        assertClose(rows(result.out()), new double[][] {
            {0.31216803, 0.23366125, 0.23584056, 0.21833019},
            {0.35092205, 0.2074633, 0.24061942, 0.2009952},
            {0.26255596, 0.24470612, 0.2485889, 0.24414897},
        }, 1e-6);
    }

    @Test
    void spaceSeparatedTextAsNumpySavetxtWritesIt() throws Exception {
        Path x = Files.writeString(temp.resolve("x.txt"), "1.000000000000000000e+00 2.000000000000000000e+00 3.0\n");

        Result result = Cli.run("run", LAYER_DENSE, "-i", x);

        assertThat(result.out()).isEqualTo("0.9096104,0.3681202,-0.12854743\n");
    }

    @Test
    void dashReadsTheSamplesFromStandardInput() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("1 2 3\n4 5 6\n".getBytes(StandardCharsets.UTF_8)));

            Result result = Cli.run("run", LAYER_DENSE, "--input", "-");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).isEqualTo("0.9096104,0.3681202,-0.12854743\n2.3961208,1.0030276,-0.15907505\n");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void bundledWeightsAndNpyInput() throws Exception {
        // Three points of the training set, one per spiral (class 0, 1, 2).
        double[][] points = {{0.089188, 0.047420}, {0.023907, 0.302086}, {0.087675, -0.182003}};
        Path x = npy(temp.resolve("points.npy"), "<f8", false, points);

        Result result = Cli.run("run", SPIRAL, "-i", x);

        assertThat(result.exitCode()).isZero();
        double[][] p = rows(result.out());
        for (int r = 0; r < 3; r++) {
            assertThat(argmax(p[r])).as("class of point %d", r).isEqualTo(r);
            assertThat(Arrays.stream(p[r]).sum()).isCloseTo(1.0, within(1e-12));
        }
        // The same weights given explicitly give the same outputs.
        assertThat(Cli.run("run", SPIRAL, "-i", x, "--weights", EXAMPLES.resolve("spiral.npz")).out())
                .isEqualTo(result.out());
    }

    @Test
    void fortranOrderFloat32AndOneDimensionalInputs() throws Exception {
        Path csv = Files.writeString(temp.resolve("x.csv"), "1,2,3\n4,5,6\n");
        Path fortran = npy(temp.resolve("f.npy"), "<f4", true, new double[][] {{1, 2, 3}, {4, 5, 6}});
        Path single = npy(temp.resolve("one.npy"), "<f4", false, new double[][] {{4, 5, 6}});
        rewriteShape(single, "(1, 3)", "(3,)");

        String expected = Cli.run("run", LAYER_DENSE, "-i", csv).out();

        assertThat(Cli.run("run", LAYER_DENSE, "-i", fortran).out()).isEqualTo(expected);
        assertThat(Cli.run("run", LAYER_DENSE, "-i", single).out()).isEqualTo(expected.lines().toList().get(1) + "\n");
    }

    @Test
    void outputsGoToCsvOrNpyFiles() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "0.089188,0.047420\n-0.321319,0.513871\n");
        String printed = Cli.run("run", SPIRAL, "-i", x).out();

        Files.createDirectory(temp.resolve("out"));
        Result csv = Cli.run("run", SPIRAL, "-i", x, "-o", temp.resolve("out/p.csv"));
        Result npy = Cli.run("run", SPIRAL, "-i", x, "--output", temp.resolve("p.npy"));

        assertThat(csv.exitCode()).isZero();
        assertThat(csv.out()).isEmpty();
        assertThat(Files.readString(temp.resolve("out/p.csv"))).isEqualTo(printed);
        assertThat(npy.exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(temp.resolve("p.npy"));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertThat(new String(bytes, 1, 5, StandardCharsets.ISO_8859_1)).isEqualTo("NUMPY");
        assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        assertThat((10 + headerLength) % 64).isZero();
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, 48).order(ByteOrder.LITTLE_ENDIAN);
        double[][] expected = rows(printed);
        for (double[] row : expected) {
            for (double v : row) {
                assertThat(data.getDouble()).isEqualTo(v);
            }
        }
    }

    @Test
    void withoutWeightsOrSeedItAsksForOne() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2\n");

        Result result = Cli.run("run", NETS.resolve("untrained.net"), "-i", x);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("netc: error: src/test/resources/nets/untrained.net has neither a 'weights' "
                + "nor a 'seed' directive; give --weights W.npz, or --seed N for random weights\n");
    }

    @Test
    void weightsOrSeedOnTheCommandLineOverrideAMissingWeightsFile() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2\n-3,0.5\n");
        Path net = Files.writeString(temp.resolve("plain.net"), "dense 2 -> 2;\n");
        Path missingWeights = Cli.BAD.resolve("missing_weights.net");  // weights "nowhere.npz"; dense 2 -> 2;

        Result seeded = Cli.run("run", missingWeights, "-i", x, "--seed", "3");
        Result untrained = Cli.run("run", net, "-i", x, "--seed", "3");

        assertThat(seeded.err()).isEmpty();
        assertThat(seeded.exitCode()).isZero();
        assertThat(seeded.out()).isEqualTo(untrained.out());
        // Without either option the directive still counts, and its missing file is the error.
        Result directive = Cli.run("run", missingWeights, "-i", x);
        assertThat(directive.exitCode()).isEqualTo(1);
        assertThat(directive.err()).contains("error: weights file 'nowhere.npz' not found");
    }

    @Test
    void weightsOnTheCommandLineOverrideABrokenWeightsFile() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2\n");
        Files.writeString(temp.resolve("broken.npz"), "not a zip");
        Path net = Files.writeString(temp.resolve("net.net"), "weights \"broken.npz\";\ndense 2 -> 2 name=d;\n");
        Path good = temp.resolve("good.npz");
        dev.netc.runtime.io.NpzWriter.write(good, java.util.List.of(
                dev.netc.runtime.io.NpyArray.ofFloats("d.weights", new int[] {2, 2}, new float[] {1, 0, 0, 1}),
                dev.netc.runtime.io.NpyArray.ofFloats("d.biases", new int[] {2}, new float[] {0.5f, 0})));

        Result result = Cli.run("run", net, "-i", x, "--weights", good);

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("1.5,2.0\n");
    }

    @Test
    void seedGivesReproducibleRandomWeights() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2\n-3,0.5\n");

        Result first = Cli.run("run", NETS.resolve("untrained.net"), "-i", x, "--seed", "3");
        Result second = Cli.run("run", NETS.resolve("untrained.net"), "-i", x, "--seed", "3");
        Result other = Cli.run("run", NETS.resolve("untrained.net"), "-i", x, "--seed", "4");

        assertThat(first.exitCode()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(other.out()).isNotEqualTo(first.out());
        for (double[] row : rows(first.out())) {
            assertThat(Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void weightsAndSeedTogetherAreAUsageError() throws Exception {
        Result result = Cli.run("run", SPIRAL, "-i", "x.csv", "--seed", "1", "--weights", "w.npz");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("netc: error: --weights=W.npz, --seed=N are mutually exclusive (specify only one)\n")
                .endsWith("Try 'netc run --help' for more information.\n");
    }

    @Test
    void weightsThatDoNotFitNameTheArray() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), BATCH_CSV);

        Result result = Cli.run("run", TWO_LAYER, "-i", x, "-w", EXAMPLES.resolve("spiral.npz"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        // Every problem of the file, one line each, as `netc check` lists them for a weights directive.
        assertThat(result.err().lines()).hasSize(8).allMatch(line -> line.startsWith("netc: error: spiral.npz: "));
        assertThat(result.err()).contains("array 'hidden.weights': the network has no array of this name",
                "array 'dense1.weights' is missing").doesNotContain("Exception");
    }

    @Test
    void missingWeightFile() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2,3\n");

        Result result = Cli.run("run", LAYER_DENSE, "-i", x, "-w", temp.resolve("none.npz"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("netc: error: cannot read " + temp.resolve("none.npz") + ": no such file or folder\n");
    }

    @Test
    void textInputProblemsNameTheLine() throws Exception {
        assertInputError("x.csv", "a,b,c\n1,2,3\n4,five,6\n", "x.csv:3: 'five' is not a number");
        assertInputError("x.csv", "1,2,3\n\n1,2\n", "x.csv:3: a row of 2 values but LayerDense takes 3 inputs");
        assertInputError("x.csv", "1,2,3,\n", "x.csv:1: a row of 4 values (the last one empty: a comma at the end"
                + " of the line?) but LayerDense takes 3 inputs");
        assertInputError("x.csv", "1,2,,,\n", "x.csv:1: a row of 5 values but LayerDense takes 3 inputs");
        assertInputError("x.csv", "1,,3\n", "x.csv:1: an empty value");
        assertInputError("x.csv", "1,2\u0000,3\n", "x.csv:1: '2\uFFFD' is not a number");
        assertInputError("x.csv", "x;y;z\n\n", "x.csv: no rows of numbers (the first line, 'x;y;z', holds no number"
                + " and was taken as a header; separate values with commas or spaces)");
        assertInputError("x.csv", "", "x.csv: no rows of numbers");
    }

    @Test
    void numbersBeyondTheNetworksPrecisionAreRefusedByRowAndColumn() throws Exception {
        // LayerDense computes in float: 1e39 would be infinity, and the outputs NaN.
        assertInputError("x.csv", "1,2,3\n4,1e39,6\n", "x.csv:2: column 2: '1e39' is too large for a float network"
                + " (it holds at most ±3.4028235E38); scale the inputs, or use 'precision double;'");
        assertInputError("x.csv", "-3.5e38 2 3\n", "x.csv:1: column 1: '-3.5e38' is too large for a float network"
                + " (it holds at most ±3.4028235E38); scale the inputs, or use 'precision double;'");
        // The spiral classifier computes in double: 1e39 is fine there, 1e309 is not.
        Path big = Files.writeString(temp.resolve("big.csv"), "1e39,0\n");
        assertThat(Cli.run("run", SPIRAL, "-i", big).exitCode()).isZero();
        Path huge = Files.writeString(temp.resolve("huge.csv"), "0,1e309\n");
        Result result = Cli.run("run", SPIRAL, "-i", huge);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("netc: error: " + huge + ":1: column 2: '1e309' is too large for a double"
                + " network (it holds at most ±1.7976931348623157E308); scale the inputs\n");
        // inf stays what NumPy writes for infinity.
        Path inf = Files.writeString(temp.resolve("inf.csv"), "inf,1,2\n");
        assertThat(Cli.run("run", LAYER_DENSE, "-i", inf).exitCode()).isZero();
    }

    @Test
    void float64NpyValuesBeyondAFloatNetworkAreRefusedByRowAndColumn() throws Exception {
        Path x = npy(temp.resolve("x.npy"), "<f8", false, new double[][] {{1, 2, 3}, {4, 5, -1e39}});

        Result result = Cli.run("run", LAYER_DENSE, "-i", x);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("netc: error: " + x + ": row 2, column 3: -1.0E39 is too large for a float"
                + " network (it holds at most ±3.4028235E38); scale the inputs, or use 'precision double;'\n");
    }

    @Test
    void hashesStartCommentsAsNumpyLoadtxtReadsThem() throws Exception {
        Path plain = Files.writeString(temp.resolve("plain.csv"), "1,2,3\n4,5,6\n");
        Path commented = Files.writeString(temp.resolve("commented.csv"),
                "# x,y,z\n1,2,3 # first sample\n# between\n4,5,6\n# footer, as np.savetxt writes it\n");

        Result result = Cli.run("run", LAYER_DENSE, "-i", commented);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(Cli.run("run", LAYER_DENSE, "-i", plain).out());
    }

    @Test
    void anOutputThatIsAFolderIsRefusedByName() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2,3\n");
        Path folder = Files.createDirectories(temp.resolve("out.csv"));

        Result result = Cli.run("run", LAYER_DENSE, "-i", x, "-o", folder);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("netc: error: cannot write " + folder + ": it is a folder\n");
    }

    @Test
    void npyInputProblemsSayWhatWasExpected() throws Exception {
        Path ints = npy(temp.resolve("ints.npy"), "<i8", false, new double[][] {{1, 2, 3}});
        Path wide = npy(temp.resolve("wide.npy"), "<f8", false, new double[][] {{1, 2, 3, 4}});
        Path text = Files.writeString(temp.resolve("text.npy"), "1,2,3\n");

        assertThat(Cli.run("run", LAYER_DENSE, "-i", ints).err()).isEqualTo("netc: error: " + ints
                + ": dtype '<i8' is not supported, expected '<f4' or '<f8'\n");
        assertThat(Cli.run("run", LAYER_DENSE, "-i", wide).err()).isEqualTo("netc: error: " + wide
                + ": shape (1, 4) has rows of 4 values but LayerDense takes 3 inputs; expected shape (samples, 3)\n");
        Result notNpy = Cli.run("run", LAYER_DENSE, "-i", text);
        assertThat(notNpy.exitCode()).isEqualTo(1);
        assertThat(notNpy.err()).isEqualTo("netc: error: " + text
                + ": not an .npy array: it does not start with the magic string \\x93NUMPY\n");
    }

    @Test
    void missingInputFile() {
        Result result = Cli.run("run", LAYER_DENSE, "-i", "nope.csv");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("netc: error: cannot read nope.csv: no such file or folder\n");
    }

    @Test
    void outputMustBeCsvOrNpy() {
        Result result = Cli.run("run", LAYER_DENSE, "-i", "x.csv", "-o", "out.txt");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("netc: error: --output out.txt: name a .csv or .npy file\n");
    }

    @Test
    void anOutputInAMissingFolderOrEndingInASlashIsRefused() throws Exception {
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2,3\n");

        Result missingFolder = Cli.run("run", LAYER_DENSE, "-i", x, "-o", temp.resolve("typo/out.csv"));
        Result slash = Cli.run("run", LAYER_DENSE, "-i", x, "-o", temp.resolve("out.csv") + "/");

        assertThat(missingFolder.exitCode()).isEqualTo(1);
        assertThat(missingFolder.err()).isEqualTo("netc: error: cannot write " + temp.resolve("typo/out.csv")
                + ": the folder " + temp.resolve("typo") + " does not exist (create it first)\n");
        assertThat(slash.exitCode()).isEqualTo(2);
        assertThat(slash.err()).isEqualTo("netc: error: --output " + temp.resolve("out.csv") + "/: ends with '/', so it"
                + " names a folder; name a .csv or .npy file\n");
        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(x);
        }
    }

    @Test
    void inputIsRequired() {
        Result result = Cli.run("run", LAYER_DENSE);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("netc: error: missing required option: '--input=X'\n"
                + "Try 'netc run --help' for more information.\n");
    }

    // ------------------------------------------------------------------ helpers

    private void assertInputError(String name, String content, String message) throws Exception {
        Path dir = Files.createTempDirectory(temp, "case");
        Path file = Files.writeString(dir.resolve(name), content);
        Result result = Cli.run("run", LAYER_DENSE, "-i", file);
        assertThat(result.exitCode()).as(content).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("netc: error: " + dir.resolve(name) + message.substring(name.length()) + "\n");
    }

    /** An .npy file as np.save writes it: version 1.0, header padded to 64 bytes, little-endian data. */
    private static Path npy(Path file, String descr, boolean fortran, double[][] rows) throws Exception {
        int r = rows.length;
        int c = rows[0].length;
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + r
                + ", " + c + "), }";
        int padding = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(padding % 64) + "\n";
        int item = descr.endsWith("4") ? 4 : 8;
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + r * c * item).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (int k = 0; k < r * c; k++) {
            double v = fortran ? rows[k % r][k / r] : rows[k / c][k % c];
            switch (descr) {
                case "<f4" -> buffer.putFloat((float) v);
                case "<f8" -> buffer.putDouble(v);
                default -> buffer.putLong((long) v);
            }
        }
        return Files.write(file, buffer.array());
    }

    /** Replaces the shape in an .npy header, keeping its length (the header is padded with spaces). */
    private static void rewriteShape(Path file, String from, String to) throws Exception {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        String changed = bytes.replace(from + ", }", to + ", }" + " ".repeat(from.length() - to.length()));
        Files.write(file, changed.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static double[][] rows(String csv) {
        return csv.lines().map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    private static void assertClose(double[][] actual, double[][] expected, double tolerance) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertThat(actual[r][c]).as("row %d column %d", r, c).isCloseTo(expected[r][c], within(tolerance));
            }
        }
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}

package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.palantir.javapoet.JavaFile;
import dev.netc.codegen.kernel.UnrolledKernel;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single sample skips the weight rows of the inputs a ReLU made zero, and the first layer the
 * passes whose inputs are all zero; a batch's first layer skips the inputs that are zero in every
 * row of the batch or, with 64 outputs or more, of a block, as layers after a ReLU do. The outputs
 * must stay the interpreter's, including where a skipped row holds an infinite weight (0 × ∞ is
 * NaN).
 */
class ZeroInputSkippingTest {
    private static final String FLOAT = "network SkipFloat; input 40; dense 40 -> 45 relu; dense 45 -> 43 relu; "
            + "dense 43 -> 3;";
    private static final String DOUBLE = "network SkipDouble; precision double; input 40; dense 40 -> 45 relu; "
            + "dense 45 -> 43 relu; dense 43 -> 3;";
    /** A first layer whose weights take several L1 tiles (36 inputs each), so its listed inputs do too. */
    private static final String WIDE = "network SkipWide; input 300; dense 300 -> 160 relu; dense 160 -> 3;";
    private static final String WIDE_DOUBLE = "network SkipWideDouble; precision double; input 300; "
            + "dense 300 -> 160 relu; dense 160 -> 3;";
    private static final String WIDE_HIDDEN = "network SkipWideHidden; input 20; dense 20 -> 300 relu; "
            + "dense 300 -> 160 relu; dense 160 -> 3;";
    private static final String WIDE_HIDDEN_DOUBLE = "network SkipWideHiddenDouble; precision double; input 20; "
            + "dense 20 -> 300 relu; dense 300 -> 160 relu; dense 160 -> 3;";
    private static ClassLoader loader;

    @TempDir
    Path directory;

    @BeforeAll
    static void generateAndCompile() {
        List<JavaFile> files = new ArrayList<>();
        for (String text : List.of(FLOAT, DOUBLE, WIDE, WIDE_DOUBLE, WIDE_HIDDEN, WIDE_HIDDEN_DOUBLE)) {
            Architecture architecture = Networks.parse("skip.net", text);
            assertThat(UnrolledKernel.fits(architecture)).as("looped kernel").isFalse();
            files.add(NetworkGenerator.generate(architecture, "skip", false, "skip.net"));
        }
        loader = InMemoryCompiler.compile(files);
    }

    @Test
    void zeroInputsAndMostlyZeroHiddenValuesGiveTheInterpretersOutputs() throws Exception {
        // Biases of -0.5 leave most hidden values at zero after the ReLU; inputs 0-17 are zero (or
        // -0) in every other sample, three whole passes of six.
        for (String text : List.of(FLOAT, DOUBLE)) {
            Subject subject = subject(text, Infinity.NOWHERE);
            Random random = new Random(5);
            for (int sample = 0; sample < 20; sample++) {
                double[] input = random.doubles(40).toArray();
                if (sample % 2 == 0) {
                    Arrays.fill(input, 0, 18, sample % 4 == 0 ? -0.0 : 0.0);
                }
                assertClose(subject.generated(input), subject.interpreters(input),
                        subject.name() + " sample " + sample);
            }
        }
    }

    @Test
    void anInfiniteWeightOfAZeroHiddenValueStillMakesNaN() throws Exception {
        for (String text : List.of(FLOAT, DOUBLE)) {
            Subject subject = subject(text, Infinity.FROM_HIDDEN);
            double[] input = new Random(6).doubles(40).toArray();
            assertThat(subject.interpreters(input)).as("the interpreter's outputs").containsOnly(Double.NaN);
            assertThat(subject.generated(input)).as(subject.name()).containsOnly(Double.NaN);
        }
    }

    @Test
    void anInfiniteWeightOfAZeroInputStillMakesNaN() throws Exception {
        for (String text : List.of(FLOAT, DOUBLE)) {
            Subject subject = subject(text, Infinity.FROM_INPUT);
            double[] input = new Random(7).doubles(40).toArray();
            Arrays.fill(input, 0, 6, 0);
            assertThat(subject.interpreters(input)).as("the interpreter's outputs").containsOnly(Double.NaN);
            assertThat(subject.generated(input)).as(subject.name()).containsOnly(Double.NaN);
        }
    }

    @Test
    void batchesWithInputsZeroInEveryRowGiveTheInterpretersOutputs() throws Exception {
        // Inputs 0-17 and 30 are zero (or -0) in every row, input 20 in every row but the last: 21
        // inputs are listed, 20 in passes and one left over. Row counts cover the groups of two and
        // three rows and the rows left over.
        for (String text : List.of(FLOAT, DOUBLE)) {
            Subject subject = subject(text, Infinity.NOWHERE);
            Random random = new Random(8);
            for (int rows = 2; rows <= 7; rows++) {
                double[][] batch = new double[rows][];
                for (int r = 0; r < rows; r++) {
                    batch[r] = random.doubles(40).toArray();
                    Arrays.fill(batch[r], 0, 18, r % 2 == 0 ? -0.0 : 0.0);
                    batch[r][30] = 0;
                    batch[r][20] = r == rows - 1 ? 0.75 : 0;
                }
                assertGeneratedMatchesInterpreter(subject, batch, subject.name() + " " + rows + " rows");
            }
        }
    }

    @Test
    void theListedInputsOfAWideLayerGoThroughSeveralTiles() throws Exception {
        // Every third input is zero in every row: 200 of 300 listed, five tiles of 36 and one of 20.
        Subject subject = subject(WIDE, Infinity.NOWHERE);
        Random random = new Random(10);
        for (int rows = 2; rows <= 4; rows++) {
            double[][] batch = new double[rows][];
            for (int r = 0; r < rows; r++) {
                batch[r] = random.doubles(300).toArray();
                for (int i = 0; i < 300; i += 3) {
                    batch[r][i] = 0;
                }
            }
            double[][] actual = assertGeneratedMatchesInterpreter(subject, batch, rows + " rows");
            // The same rows at offsets in one flat array, as predictBatch reads them.
            float[] flat = new float[rows * 300];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(narrow(batch[r]), 0, flat, r * 300, 300);
            }
            float[] outputs = new float[rows * 3];
            subject.generated().call("predictBatch", new Class<?>[] {float[].class, int.class, float[].class}, flat,
                    rows, outputs);
            assertThat(widen(outputs)).as("predictBatch, %d rows", rows).containsExactly(flat(actual));
        }
    }

    @Test
    void inputsThatCancelAcrossTheRowsOfABlockAreStillRead() throws Exception {
        // Two thirds of the inputs are zero in every row; of the others, each is +v in one row of a
        // block and -v in another (zero in the rest), so their plain sum over the block is zero. A
        // batch of 9 rows: two full blocks and one of a single row. The first layers of 300 inputs
        // list them per block, those of 40 for the whole batch.
        for (String text : List.of(WIDE, WIDE_DOUBLE, FLOAT, DOUBLE)) {
            Subject subject = subject(text, Infinity.NOWHERE);
            int width = subject.architecture().inputSize();
            Random random = new Random(13);
            double[][] batch = new double[9][width];
            for (int i = 0; i < width; i += 3) {
                for (int b = 0; b < 3; b++) {
                    double v = 0.25 + random.nextDouble();
                    int r = 4 * b + random.nextInt(b < 2 ? 4 : 1);
                    batch[r][i] = v;
                    if (b < 2) {
                        batch[4 * b + (r % 4 + 1 + random.nextInt(3)) % 4][i] = -v;
                    }
                }
            }
            assertGeneratedMatchesInterpreter(subject, batch, subject.name());
        }
    }

    @Test
    void blocksListedOrNotAfterADenseOrSparseFirstBlockGiveTheInterpretersOutputs() throws Exception {
        // Rows with every input set and rows with nine in ten zero, in either order: a dense first
        // block stops the listing, a sparse one lists every block, dense ones too.
        Subject subject = subject(WIDE, Infinity.NOWHERE);
        Random random = new Random(14);
        for (boolean denseFirst : new boolean[] {true, false}) {
            double[][] batch = new double[11][];
            for (int r = 0; r < batch.length; r++) {
                batch[r] = random.doubles(300).toArray();
                if ((r < 4) != denseFirst) {
                    for (int i = 0; i < 300; i++) {
                        batch[r][i] = i % 10 == r % 10 ? batch[r][i] : 0;
                    }
                }
            }
            assertGeneratedMatchesInterpreter(subject, batch, (denseFirst ? "dense" : "sparse") + " first block");
        }
    }

    @Test
    void anInfiniteWeightOfAnInputZeroInEveryRowOfABlockStillMakesNaN() throws Exception {
        Subject subject = subject(WIDE, Infinity.FROM_INPUT);
        Random random = new Random(15);
        double[][] batch = new double[6][];
        for (int r = 0; r < batch.length; r++) {
            batch[r] = random.doubles(300).toArray();
            // Enough zero inputs, input 0 among them, for every block to take its listed inputs only.
            Arrays.fill(batch[r], 0, 100, 0);
        }
        assertEveryOutputIsNaN(subject, batch);
    }

    @Test
    void hiddenValuesZeroInEveryRowOfABlockGoThroughSeveralTiles() throws Exception {
        // Biases of -0.5 leave about a third of the 300 hidden values zero in all four rows of a
        // block, a different third in each block: passes over each block's list, in tiles of the
        // 300 -> 160 layer (nine of 36 inputs in float, 17 of 18 in double). The last block is
        // partial for most row counts.
        for (String text : List.of(WIDE_HIDDEN, WIDE_HIDDEN_DOUBLE)) {
            Subject subject = subject(text, Infinity.NOWHERE);
            Random random = new Random(11);
            for (int rows = 2; rows <= 13; rows++) {
                double[][] batch = new double[rows][];
                for (int r = 0; r < rows; r++) {
                    batch[r] = random.doubles(20).toArray();
                }
                assertGeneratedMatchesInterpreter(subject, batch, subject.name() + " " + rows + " rows");
            }
        }
    }

    @Test
    void anInfiniteWeightOfAHiddenValueZeroInEveryRowStillMakesNaN() throws Exception {
        for (String text : List.of(WIDE_HIDDEN, WIDE_HIDDEN_DOUBLE)) {
            Subject subject = subject(text, Infinity.FROM_HIDDEN);
            double[][] batch = new double[6][];
            Random random = new Random(12);
            for (int r = 0; r < batch.length; r++) {
                batch[r] = random.doubles(20).toArray();
            }
            assertEveryOutputIsNaN(subject, batch);
        }
    }

    @Test
    void anInfiniteWeightOfAnInputZeroInEveryRowStillMakesNaN() throws Exception {
        for (String text : List.of(FLOAT, DOUBLE)) {
            Subject subject = subject(text, Infinity.FROM_INPUT);
            Random random = new Random(9);
            double[][] batch = new double[5][];
            for (int r = 0; r < batch.length; r++) {
                batch[r] = random.doubles(40).toArray();
                // Enough zero inputs for the batch to take the listed ones only.
                Arrays.fill(batch[r], 0, 10, 0);
            }
            assertEveryOutputIsNaN(subject, batch);
        }
    }

    /** The generated class's outputs for {@code batch}, each row checked against the interpreter's. */
    private static double[][] assertGeneratedMatchesInterpreter(Subject subject, double[][] batch, String description)
            throws Exception {
        double[][] expected = subject.interpreters(batch);
        double[][] actual = subject.generated(batch);
        assertThat(actual).as(description).hasSameDimensionsAs(expected);
        for (int r = 0; r < batch.length; r++) {
            assertClose(actual[r], expected[r], description + ", row " + r);
        }
        return actual;
    }

    /** Both the interpreter and the generated class give NaN for every output of every row. */
    private static void assertEveryOutputIsNaN(Subject subject, double[][] batch) throws Exception {
        int outputs = batch.length * subject.architecture().outputSize();
        assertThat(flat(subject.interpreters(batch))).as("the interpreter's outputs").hasSize(outputs)
                .containsOnly(Double.NaN);
        assertThat(flat(subject.generated(batch))).as(subject.name()).hasSize(outputs).containsOnly(Double.NaN);
    }

    /** Each output within float tolerance of the interpreter's (fused multiply-adds round differently). */
    private static void assertClose(double[] actual, double[] expected, String description) {
        assertThat(actual).as(description).hasSameSizeAs(expected);
        for (int c = 0; c < expected.length; c++) {
            assertThat(actual[c]).as("%s output %d", description, c)
                    .isCloseTo(expected[c], within(1e-5 + 1e-4 * Math.abs(expected[c])));
        }
    }

    /** Where {@link #weights} puts an infinite weight. */
    private enum Infinity {
        NOWHERE,
        /** The first layer's weight from input 0 to its output 1. */
        FROM_INPUT,
        /** The second layer's weight from hidden value 0, which is always zero, to its output 0. */
        FROM_HIDDEN
    }

    /** The generated class and the interpreter with the same weights. */
    private record Subject(Architecture architecture, Generated generated, Interpreter interpreter) {
        String name() {
            return architecture.name();
        }

        double[] interpreters(double[] input) {
            if (isDouble(architecture)) {
                return interpreter.predict(new double[][] {input})[0];
            }
            return widen(interpreter.predict(new float[][] {narrow(input)})[0]);
        }

        double[] generated(double[] input) {
            return isDouble(architecture) ? generated.predict(input) : widen(generated.predict(narrow(input)));
        }

        double[][] interpreters(double[][] batch) {
            if (isDouble(architecture)) {
                return interpreter.predict(batch);
            }
            return widen(interpreter.predict(narrow(batch)));
        }

        double[][] generated(double[][] batch) {
            return isDouble(architecture) ? generated.predict(batch) : widen(generated.predict(narrow(batch)));
        }
    }

    private Subject subject(String text, Infinity infinity) throws Exception {
        Architecture architecture = Networks.parse("skip.net", text);
        Weights weights = weights(architecture, infinity);
        Path file = directory.resolve(architecture.name() + ".npz");
        weights.write(file);
        Generated generated = Generated.create(loader.loadClass("skip." + architecture.name()), "load",
                new Class<?>[] {Path.class}, file);
        return new Subject(architecture, generated, new Interpreter(weights));
    }

    /** Random weights, biases of -0.5, a first layer whose output 0 is always zero, and one ∞ weight or none. */
    private static Weights weights(Architecture architecture, Infinity infinity) {
        Random random = new Random(4);
        List<NpyArray> arrays = new ArrayList<>();
        List<DenseLayer> layers = architecture.denseLayers();
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            double[] w = new double[layer.inputSize() * layer.outputSize()];
            for (int i = 0; i < w.length; i++) {
                w[i] = l == 0 && i % layer.outputSize() == 0 ? 0 : random.nextGaussian() * 0.3;
            }
            if (l == 0 && infinity == Infinity.FROM_INPUT) {
                w[1] = Double.POSITIVE_INFINITY;
            }
            if (l == 1 && infinity == Infinity.FROM_HIDDEN) {
                w[0] = Double.POSITIVE_INFINITY;
            }
            double[] b = new double[layer.outputSize()];
            Arrays.fill(b, -0.5);
            arrays.add(array(architecture, layer.weightsKey(), new int[] {layer.inputSize(), layer.outputSize()}, w));
            arrays.add(array(architecture, layer.biasesKey(), new int[] {layer.outputSize()}, b));
        }
        return Weights.of(architecture, arrays);
    }

    private static NpyArray array(Architecture architecture, String key, int[] shape, double[] values) {
        return isDouble(architecture) ? NpyArray.ofDoubles(key, shape, values)
                : NpyArray.ofFloats(key, shape, narrow(values));
    }

    private static boolean isDouble(Architecture architecture) {
        return architecture.precision() == Precision.DOUBLE;
    }

    private static float[] narrow(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static float[][] narrow(double[][] rows) {
        return Arrays.stream(rows).map(ZeroInputSkippingTest::narrow).toArray(float[][]::new);
    }

    private static double[][] widen(float[][] rows) {
        return Arrays.stream(rows).map(ZeroInputSkippingTest::widen).toArray(double[][]::new);
    }

    private static double[] widen(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}

package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.palantir.javapoet.JavaFile;
import dev.netc.runtime.Activation;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated classes against the reference interpreter: for every activation, in float and double,
 * on seeded random networks with widths that are no multiple of anything, through every public
 * entry point (batch, single sample, per-layer outputs, save and load).
 */
class GeneratedVsInterpreterTest {
    private static final String PACKAGE = "gen";
    private static final long SEED = 20261126L;
    private static final Map<String, Architecture> NETWORKS = new LinkedHashMap<>();
    private static ClassLoader loader;

    @BeforeAll
    static void generateAndCompile() {
        for (Precision precision : Precision.values()) {
            for (Activation activation : Activation.values()) {
                // Small widths get the unrolled kernel, large ones the looped kernel; neither set of
                // widths is a multiple of the looped kernel's four inputs per pass.
                for (int[] widths : new int[][] {{7, 13, 3, 5}, {37, 41, 19, 23}}) {
                    String call = activation.parameters().isEmpty() ? activation.keyword()
                            : activation.keyword() + "(0.37)";
                    String name = "Net_" + activation.keyword() + "_" + precision.keyword() + "_" + widths[0];
                    String text = "network " + name + ";\n"
                            + "precision " + precision.keyword() + ";\n"
                            + "input " + widths[0] + ";\n"
                            + call + ";\n"
                            + dense(widths[0], widths[1]) + call + " init=glorot_uniform bias_init=uniform(-0.5, 0.5);\n"
                            + dense(widths[1], widths[2]) + "bias=false init=he_normal;\n"
                            + call + ";\n"
                            + dense(widths[2], widths[3]) + call + " init=normal(0.8) bias_init=normal(0.3);\n";
                    NETWORKS.put(name, Networks.parse(name + ".net", text));
                }
            }
        }
        NETWORKS.put("Wide", Networks.parse("wide.net", "dense 97 -> 131 tanh; dense 131 -> 1 sigmoid;"));
        // Wide layers: several tiles of inputs, outputs that are not a multiple of any vector width.
        String wide = "input 37; dense 37 -> 300 relu; dense 300 -> 259 tanh; dense 259 -> 5 softmax;";
        NETWORKS.put("Packed", Networks.parse("packed.net", "network Packed; " + wide));
        NETWORKS.put("PackedDouble", Networks.parse("packed_double.net", "network PackedDouble; precision double; " + wide));
        NETWORKS.put("OnlyActivations", Networks.parse("only.net", "network OnlyActivations; input 4; softmax;"));
        NETWORKS.put("Specials", Networks.parse("specials.net", "network Specials; input 5; relu; softmax;"));
        NETWORKS.put("SpecialsLog", Networks.parse("specials_log.net", "network SpecialsLog; input 5; log_softmax;"));
        List<JavaFile> files = new ArrayList<>();
        for (Architecture architecture : NETWORKS.values()) {
            files.add(NetworkGenerator.generate(architecture, PACKAGE, false, architecture.name() + ".net"));
        }
        loader = InMemoryCompiler.compile(files);
    }

    @Test
    void everyNetworkMatchesTheInterpreterOnBatchesAndSingleSamples() throws Exception {
        for (Architecture architecture : NETWORKS.values()) {
            Generated generated = Generated.create(type(architecture), "random", new Class<?>[] {long.class}, SEED);
            Interpreter interpreter = new Interpreter(Weights.random(architecture, SEED));
            if (architecture.precision() == Precision.FLOAT) {
                float[][] batch = floatBatch(architecture.inputSize(), 9);
                for (int rows = 0; rows <= 3; rows++) {
                    float[][] small = java.util.Arrays.copyOf(batch, rows);
                    assertClose(architecture, interpreter.predict(small), generated.predict(small));
                }
                float[][] expected = interpreter.predict(batch);
                float[][] actual = generated.predict(batch);
                assertClose(architecture, expected, actual);
                for (int r = 0; r < batch.length; r++) {
                    assertClose(architecture, new float[][] {expected[r]}, new float[][] {generated.predict(batch[r])});
                }
                float[][][] layers = (float[][][]) generated.call("layerOutputs", new Class<?>[] {float[][].class},
                        (Object) batch);
                List<float[][]> expectedLayers = interpreter.layerOutputs(batch);
                assertThat(layers.length).isEqualTo(expectedLayers.size());
                for (int l = 0; l < layers.length; l++) {
                    assertClose(architecture, expectedLayers.get(l), layers[l]);
                }
            } else {
                double[][] batch = doubleBatch(architecture.inputSize(), 9);
                double[][] expected = interpreter.predict(batch);
                double[][] actual = generated.predict(batch);
                for (int r = 0; r < batch.length; r++) {
                    assertClose(architecture, expected[r], actual[r]);
                    assertClose(architecture, expected[r], generated.predict(batch[r]));
                }
            }
        }
    }

    /**
     * Odd and even batches, one row left over from the pairs, and batches across chunks of 128 rows;
     * {@code predictParallel} gives the same rows as {@code predict}.
     */
    @Test
    void wideLayersMatchTheInterpreterOnEveryBatchSize() throws Exception {
        for (String name : List.of("Packed", "PackedDouble")) {
            Architecture architecture = NETWORKS.get(name);
            Generated generated = Generated.create(type(architecture), "random", new Class<?>[] {long.class}, SEED);
            Interpreter interpreter = new Interpreter(Weights.random(architecture, SEED));
            for (int rows : new int[] {1, 3, 4, 5, 130}) {
                if (architecture.precision() == Precision.FLOAT) {
                    float[][] batch = floatBatch(architecture.inputSize(), rows);
                    assertClose(architecture, interpreter.predict(batch), generated.predict(batch));
                    // Blocks of at least 10 million operations, one per core, at most 128 rows: 130 rows make two.
                    assertThat((float[][]) generated.call("predictParallel", new Class<?>[] {float[][].class},
                            (Object) batch)).isDeepEqualTo(generated.predict(batch));
                } else {
                    double[][] batch = doubleBatch(architecture.inputSize(), rows);
                    double[][] expected = interpreter.predict(batch);
                    double[][] actual = generated.predict(batch);
                    assertThat(actual).hasSameDimensionsAs(expected);
                    for (int r = 0; r < rows; r++) {
                        assertClose(architecture, expected[r], actual[r]);
                    }
                }
            }
        }
    }

    /**
     * Straight-line generated code writes relu and the row maximum with comparisons rather than
     * {@code Math.max}; on NaN, infinities, huge values and signed zeros it must still give exactly
     * what the runtime's formulas give.
     */
    @Test
    void specialValuesGiveExactlyTheInterpretersOutputs() {
        float[][] batch = {
            {Float.NaN, 1, 2, 3, 4},
            {Float.POSITIVE_INFINITY, 1, Float.NEGATIVE_INFINITY, 0, 0},
            {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY},
            {1e30f, -1e30f, 0, 5, -0f},
            {-0f, 0f, -1, Float.MIN_VALUE, -Float.MAX_VALUE},
        };
        for (String name : List.of("Specials", "SpecialsLog")) {
            Architecture architecture = NETWORKS.get(name);
            float[][] expected = new Interpreter(Weights.random(architecture, SEED)).predict(batch);
            float[][] actual = Generated.create(type(architecture), "random", new Class<?>[] {long.class}, SEED)
                    .predict(batch);
            for (int r = 0; r < batch.length; r++) {
                for (int c = 0; c < 5; c++) {
                    assertThat(Float.valueOf(actual[r][c])).as("%s row %d column %d", name, r, c)
                            .isEqualTo(Float.valueOf(expected[r][c]));
                }
            }
        }
    }

    @Test
    void predictDoesNotChangeItsInput() {
        Architecture architecture = NETWORKS.get("Net_relu_float_37");
        Generated generated = Generated.create(type(architecture), "random", new Class<?>[] {long.class}, SEED);
        float[][] batch = floatBatch(37, 3);
        float[][] copy = java.util.Arrays.stream(batch).map(float[]::clone).toArray(float[][]::new);

        generated.predict(batch);
        generated.predict(batch[0]);

        assertThat(batch).isDeepEqualTo(copy);
    }

    @Test
    void savedWeightsLoadBackFromFileAndStream(@TempDir Path dir) throws Exception {
        for (String name : List.of("Net_selu_float_7", "Net_gelu_double_7", "Net_selu_float_37", "Net_gelu_double_37")) {
            Architecture architecture = NETWORKS.get(name);
            Class<?> type = type(architecture);
            Generated original = Generated.create(type, "random", new Class<?>[] {long.class}, SEED);
            Path file = dir.resolve(name + ".npz");
            original.call("save", new Class<?>[] {Path.class}, file);

            Generated fromFile = Generated.create(type, "load", new Class<?>[] {Path.class}, file);
            Generated fromStream;
            try (InputStream in = Files.newInputStream(file)) {
                fromStream = Generated.create(type, "load", new Class<?>[] {InputStream.class}, in);
            }

            if (architecture.precision() == Precision.FLOAT) {
                float[][] batch = floatBatch(architecture.inputSize(), 4);
                assertThat(fromFile.predict(batch)).isDeepEqualTo(original.predict(batch));
                assertThat(fromStream.predict(batch)).isDeepEqualTo(original.predict(batch));
            } else {
                double[][] batch = doubleBatch(architecture.inputSize(), 4);
                assertThat(fromFile.predict(batch)).isDeepEqualTo(original.predict(batch));
                assertThat(fromStream.predict(batch)).isDeepEqualTo(original.predict(batch));
            }
        }
    }

    @Test
    void loadRefusesWeightsOfAnotherNetworkNamingTheArray(@TempDir Path dir) {
        Path file = dir.resolve("wide.npz");
        Generated.create(type(NETWORKS.get("Wide")), "random", new Class<?>[] {long.class}, SEED)
                .call("save", new Class<?>[] {Path.class}, file);

        assertThatThrownBy(() -> Generated.create(type(NETWORKS.get("Net_relu_float_7")), "load",
                        new Class<?>[] {Path.class}, file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wide.npz")
                .hasMessageContaining("dense_0.weights");
    }

    @Test
    void wrongInputWidthNamesExpectedAndActualWidth() {
        Architecture architecture = NETWORKS.get("Net_tanh_float_7");
        Generated generated = Generated.create(type(architecture), "random", new Class<?>[] {long.class}, SEED);

        assertThatThrownBy(() -> generated.predict(new float[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7").hasMessageContaining("6");
        assertThatThrownBy(() -> generated.predict(new float[][] {new float[7], new float[8]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7").hasMessageContaining("8").hasMessageContaining("row 1");
    }

    @Test
    void randomIsReproducibleWithASeedAndFreshWithout() {
        Class<?> type = type(NETWORKS.get("Wide"));
        float[][] batch = floatBatch(97, 2);
        Generated a = Generated.create(type, "random", new Class<?>[] {long.class}, 7L);
        Generated b = Generated.create(type, "random", new Class<?>[] {long.class}, 7L);
        Generated c = Generated.create(type, "random", new Class<?>[0]);
        Generated d = Generated.create(type, "random", new Class<?>[0]);

        assertThat(a.predict(batch)).isDeepEqualTo(b.predict(batch));
        assertThat(c.predict(batch)).isNotEqualTo(d.predict(batch));
    }

    @Test
    void constantsAndSummaryDescribeTheNetwork() throws Exception {
        Class<?> type = type(NETWORKS.get("Wide"));
        assertThat(type.getField("INPUT_SIZE").getInt(null)).isEqualTo(97);
        assertThat(type.getField("OUTPUT_SIZE").getInt(null)).isEqualTo(1);
        String summary = (String) Generated.create(type, "random", new Class<?>[] {long.class}, 1L)
                .call("summary", new Class<?>[0]);
        assertThat(summary).contains("dense_0 (Dense)", "(None, 131)", "12,838", "dense_1 (Dense)", "132",
                "Total params: 12,970");
    }

    private static String dense(int in, int out) {
        return "dense " + in + " -> " + out + " ";
    }

    private static Class<?> type(Architecture architecture) {
        try {
            return loader.loadClass(PACKAGE + "." + architecture.name());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertClose(Architecture architecture, float[][] expected, float[][] actual) {
        assertThat(actual).hasSameDimensionsAs(expected);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                String where = String.format("%s row %d column %d", architecture.name(), r, c);
                if (!Float.isFinite(expected[r][c])) {
                    assertThat(Float.valueOf(actual[r][c])).as(where).isEqualTo(Float.valueOf(expected[r][c]));
                } else {
                    // Generated code fuses multiply-adds (one rounding where the interpreter has two), and
                    // stacked exponentials amplify that difference; the conformance tolerance allows it.
                    float tolerance = 1e-6f + 1e-4f * Math.abs(expected[r][c]);
                    assertThat(actual[r][c]).as(where).isCloseTo(expected[r][c], within(tolerance));
                }
            }
        }
    }

    private static void assertClose(Architecture architecture, double[] expected, double[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int c = 0; c < expected.length; c++) {
            String where = String.format("%s column %d", architecture.name(), c);
            if (!Double.isFinite(expected[c])) {
                assertThat(Double.valueOf(actual[c])).as(where).isEqualTo(Double.valueOf(expected[c]));
            } else {
                assertThat(actual[c]).as(where).isCloseTo(expected[c], within(1e-12 + 1e-10 * Math.abs(expected[c])));
            }
        }
    }

    static float[][] floatBatch(int width, int rows) {
        Random random = new Random(width * 31L + rows);
        float[][] batch = new float[rows][width];
        for (float[] row : batch) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) (random.nextGaussian() * 2);
            }
        }
        return batch;
    }

    static double[][] doubleBatch(int width, int rows) {
        Random random = new Random(width * 37L + rows);
        double[][] batch = new double[rows][width];
        for (double[] row : batch) {
            for (int i = 0; i < width; i++) {
                row[i] = random.nextGaussian() * 2;
            }
        }
        return batch;
    }
}

package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.palantir.javapoet.JavaFile;
import dev.netc.runtime.Activation;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import dev.netc.runtime.internal.MatrixKernels;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The looped kernel's batches against the interpreter, on whichever path the runtime chose: the
 * Vector API's products (this module's tests run with {@code --add-modules jdk.incubator.vector}) or
 * the generated plain loops (the build runs this test again with {@code -Dnetc.vector=false}). Every
 * activation, float and double, widths that are no multiple of any vector length, single samples
 * (the Vector API's kernel for one row), batches whose sizes are no multiple of the blocks or of the
 * chunks of 128 rows, and every entry point.
 */
class VectorKernelTest {
    private static final String PACKAGE = "vec";
    private static final long SEED = 77;
    private static final Map<String, Architecture> NETWORKS = new LinkedHashMap<>();
    private static ClassLoader loader;

    @BeforeAll
    static void generateAndCompile() {
        for (Precision precision : Precision.values()) {
            for (Activation activation : Activation.values()) {
                String call = activation.parameters().isEmpty() ? activation.keyword() : activation.keyword() + "(0.3)";
                String name = "Vec_" + activation.keyword() + "_" + precision.keyword();
                // Stacked exponentials magnify summation-order differences beyond any fixed tolerance, so
                // that network uses exponential only in its last layer.
                String inner = activation == Activation.EXPONENTIAL ? "tanh" : call;
                String text = "network " + name + "; precision " + precision.keyword() + "; input 37;\n"
                        + "dense 37 -> 67 " + inner + " init=glorot_uniform bias_init=uniform(-0.5, 0.5);\n"
                        + "dense 67 -> 70 bias=false init=he_normal;\n"
                        + inner + ";\n"
                        // Narrower than a block of four vectors: summed along the inputs, two rows at a time.
                        + "dense 70 -> 11 " + inner + " init=glorot_uniform;\n"
                        + "dense 11 -> 131 " + call + " init=normal(0.3) bias_init=normal(0.2);\n";
                NETWORKS.put(name, Networks.parse(name + ".net", text));
            }
        }
        List<JavaFile> files = new ArrayList<>();
        for (Architecture architecture : NETWORKS.values()) {
            files.add(NetworkGenerator.generate(architecture, PACKAGE, false, architecture.name() + ".net"));
        }
        assertThat(files.get(0).toString()).contains("KERNELS.multiply(").doesNotContain("import jdk.incubator");
        loader = InMemoryCompiler.compile(files);
    }

    /** The path under test is the one this JVM should take: the Vector API's with the module, unless disabled. */
    @Test
    void theGeneratedClassTakesThePathTheRuntimeChose() throws Exception {
        boolean expected = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty(MatrixKernels.VECTOR_PROPERTY));
        assertThat(MatrixKernels.get().vectorized()).as(MatrixKernels.get().description()).isEqualTo(expected);
        // The build says which path each test run is for: a lost --add-modules would otherwise pass as plain.
        String meant = System.getProperty("netc.expectVector");
        if (meant != null) {
            assertThat(MatrixKernels.get().vectorized()).as("the path this test run was set up for")
                    .isEqualTo(Boolean.parseBoolean(meant));
        }
        Class<?> type = loader.loadClass(PACKAGE + "." + NETWORKS.keySet().iterator().next());
        Field flag = type.getDeclaredField("VECTORIZED");
        flag.setAccessible(true);
        assertThat(flag.getBoolean(null)).isEqualTo(expected);
        Generated generated = Generated.create(type, "random", new Class<?>[] {long.class}, SEED);
        Field rowMajor = type.getDeclaredField("rowMajor0");
        rowMajor.setAccessible(true);
        assertThat(rowMajor.get(generated.instance()) != null).as("a row-major copy only when vectorized")
                .isEqualTo(expected);
    }

    @Test
    void everyNetworkMatchesTheInterpreter() throws Exception {
        for (Architecture architecture : NETWORKS.values()) {
            Class<?> type = loader.loadClass(PACKAGE + "." + architecture.name());
            Generated generated = Generated.create(type, "random", new Class<?>[] {long.class}, SEED);
            Interpreter interpreter = new Interpreter(Weights.random(architecture, SEED));
            // Past 128 rows a batch goes through in chunks of 128.
            for (int rows : new int[] {0, 1, 3, 4, 5, 9, 131}) {
                if (architecture.precision() == Precision.FLOAT) {
                    float[][] batch = GeneratedVsInterpreterTest.floatBatch(37, rows);
                    float[][] expected = interpreter.predict(batch);
                    assertClose(architecture, expected, generated.predict(batch));
                    float[][] parallel = (float[][]) generated.call("predictParallel", new Class<?>[] {float[][].class},
                            (Object) batch);
                    assertThat(parallel).isDeepEqualTo(generated.predict(batch));
                    // The flat batch's rows sit at offsets in one array; the blocks read rows from index 0.
                    int width = architecture.outputSize();
                    float[] flat = new float[rows * width];
                    generated.call("predictBatch", new Class<?>[] {float[].class, int.class, float[].class},
                            flatten(batch), rows, flat);
                    float[][] actual = generated.predict(batch);
                    for (int r = 0; r < rows; r++) {
                        assertThat(Arrays.copyOfRange(flat, r * width, (r + 1) * width)).isEqualTo(actual[r]);
                        assertClose(architecture, new float[][] {expected[r]}, new float[][] {generated.predict(batch[r])});
                    }
                } else {
                    double[][] batch = GeneratedVsInterpreterTest.doubleBatch(37, rows);
                    double[][] expected = interpreter.predict(batch);
                    double[][] actual = generated.predict(batch);
                    for (int r = 0; r < rows; r++) {
                        assertClose(architecture, expected[r], actual[r]);
                        assertClose(architecture, expected[r], generated.predict(batch[r]));
                    }
                }
            }
        }
    }

    /**
     * A narrow last layer takes rows in pairs, adding in another order than for a row alone, so the
     * parallel blocks must pair the same rows as predict's chunks: blocks of an even number of rows.
     */
    @Test
    void predictParallelGivesPredictsBitsForBatchesCutIntoSeveralBlocks() throws Exception {
        Architecture architecture = Networks.parse("wide.net", "network VecWide; dense 400 -> 300 relu;"
                + " dense 300 -> 10 softmax;");
        ClassLoader wide = InMemoryCompiler.compile(List.of(NetworkGenerator.generate(architecture,
                PACKAGE, false, "wide.net")));
        Generated generated = Generated.create(wide.loadClass(PACKAGE + ".VecWide"), "random",
                new Class<?>[] {long.class}, SEED);
        for (int rows : new int[] {149, 150, 151, 255}) {
            float[][] batch = GeneratedVsInterpreterTest.floatBatch(400, rows);
            float[][] parallel = (float[][]) generated.call("predictParallel", new Class<?>[] {float[][].class},
                    (Object) batch);
            assertThat(parallel).as("%d rows", rows).isDeepEqualTo(generated.predict(batch));
        }
    }

    private static float[] flatten(float[][] batch) {
        float[] flat = new float[batch.length == 0 ? 0 : batch.length * batch[0].length];
        for (int r = 0; r < batch.length; r++) {
            System.arraycopy(batch[r], 0, flat, r * batch[r].length, batch[r].length);
        }
        return flat;
    }

    @Test
    void aNetworkWithoutDenseLayersMatchesTheInterpreter() throws Exception {
        Architecture activations = Networks.parse("softmax.net", "network VecSoftmax; input 300; softmax;");
        ClassLoader only = InMemoryCompiler.compile(List.of(NetworkGenerator.generate(activations, PACKAGE, false,
                "softmax.net")));
        Generated generated = Generated.create(only.loadClass(PACKAGE + ".VecSoftmax"), "random",
                new Class<?>[] {long.class}, SEED);
        float[][] batch = GeneratedVsInterpreterTest.floatBatch(300, 5);
        assertClose(activations, new Interpreter(Weights.random(activations, SEED)).predict(batch),
                generated.predict(batch));
    }

    private static void assertClose(Architecture architecture, float[][] expected, float[][] actual) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                String where = String.format("%s row %d column %d", architecture.name(), r, c);
                if (!Float.isFinite(expected[r][c])) {
                    assertThat(Float.valueOf(actual[r][c])).as(where).isEqualTo(Float.valueOf(expected[r][c]));
                } else {
                    assertThat(actual[r][c]).as(where)
                            .isCloseTo(expected[r][c], within(1e-5f + 1e-4f * Math.abs(expected[r][c])));
                }
            }
        }
    }

    private static void assertClose(Architecture architecture, double[] expected, double[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int c = 0; c < expected.length; c++) {
            String where = architecture.name() + " column " + c + " of " + Arrays.toString(expected);
            if (!Double.isFinite(expected[c])) {
                assertThat(Double.valueOf(actual[c])).as(where).isEqualTo(Double.valueOf(expected[c]));
            } else {
                assertThat(actual[c]).as(where).isCloseTo(expected[c], within(1e-12 + 1e-10 * Math.abs(expected[c])));
            }
        }
    }
}

package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.palantir.javapoet.JavaFile;
import dev.netc.codegen.kernel.UnrolledKernel;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Weights;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dropout layers and regularization options in generated classes: dropout is the identity in every
 * kernel (straight-line, looped, Vector API), wherever it stands, also alone; and the class's
 * {@code architecture()} is the checked one, dropouts and penalties included, so the interpreter
 * and training see the network the file describes.
 */
class DropoutAndRegularizationTest {
    private static final String PACKAGE = "drop";
    private static final long SEED = 20261208L;
    private static final Map<String, Architecture> NETWORKS = new LinkedHashMap<>();
    private static ClassLoader loader;

    /** Dropout first (on the input), after a ReLU and before the dense layer that skips its zeros, and last. */
    private static final String LOOPED = "input 37; dropout 0.2; dense 37 -> 300 relu l2=5e-4 bias_l2=5e-4;"
            + " dropout 0.5 name=drop; dense 300 -> 41 tanh l1=1e-3; relu; dropout 0.1; dense 41 -> 5; softmax;"
            + " dropout 0.3;";

    @BeforeAll
    static void generateAndCompile() {
        NETWORKS.put("Small", Networks.parse("small.net", "network Small; input 5; dropout 0.1;"
                + " dense 5 -> 7 relu l2=5e-4 bias_l2=5e-4; dropout 0.5 name=drop; dense 7 -> 3 l1=0.001 bias_l1=0.25;"
                + " dropout 0; softmax; dropout 0.3;"));
        NETWORKS.put("SmallDouble", Networks.parse("small_double.net", "network SmallDouble; precision double;"
                + " dense 5 -> 7 relu; dropout 0.5; dense 7 -> 3 softmax; dropout 0.2;"));
        NETWORKS.put("Looped", Networks.parse("looped.net", "network Looped; " + LOOPED));
        NETWORKS.put("LoopedDouble", Networks.parse("looped_double.net", "network LoopedDouble; precision double; "
                + LOOPED));
        NETWORKS.put("OnlyDropout", Networks.parse("only_dropout.net", "network OnlyDropout; input 4; dropout 0.5;"));
        NETWORKS.put("OnlyDropouts", Networks.parse("only_dropouts.net",
                "network OnlyDropouts; input 300; dropout 0.5; dropout 0.2;"));
        loader = InMemoryCompiler.compile(NETWORKS.values().stream()
                .map(a -> NetworkGenerator.generate(a, PACKAGE, false, a.name() + ".net")).toList());
    }

    @Test
    void theKernelsAreTheOnesEachNetworkIsMeantToTest() {
        assertThat(UnrolledKernel.fits(ForwardPassGenerator.withoutDropout(NETWORKS.get("Small")))).isTrue();
        assertThat(UnrolledKernel.fits(ForwardPassGenerator.withoutDropout(NETWORKS.get("Looped")))).isFalse();
        assertThat(UnrolledKernel.fits(ForwardPassGenerator.withoutDropout(NETWORKS.get("OnlyDropouts")))).isFalse();
        // Batches of the looped networks go through the Vector API's products when the JVM has the module;
        // the build runs this test with and without them (-Dnetc.vector=false).
        assertThat(generate("Looped")).contains("if (VECTORIZED) {");
    }

    /**
     * The kernels compute without the dropouts, so the dense layer after {@code relu; dropout 0.5;}
     * follows the ReLU directly (and skips the zeros it left).
     */
    @Test
    void kernelsSeeTheNetworkWithoutItsDropouts() {
        Architecture computed = ForwardPassGenerator.withoutDropout(NETWORKS.get("Looped"));
        assertThat(computed.layers()).noneMatch(DropoutLayer.class::isInstance).hasSize(5);
        assertThat(computed.layers().get(0).activation().activation()).isEqualTo(dev.netc.runtime.Activation.RELU);
        assertThat(computed.layers().get(1)).isInstanceOf(dev.netc.runtime.DenseLayer.class);
        assertThat(ForwardPassGenerator.withoutDropout(NETWORKS.get("OnlyDropouts")).layers())
                .singleElement().hasToString("ActivationLayer[name=dropout_0, inputSize=300, activation=linear]");
    }

    @Test
    void generatedClassesMatchTheInterpreterOnEveryEntryPoint() throws Exception {
        for (String name : NETWORKS.keySet()) {
            assertMatchesInterpreter(loader, NETWORKS.get(name));
        }
    }

    /** A network of dropouts alone hands back its input bit for bit: NaN, infinities and -0 included. */
    @Test
    void dropoutsAloneReturnTheInput() throws Exception {
        for (String name : List.of("OnlyDropout", "OnlyDropouts")) {
            Architecture architecture = NETWORKS.get(name);
            Generated generated = create(loader, architecture);
            float[][] batch = GeneratedVsInterpreterTest.floatBatch(architecture.inputSize(), 3);
            batch[0][0] = Float.NaN;
            batch[1][1] = Float.NEGATIVE_INFINITY;
            batch[2][2] = -0f;
            float[][] output = generated.predict(batch);
            for (int r = 0; r < batch.length; r++) {
                assertThat(Arrays.equals(output[r], batch[r])).as("%s row %d", name, r).isTrue();
                assertThat(Arrays.equals(generated.predict(batch[r]), batch[r])).as("%s sample %d", name, r).isTrue();
            }
        }
    }

    /** {@code architecture()} recreates the checked layers: dropouts with their rates, dense layers with their penalties. */
    @Test
    void architectureIsTheCheckedOne() throws Exception {
        for (Architecture checked : NETWORKS.values()) {
            Class<?> type = loader.loadClass(PACKAGE + "." + checked.name());
            assertThat(type.getMethod("architecture").invoke(null)).as(checked.name()).isEqualTo(checked);
        }
        Architecture small = NETWORKS.get("Small");
        assertThat(small.layers().get(2)).isEqualTo(new DropoutLayer("drop", 7, 0.5));
        assertThat(small.denseLayers().get(0).regularization()).isEqualTo(new Regularization(0, 5e-4, 0, 5e-4));
        assertThat(small.denseLayers().get(1).regularization()).isEqualTo(new Regularization(0.001, 0, 0.25, 0));
    }

    @Test
    void summaryAndClassCommentShowDropoutsAndPenalties() throws Exception {
        String summary = (String) create(loader, NETWORKS.get("Small")).call("summary", new Class<?>[0]);
        assertThat(summary).contains(" dropout_0 (Dropout)         (None, 5)      -                  0\n",
                " drop (Dropout)              (None, 7)      -                  0\n",
                " dropout_3 (Dropout)         (None, 3)      -                  0\n",
                "Total params: 66 (264.00 B)\n");

        String source = generate("Small");
        assertThat(source).contains(" * dropout_0: dropout 0.1\n",
                " * dense_0: dense 5 -> 7 relu, l2=5.0E-4 bias_l2=5.0E-4\n",
                " * drop: dropout 0.5\n",
                " * dense_1: dense 7 -> 3 linear, l1=0.001 bias_l1=0.25\n");
    }

    private static String generate(String name) {
        Architecture architecture = NETWORKS.get(name);
        JavaFile file = NetworkGenerator.generate(architecture, PACKAGE, false, name + ".net");
        return file.toString();
    }

    private static Generated create(ClassLoader classes, Architecture architecture) throws ClassNotFoundException {
        return Generated.create(classes.loadClass(PACKAGE + "." + architecture.name()), "random",
                new Class<?>[] {long.class}, SEED);
    }

    /** Batches of 0 to 130 rows, single samples, the flat batch and every layer's output. */
    private static void assertMatchesInterpreter(ClassLoader classes, Architecture architecture) throws Exception {
        Generated generated = create(classes, architecture);
        Interpreter interpreter = new Interpreter(Weights.random(architecture, SEED));
        int in = architecture.inputSize();
        int out = architecture.outputSize();
        for (int rows : new int[] {0, 1, 2, 5, 130}) {
            if (architecture.precision() == Precision.FLOAT) {
                float[][] batch = GeneratedVsInterpreterTest.floatBatch(in, rows);
                float[][] expected = interpreter.predict(batch);
                assertClose(architecture, expected, generated.predict(batch));
                float[] flat = new float[rows * out];
                float[] inputs = new float[rows * in];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(batch[r], 0, inputs, r * in, in);
                    assertClose(architecture, new float[][] {expected[r]}, new float[][] {generated.predict(batch[r])});
                }
                generated.call("predictBatch", new Class<?>[] {float[].class, int.class, float[].class}, inputs, rows,
                        flat);
                for (int r = 0; r < rows; r++) {
                    assertClose(architecture, new float[][] {expected[r]},
                            new float[][] {Arrays.copyOfRange(flat, r * out, (r + 1) * out)});
                }
                float[][][] layers = (float[][][]) generated.call("layerOutputs", new Class<?>[] {float[][].class},
                        (Object) batch);
                List<float[][]> expectedLayers = interpreter.layerOutputs(batch);
                assertThat(layers.length).isEqualTo(expectedLayers.size());
                for (int l = 0; l < layers.length; l++) {
                    assertClose(architecture, expectedLayers.get(l), layers[l]);
                }
            } else {
                double[][] batch = GeneratedVsInterpreterTest.doubleBatch(in, rows);
                double[][] expected = interpreter.predict(batch);
                double[][] actual = generated.predict(batch);
                assertThat(actual).hasSameDimensionsAs(expected);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < out; c++) {
                        assertThat(actual[r][c]).as("%s row %d column %d", architecture.name(), r, c)
                                .isCloseTo(expected[r][c], within(1e-12 + 1e-10 * Math.abs(expected[r][c])));
                    }
                }
            }
        }
    }

    private static void assertClose(Architecture architecture, float[][] expected, float[][] actual) {
        assertThat(actual).hasSameDimensionsAs(expected);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                // Fused multiply-adds round once where the interpreter rounds twice: the conformance tolerance.
                assertThat(actual[r][c]).as("%s row %d column %d", architecture.name(), r, c)
                        .isCloseTo(expected[r][c], within(1e-6f + 1e-4f * Math.abs(expected[r][c])));
            }
        }
    }
}

package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.palantir.javapoet.JavaFile;
import dev.netc.codegen.kernel.UnrolledKernel;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.dsl.RandomNetworks;
import dev.netc.dsl.diag.SourceText;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random valid networks (from the language's {@link RandomNetworks}: widths 1 to 70, every
 * activation and initializer with random arguments, random directives and formatting) generate
 * classes that compile without a warning and compute what the reference interpreter computes, on
 * batches and single samples, with both kernels (small networks unrolled, larger ones looped).
 */
class RandomNetworksTest {
    private static final int NETWORKS = 80;
    private static final List<Architecture> ARCHITECTURES = new ArrayList<>();
    private static ClassLoader loader;

    @BeforeAll
    static void generateAndCompileAllAtOnce() {
        Random random = new Random(20261126);
        List<JavaFile> files = new ArrayList<>();
        for (int i = 0; i < NETWORKS; i++) {
            String fileName = "random_net_" + i + ".net";
            // Every other network narrow, so that both kernels get many.
            RandomNetworks.Network network = RandomNetworks.generate(random, fileName, 6,
                    i % 2 == 0 ? 12 : RandomNetworks.MAX_WIDTH);
            CheckResult result = NetFrontEnd.check(new SourceText(fileName, network.text()), fileName, Path.of("."),
                    null);
            assertThat(result.diagnostics()).as("%s%n%s", result.report(), network.text()).isEmpty();
            Architecture architecture = result.network().orElseThrow().architecture();
            ARCHITECTURES.add(architecture);
            // One package per network, so that equal class names cannot clash.
            files.add(NetworkGenerator.generate(architecture, "random" + i, false, fileName));
        }
        loader = InMemoryCompiler.compile(files);
    }

    @Test
    void bothKernelsAreCovered() {
        long small = ARCHITECTURES.stream().filter(UnrolledKernel::fits).count();
        assertThat(small).isGreaterThan(5).isLessThan(NETWORKS - 5);
    }

    @Test
    void everyRandomNetworkComputesWhatTheInterpreterComputes() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < ARCHITECTURES.size(); i++) {
            Architecture architecture = ARCHITECTURES.get(i);
            long seed = random.nextLong();
            Class<?> type = loader.loadClass("random" + i + "." + architecture.name());
            Generated generated = Generated.create(type, "random", new Class<?>[] {long.class}, seed);
            Interpreter interpreter = new Interpreter(Weights.random(architecture, seed));
            int rows = 1 + random.nextInt(5);
            String what = "network " + i + " (" + architecture.name() + ")";
            if (architecture.precision() == Precision.FLOAT) {
                float[][] batch = new float[rows][architecture.inputSize()];
                for (float[] row : batch) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = (float) (random.nextGaussian() * 2);
                    }
                }
                float[][] expected = interpreter.predict(batch);
                float[][] actual = generated.predict(batch);
                for (int r = 0; r < rows; r++) {
                    assertClose(what, expected[r], actual[r]);
                    assertClose(what, expected[r], generated.predict(batch[r]));
                }
            } else {
                double[][] batch = new double[rows][architecture.inputSize()];
                for (double[] row : batch) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = random.nextGaussian() * 2;
                    }
                }
                double[][] expected = interpreter.predict(batch);
                double[][] actual = generated.predict(batch);
                for (int r = 0; r < rows; r++) {
                    assertClose(what, expected[r], actual[r]);
                    assertClose(what, expected[r], generated.predict(batch[r]));
                }
            }
        }
    }

    /**
     * Generated code fuses multiply-adds and uses a fast float exp within one ulp, so it may differ
     * from the interpreter in the last bits; the conformance tolerance allows that, relative to the
     * row's largest value so that cancellation in a sum cannot fail a correct result.
     */
    private static void assertClose(String what, float[] expected, float[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        float scale = 0;
        for (float v : expected) {
            scale = Float.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale;
        }
        for (int c = 0; c < expected.length; c++) {
            if (!Float.isFinite(expected[c])) {
                assertThat(Float.valueOf(actual[c])).as("%s column %d", what, c).isEqualTo(expected[c]);
            } else {
                assertThat(actual[c]).as("%s column %d", what, c)
                        .isCloseTo(expected[c], within(1e-5f + 1e-4f * Math.max(Math.abs(expected[c]), scale)));
            }
        }
    }

    private static void assertClose(String what, double[] expected, double[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 0;
        for (double v : expected) {
            scale = Double.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale;
        }
        for (int c = 0; c < expected.length; c++) {
            if (!Double.isFinite(expected[c])) {
                assertThat(Double.valueOf(actual[c])).as("%s column %d", what, c).isEqualTo(expected[c]);
            } else {
                assertThat(actual[c]).as("%s column %d", what, c)
                        .isCloseTo(expected[c], within(1e-12 + 1e-10 * Math.max(Math.abs(expected[c]), scale)));
            }
        }
    }
}

package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.codegen.kernel.UnrolledKernel;
import dev.netc.dsl.check.Checker;
import dev.netc.runtime.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The largest networks the checks accept must generate classes that compile and run. */
class LimitsTest {

    @Test
    void theDeepestAcceptedNetworkCompilesAndRuns() {
        StringBuilder text = new StringBuilder("network Deepest; seed 1;\n");
        for (int i = 0; i < Checker.MAX_LAYERS; i++) {
            // Dense layers with the most arguments make the largest static initializer.
            text.append("dense 3 -> 3 leaky_relu(0.5) init=normal(0.25, 0.5) bias_init=uniform(-1, 1) name=layer_")
                    .append(i).append(";\n");
        }
        Architecture architecture = Networks.parse("deepest.net", text.toString());
        assertThat(architecture.layers()).hasSize(Checker.MAX_LAYERS);

        ClassLoader loader = InMemoryCompiler.compile(List.of(
                NetworkGenerator.generate(architecture, "limits", true, "deepest.net")));
        Generated network = Generated.create(load(loader, "limits.Deepest"), "random", new Class<?>[0]);

        assertThat(network.predict(new float[] {1, 2, 3})).hasSize(3).doesNotContain(Float.NaN);
        // Its trainer too (spec §6): the per-layer code of the trainer's methods is split into helper methods.
        Object trainer = network.call("trainer", new Class<?>[] {dev.netc.runtime.train.Loss.class,
                dev.netc.runtime.train.Optimizer.class}, dev.netc.runtime.train.Loss.MEAN_SQUARED_ERROR,
                dev.netc.runtime.train.Optimizer.adam());
        float[][] inputs = {{1, 2, 3}, {-1, 0, 1}};
        float[][] targets = {{0, 1, 0}, {1, 0, 1}};
        for (int step = 0; step < 2; step++) {
            float loss = (float) Generated.invoke(trainer.getClass(), trainer, "step",
                    new Class<?>[] {float[][].class, float[][].class}, inputs, targets);
            assertThat(loss).isFinite();
        }
        Object trained = Generated.invoke(trainer.getClass(), trainer, "network", new Class<?>[0]);
        assertThat((float[]) Generated.invoke(trained.getClass(), trained, "predict", new Class<?>[] {float[].class},
                (Object) new float[] {1, 2, 3})).hasSize(3).doesNotContain(Float.NaN);
    }

    /**
     * The most straight-line code one network can ask for: as many weights and values as the
     * unrolled kernel takes, every value through softmax or gelu_tanh.
     */
    @Test
    void theLargestUnrolledNetworkCompilesAndRuns() {
        String text = "network LargestUnrolled; input 16;\n"
                + "dense 16 -> 20 softmax;\n"
                + "gelu_tanh; softmax; gelu_tanh; softmax;\n"
                + "dense 20 -> 4 softmax;\n";
        Architecture architecture = Networks.parse("largest_unrolled.net", text);
        assertThat(UnrolledKernel.fits(architecture)).isTrue();

        ClassLoader loader = InMemoryCompiler.compile(List.of(
                NetworkGenerator.generate(architecture, "limits", false, "largest_unrolled.net")));
        Generated network = Generated.create(load(loader, "limits.LargestUnrolled"), "random", new Class<?>[0]);

        assertThat(network.predict(new float[16])).hasSize(4).doesNotContain(Float.NaN);
    }

    /**
     * Many layers without weights (here 1000 activations over 64 values) are too much to write out
     * value by value: they take the looped kernel, which compiles and runs.
     */
    @Test
    void deepNetworksWithoutWeightsTakeTheLoopedKernel() {
        StringBuilder text = new StringBuilder("network DeepActivations; input 64;\n");
        for (int i = 0; i < Checker.MAX_LAYERS; i++) {
            text.append(i % 2 == 0 ? "gelu_tanh;\n" : "softmax;\n");
        }
        Architecture architecture = Networks.parse("deep_activations.net", text.toString());
        assertThat(UnrolledKernel.fits(architecture)).isFalse();

        ClassLoader loader = InMemoryCompiler.compile(List.of(
                NetworkGenerator.generate(architecture, "limits", false, "deep_activations.net")));
        Generated network = Generated.create(load(loader, "limits.DeepActivations"), "random", new Class<?>[0]);

        assertThat(network.predict(new float[64])).hasSize(64).doesNotContain(Float.NaN);
    }

    /**
     * A layer as wide as a Java array allows (46340 x 46340 = 2,147,395,600 weights, just under
     * {@link Checker#MAX_ARRAY_LENGTH}) generates code that compiles; running it would need 8 GB.
     */
    @Test
    void theWidestAcceptedLayerCompiles() {
        assertThat(46340L * 46340).isLessThanOrEqualTo(Checker.MAX_ARRAY_LENGTH);
        assertThat(46341L * 46341).isGreaterThan(Checker.MAX_ARRAY_LENGTH);
        Architecture widest = Networks.parse("widest.net", "network Widest; dense 46340 -> 46340 relu;"
                + " dense 46340 -> 1 sigmoid; precision double;".replace(" precision double;", ""));
        Architecture tall = Networks.parse("tall.net", "network Tall; precision double; dense 1 -> 2147483639;"
                + " softmax;");

        ClassLoader loader = InMemoryCompiler.compile(List.of(
                NetworkGenerator.generate(widest, "limits", true, "widest.net"),
                NetworkGenerator.generate(tall, "limits", false, "tall.net")));

        assertThat(load(loader, "limits.Widest").getSimpleName()).isEqualTo("Widest");
        assertThat(load(loader, "limits.Tall").getSimpleName()).isEqualTo("Tall");
    }

    @Test
    void aLayerWiderThanAJavaArrayIsRefusedNamingTheLimit() {
        dev.netc.dsl.CheckResult result = dev.netc.dsl.NetFrontEnd.check(new dev.netc.dsl.diag.SourceText("w.net",
                "dense 46341 -> 46341;"), "w.net", java.nio.file.Path.of("."), null);

        assertThat(result.report()).startsWith("w.net:1:1: error: layer 'dense_0' would have 46341 x 46341 ="
                + " 2147488281 weights, more than a Java array holds (2147483639)");
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}

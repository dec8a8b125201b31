package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

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
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}

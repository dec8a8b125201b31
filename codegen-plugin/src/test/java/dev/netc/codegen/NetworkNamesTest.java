package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Weights;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Network names that meet names of the generated class itself. */
class NetworkNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"dense 3 -> 4 relu; dense 4 -> 2 softmax;", "dense 70 -> 80 relu; dense 80 -> 2 softmax;"})
    void aNetworkNamedWorkspaceCompilesWithItsScratchClassNamedScratch(String layers) throws Exception {
        Architecture architecture = Networks.parse("workspace.net", layers);
        JavaFile file = NetworkGenerator.generate(architecture, "names", false, "workspace.net");

        Class<?> type = InMemoryCompiler.compile(List.of(file)).loadClass("names.Workspace");

        assertThat(type.getClasses()).extracting(Class::getSimpleName).containsExactly("Scratch");
        Generated net = Generated.create(type, "random", new Class<?>[] {long.class}, 5L);
        float[][] batch = new float[3][architecture.inputSize()];
        for (int i = 0; i < batch.length; i++) {
            batch[i][i] = 1f;
        }
        float[][] expected = new Interpreter(Weights.random(architecture, 5L)).predict(batch);
        float[][] actual = net.predict(batch);
        for (int r = 0; r < batch.length; r++) {
            assertThat(actual[r]).containsExactly(expected[r], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}

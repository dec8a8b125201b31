package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Network names that meet names the generated classes use. */
class NetworkNamesTest {
    /**
     * A class of the package hides java.lang's class of the same name from the package's other
     * classes, so a network named String or Math must not break its neighbours.
     */
    @ParameterizedTest
    @ValueSource(strings = {"String", "Math", "System", "Float", "Double", "Thread", "ThreadLocal", "Runtime",
            "IllegalArgumentException", "Object", "Integer", "Override"})
    void networksNamedLikeJavaLangClassesCompileBesideEachOther(String name) throws Exception {
        List<Architecture> architectures = List.of(Networks.parse(name + ".net", "dense 3 -> 2 softmax;"),
                Networks.parse("small.net", "dense 3 -> 4 relu; dense 4 -> 2 softmax;"),
                Networks.parse("large.net", "dense 70 -> 80 relu; dense 80 -> 2 softmax;"));
        List<JavaFile> files = new ArrayList<>();
        for (Architecture architecture : architectures) {
            files.add(NetworkGenerator.generate(architecture, "lang", false, architecture.name() + ".net"));
        }

        ClassLoader loader = InMemoryCompiler.compile(files);

        for (Architecture architecture : architectures) {
            Class<?> network = loader.loadClass("lang." + architecture.name());
            Generated net = Generated.create(network, "random", new Class<?>[] {long.class}, 5L);
            int width = (int) network.getField("INPUT_SIZE").get(null);
            float[][] batch = {new float[width]};
            batch[0][0] = 1f;
            assertThat(net.predict(batch)[0]).hasSize(2);
        }
    }

    @Test
    void aNetworkNamedTrainerCallsItsTrainerTraining() throws Exception {
        Architecture architecture = Networks.parse("trainer.net", "dense 3 -> 4 relu; dense 4 -> 2 softmax;");
        JavaFile file = NetworkGenerator.generate(architecture, "names", false, "trainer.net");

        Class<?> type = InMemoryCompiler.compile(List.of(file)).loadClass("names.Trainer");

        assertThat(type.getClasses()).extracting(Class::getSimpleName).contains("Training");
        assertThat(type.getMethod("trainer", dev.netc.runtime.train.Loss.class,
                dev.netc.runtime.train.Optimizer.class).getReturnType().getSimpleName()).isEqualTo("Training");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense 3 -> 4 relu; dense 4 -> 2 softmax;", "dense 70 -> 80 relu; dense 80 -> 2 softmax;"})
    void aNetworkNamedWorkspaceCompilesWithItsScratchClassNamedScratch(String layers) throws Exception {
        Architecture architecture = Networks.parse("workspace.net", layers);
        JavaFile file = NetworkGenerator.generate(architecture, "names", false, "workspace.net");

        Class<?> type = InMemoryCompiler.compile(List.of(file)).loadClass("names.Workspace");

        assertThat(type.getClasses()).extracting(Class::getSimpleName).containsExactlyInAnyOrder("Scratch", "Trainer");
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

package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Weights;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The runtime's internal classes that a class with bundled weights calls by their simple names: a
     * network named like one of them still compiles and predicts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Pretrained", "ParallelBlocks", "InputWidth", "RuntimeVersion", "UncheckedIOException"})
    void networksWithBundledWeightsNamedLikeTheRuntimesClassesCompile(String name) throws Exception {
        Architecture architecture = Networks.parse(name + ".net", "dense 3 -> 2 softmax;");
        Class<?> network = InMemoryCompiler.compile(List.of(NetworkGenerator.generate(architecture, "bundled", true,
                name + ".net"))).loadClass("bundled." + name);
        Generated net = Generated.create(network, "random", new Class<?>[] {long.class}, 5L);
        assertThat(net.predict(new float[][] {{1, 2, 3}})[0]).hasSize(2);
    }

    /**
     * The trainer (spec §6) uses runtime classes by their simple names and is itself named Trainer: networks named
     * like them compile and train; a network named Trainer has its trainer named Training.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Trainer", "Training", "Loss", "Optimizer", "Fit", "History", "Epoch", "Losses",
            "BatchMath", "FitLoop", "Accuracy", "TrainingChecks", "MatrixKernels", "Weights", "NpyArray", "Objects",
            "SplittableRandom", "Activation"})
    void networksNamedLikeTheTrainersClassesCompileAndTrain(String name) throws Exception {
        Class<?> network = trainingNames().loadClass("training." + name);
        Generated net = Generated.create(network, "random", new Class<?>[] {long.class}, 5L);
        Object trainer = net.call("trainer", new Class<?>[] {dev.netc.runtime.train.Loss.class,
                dev.netc.runtime.train.Optimizer.class}, dev.netc.runtime.train.Loss.CATEGORICAL_CROSSENTROPY,
                dev.netc.runtime.train.Optimizer.sgd(0.1));
        assertThat(trainer.getClass().getSimpleName()).isEqualTo(name.equals("Trainer") ? "Training" : "Trainer");
        float loss = (float) Generated.invoke(trainer.getClass(), trainer, "step",
                new Class<?>[] {float[][].class, int[].class}, new float[][] {{1, 2, 3}, {0, -1, 1}}, new int[] {0, 1});
        assertThat(loss).isPositive();
        assertThat(Generated.invoke(trainer.getClass(), trainer, "network", new Class<?>[0])).isInstanceOf(network);
    }

    private static ClassLoader trainingNames;

    /** The networks of {@link #networksNamedLikeTheTrainersClassesCompileAndTrain}, compiled together once. */
    private static synchronized ClassLoader trainingNames() {
        if (trainingNames == null) {
            List<JavaFile> files = new ArrayList<>();
            for (String name : List.of("Trainer", "Training", "Loss", "Optimizer", "Fit", "History", "Epoch", "Losses",
                    "BatchMath", "FitLoop", "Accuracy", "TrainingChecks", "MatrixKernels", "Weights", "NpyArray",
                    "Objects", "SplittableRandom", "Activation")) {
                Architecture architecture = Networks.parse(name + ".net", "dense 3 -> 4 tanh; dense 4 -> 2 softmax;");
                files.add(NetworkGenerator.generate(architecture, "training", false, name + ".net"));
            }
            trainingNames = InMemoryCompiler.compile(files);
        }
        return trainingNames;
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

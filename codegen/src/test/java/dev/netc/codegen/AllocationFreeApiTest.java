package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.palantir.javapoet.JavaFile;
import dev.netc.runtime.Architecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocation-free API beside spec §5: {@code predict(in, out)}, {@code predict(in, out, workspace)}
 * and {@code predictBatch(flat, rows, out)} give exactly what {@code predict(float[][])} gives, and
 * allocate nothing per call, for both kernels.
 */
class AllocationFreeApiTest {
    private static final String PACKAGE = "alloc";
    private static ClassLoader loader;

    @BeforeAll
    static void compile() {
        List<JavaFile> files = new ArrayList<>();
        files.add(generate("network Small; dense 6 -> 5 tanh; dense 5 -> 3 softmax;"));
        files.add(generate("network Large; relu; dense 70 -> 33 relu; dense 33 -> 9; log_softmax;", 70));
        files.add(generate("network SquareSmall; dense 4 -> 6 relu; dense 6 -> 4 softmax;"));
        files.add(generate("network SquareLarge; dense 80 -> 40 relu; dense 40 -> 80;"));
        files.add(probe("Small"));
        files.add(probe("Large"));
        loader = InMemoryCompiler.compile(files);
    }

    /**
     * A class compiled with the network that calls its allocation-free methods directly (reflection
     * would box and allocate itself) and reports the bytes the calling thread allocated.
     */
    private static JavaFile probe(String network) {
        com.palantir.javapoet.ClassName net = com.palantir.javapoet.ClassName.get(PACKAGE, network);
        com.palantir.javapoet.MethodSpec method = com.palantir.javapoet.MethodSpec.methodBuilder("bytesAllocatedBy")
                .addModifiers(javax.lang.model.element.Modifier.PUBLIC, javax.lang.model.element.Modifier.STATIC)
                .returns(long.class)
                .addParameter(int.class, "calls")
                .addStatement("$T net = $T.random(3L)", net, net)
                .addStatement("$T.Workspace workspace = new $T.Workspace()", net, net)
                .addStatement("float[] inputs = new float[4 * $T.INPUT_SIZE]", net)
                .addStatement("float[] outputs = new float[4 * $T.OUTPUT_SIZE]", net)
                .addStatement("float[] input = new float[$T.INPUT_SIZE]", net)
                .addStatement("float[] output = new float[$T.OUTPUT_SIZE]", net)
                .addStatement("com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)"
                        + " java.lang.management.ManagementFactory.getThreadMXBean()")
                .addStatement("long before = 0")
                .beginControlFlow("for (int round = 0; round < 2; round++)")
                .addComment("The first round warms up (thread-local workspace, JIT); the second is measured.")
                .addStatement("before = threads.getCurrentThreadAllocatedBytes()")
                .beginControlFlow("for (int i = 0; i < calls; i++)")
                .addStatement("net.predictBatch(inputs, 4, outputs)")
                .addStatement("net.predict(input, output)")
                .addStatement("net.predict(input, output, workspace)")
                .endControlFlow()
                .endControlFlow()
                .addStatement("return threads.getCurrentThreadAllocatedBytes() - before")
                .build();
        return JavaFile.builder(PACKAGE, com.palantir.javapoet.TypeSpec.classBuilder(network + "Probe")
                .addModifiers(javax.lang.model.element.Modifier.PUBLIC)
                .addMethod(method)
                .build()).build();
    }

    private static JavaFile generate(String text) {
        return generate(text, 0);
    }

    private static JavaFile generate(String text, int input) {
        Architecture architecture = Networks.parse("net.net", input > 0 ? "input " + input + "; " + text : text);
        return NetworkGenerator.generate(architecture, PACKAGE, false, "net.net");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Small", "Large"})
    void everyEntryPointGivesTheSameOutputs(String name) throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + "." + name);
        Class<?> workspaceType = loader.loadClass(PACKAGE + "." + name + "$Workspace");
        Generated net = Generated.create(type, "random", new Class<?>[] {long.class}, 3L);
        int in = type.getField("INPUT_SIZE").getInt(null);
        int out = type.getField("OUTPUT_SIZE").getInt(null);
        float[][] batch = GeneratedVsInterpreterTest.floatBatch(in, 5);
        float[][] expected = net.predict(batch);

        float[] flatIn = new float[5 * in + 3];
        for (int r = 0; r < 5; r++) {
            System.arraycopy(batch[r], 0, flatIn, r * in, in);
        }
        float[] flatOut = new float[5 * out];
        net.call("predictBatch", new Class<?>[] {float[].class, int.class, float[].class}, flatIn, 5, flatOut);
        Object workspace = workspaceType.getConstructor().newInstance();
        for (int r = 0; r < 5; r++) {
            float[] single = new float[out];
            net.call("predict", new Class<?>[] {float[].class, float[].class}, batch[r], single);
            float[] withWorkspace = new float[out];
            net.call("predict", new Class<?>[] {float[].class, float[].class, workspaceType}, batch[r], withWorkspace,
                    workspace);
            assertThat(java.util.Arrays.copyOfRange(flatOut, r * out, (r + 1) * out)).containsExactly(expected[r]);
            assertThat(withWorkspace).containsExactly(single);
            if (dev.netc.runtime.internal.MatrixKernels.get().vectorized() && "Large".equals(name)) {
                // A batch of the looped kernel goes through the Vector API's products, which add in another
                // order than a single sample's loops: the same outputs to float precision.
                for (int c = 0; c < out; c++) {
                    assertThat(single[c]).isCloseTo(expected[r][c],
                            org.assertj.core.api.Assertions.within(1e-5f + 1e-4f * Math.abs(expected[r][c])));
                }
            } else {
                assertThat(single).containsExactly(expected[r]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Small", "Large"})
    void allocationFreeCallsAllocateNothing(String name) throws Exception {
        // The Vector API allocates its vectors until C2 has compiled the kernels, which a loaded machine can
        // delay past any fixed warm-up; the plain-kernels test run measures allocation.
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.netc.runtime.internal.MatrixKernels.get().vectorized(),
                "the plain-kernels run measures allocation");
        Class<?> probe = loader.loadClass(PACKAGE + "." + name + "Probe");
        long allocated = (long) probe.getMethod("bytesAllocatedBy", int.class).invoke(null, 4000);

        // Any per-call allocation is at least 16 bytes, so less than one byte per call means none.
        assertThat(allocated).as("bytes allocated by 4000 calls of each method").isLessThan(4000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Small", "Large"})
    void badBuffersAreRefusedWithTheirSizes(String name) throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + "." + name);
        Generated net = Generated.create(type, "random", new Class<?>[] {long.class}, 3L);
        int in = type.getField("INPUT_SIZE").getInt(null);
        int out = type.getField("OUTPUT_SIZE").getInt(null);
        Class<?>[] flat = {float[].class, int.class, float[].class};

        assertThatThrownBy(() -> net.call("predictBatch", flat, new float[2 * in - 1], 2, new float[2 * out]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inputs hold " + (2 * in - 1) + " values but 2 rows of width " + in + " need " + 2 * in);
        assertThatThrownBy(() -> net.call("predictBatch", flat, new float[2 * in], 2, new float[out]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputs hold " + out);
        assertThatThrownBy(() -> net.call("predictBatch", flat, new float[0], -1, new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows must not be negative, got -1");
        assertThatThrownBy(() -> net.call("predict", new Class<?>[] {float[].class, float[].class}, new float[in],
                        new float[out + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an output buffer of width " + out + " but got width " + (out + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Small", "Large"})
    void oneArrayForInputsAndOutputsIsRefusedWhenRowsChangeWidth(String name) throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + "." + name);
        Generated net = Generated.create(type, "random", new Class<?>[] {long.class}, 3L);
        int in = type.getField("INPUT_SIZE").getInt(null);
        int out = type.getField("OUTPUT_SIZE").getInt(null);
        float[] both = new float[3 * Math.max(in, out)];

        assertThatThrownBy(() -> net.call("predictBatch", new Class<?>[] {float[].class, int.class, float[].class},
                        both, 3, both))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inputs and outputs are the same array, but a row of " + in + " inputs has " + out
                        + " outputs; pass two arrays");
    }

    /** Rows that keep their width may be computed in place, also across the chunks of 128 rows. */
    @ParameterizedTest
    @ValueSource(strings = {"SquareSmall", "SquareLarge"})
    void inPlaceWhenRowsKeepTheirWidth(String name) throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + "." + name);
        Generated net = Generated.create(type, "random", new Class<?>[] {long.class}, 3L);
        int width = type.getField("INPUT_SIZE").getInt(null);
        float[][] batch = GeneratedVsInterpreterTest.floatBatch(width, 130);
        float[][] expected = net.predict(batch);
        float[] rows = new float[130 * width];
        for (int r = 0; r < 130; r++) {
            System.arraycopy(batch[r], 0, rows, r * width, width);
        }

        net.call("predictBatch", new Class<?>[] {float[].class, int.class, float[].class}, rows, 130, rows);
        float[] row = batch[7].clone();
        net.call("predict", new Class<?>[] {float[].class, float[].class}, row, row);

        for (int r = 0; r < 130; r++) {
            assertThat(java.util.Arrays.copyOfRange(rows, r * width, (r + 1) * width)).containsExactly(expected[r]);
        }
        assertThat(row).containsExactly(expected[7]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Small", "Large"})
    void aNullRowOrWorkspaceIsNamed(String name) throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + "." + name);
        Class<?> workspaceType = loader.loadClass(PACKAGE + "." + name + "$Workspace");
        Generated net = Generated.create(type, "random", new Class<?>[] {long.class}, 3L);
        int in = type.getField("INPUT_SIZE").getInt(null);
        int out = type.getField("OUTPUT_SIZE").getInt(null);
        float[][] batch = {new float[in], null, new float[in]};

        assertThatThrownBy(() -> net.predict(batch))
                .isInstanceOf(NullPointerException.class).hasMessage("row 1 of the batch is null");
        assertThatThrownBy(() -> net.call("predictParallel", new Class<?>[] {float[][].class}, (Object) batch))
                .isInstanceOf(NullPointerException.class).hasMessage("row 1 of the batch is null");
        assertThatThrownBy(() -> net.call("predict", new Class<?>[] {float[].class, float[].class, workspaceType},
                        new float[in], new float[out], null))
                .isInstanceOf(NullPointerException.class).hasMessage("workspace");
        assertThatThrownBy(() -> net.call("predictBatch",
                        new Class<?>[] {float[].class, int.class, float[].class, workspaceType},
                        new float[in], 1, new float[out], null))
                .isInstanceOf(NullPointerException.class).hasMessage("workspace");
    }

    /** A refused batch leaves none of the caller's rows referenced by the thread's workspace. */
    @org.junit.jupiter.api.Test
    void aRefusedBatchLeavesNoRowInTheThreadsWorkspace() throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + ".Large");
        Generated net = Generated.create(type, "random", new Class<?>[] {long.class}, 3L);
        int in = type.getField("INPUT_SIZE").getInt(null);
        float[][] batch = GeneratedVsInterpreterTest.floatBatch(in, 150);
        net.predict(batch);
        batch[140] = new float[in + 1];

        assertThatThrownBy(() -> net.predict(batch)).isInstanceOf(IllegalArgumentException.class);

        java.lang.reflect.Field workspaces = type.getDeclaredField("WORKSPACES");
        workspaces.setAccessible(true);
        Object workspace = ((ThreadLocal<?>) workspaces.get(null)).get();
        for (String rows : List.of("inputs", "targets")) {
            java.lang.reflect.Field field = workspace.getClass().getDeclaredField(rows);
            field.setAccessible(true);
            assertThat((Object[]) field.get(workspace)).as(rows).containsOnlyNulls();
        }
    }
}

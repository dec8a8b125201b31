package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.palantir.javapoet.JavaFile;
import dev.netc.codegen.kernel.UnrolledKernel;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One generated instance shared by many threads: every {@code predict} variant, called concurrently
 * in random order with batches of many sizes (across the 128-row blocks), gives exactly what the same
 * call gave on one thread. Covers both kernels (a 4 -> 8 -> 3 network is straight-line code, a
 * 100 -> 64 -> 10 one has loops and a per-thread workspace) in both precisions, and
 * {@code pretrained()}, whose first concurrent calls must all get one instance.
 */
class ConcurrentUseTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 12;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(90);
    private static final Map<String, String> SOURCES = Map.of(
            "Small", "network Small; dense 4 -> 8 relu; dense 8 -> 3 softmax;",
            "Large", "network Large; dense 100 -> 64 relu; dense 64 -> 10 softmax;",
            "SmallDouble", "network SmallDouble; precision double; dense 4 -> 8 tanh; dense 8 -> 3 log_softmax;",
            "LargeDouble", "network LargeDouble; precision double; dense 100 -> 64 gelu; dense 64 -> 10 softmax;",
            "Shared", "network Shared; dense 30 -> 20 relu; dense 20 -> 5 softmax;");
    private static Map<String, byte[]> classes;
    private static Map<String, byte[]> resources;
    private static ClassLoader loader;

    @BeforeAll
    static void compile(@TempDir Path dir) throws IOException {
        List<JavaFile> files = new ArrayList<>();
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Architecture architecture = Networks.parse(e.getKey() + ".net", e.getValue());
            files.add(NetworkGenerator.generate(architecture, "conc", e.getKey().equals("Shared"), e.getKey() + ".net"));
        }
        classes = InMemoryCompiler.classes(files);
        Path weights = dir.resolve("Shared.npz");
        Weights.random(Networks.parse("Shared.net", SOURCES.get("Shared")), 99).write(weights);
        resources = Map.of("conc/Shared.npz", Files.readAllBytes(weights));
        loader = InMemoryCompiler.loader(classes, resources);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Small", "Large", "SmallDouble", "LargeDouble"})
    void everyPredictVariantSharedByManyThreadsGivesTheSequentialResults(String name) throws Exception {
        Class<?> type = loader.loadClass("conc." + name);
        assertThat(UnrolledKernel.fits(Networks.parse(name + ".net", SOURCES.get(name))))
                .isEqualTo(name.startsWith("Small"));
        Object network = type.getMethod("random", long.class).invoke(null, 42L);
        boolean dbl = name.endsWith("Double");
        int in = type.getField("INPUT_SIZE").getInt(null);
        int out = type.getField("OUTPUT_SIZE").getInt(null);

        List<Call> calls = calls(type, network, dbl, in, out);
        List<Object> expected = new ArrayList<>();
        for (Call call : calls) {
            expected.add(call.run(null));
        }

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Class<?> workspaceType = type.getClassLoader().loadClass("conc." + name + "$Workspace");
        runConcurrently(thread -> {
            Object workspace = workspaceType.getConstructor().newInstance();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                order.add(i);
            }
            Random random = new Random(thread);
            for (int round = 0; round < ROUNDS; round++) {
                Collections.shuffle(order, random);
                for (int i : order) {
                    Object actual = calls.get(i).run(workspace);
                    if (!Arrays.deepEquals(new Object[] {expected.get(i)}, new Object[] {actual})) {
                        failures.add(name + ": thread " + thread + " round " + round + ": " + calls.get(i).what());
                    }
                }
            }
        });

        assertThat(failures).as("calls whose concurrent result differed from the sequential one").isEmpty();
    }

    @Test
    void pretrainedCalledConcurrentlyGivesOneInstance() throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            // A fresh copy of the class each time, so that its first pretrained() calls race.
            Class<?> type = InMemoryCompiler.loader(classes, resources).loadClass("conc.Shared");
            Method pretrained = type.getMethod("pretrained");
            Method predict = type.getMethod("predict", float[].class);
            float[] input = new float[30];
            Arrays.fill(input, 0.5f);
            Set<Object> instances = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<float[]> outputs = new ConcurrentLinkedQueue<>();

            runConcurrently(thread -> {
                Object network = pretrained.invoke(null);
                instances.add(System.identityHashCode(network) + "@" + network.getClass().getName());
                outputs.add((float[]) predict.invoke(network, (Object) input));
            });

            assertThat(instances).hasSize(1);
            float[] expected = (float[]) predict.invoke(pretrained.invoke(null), (Object) input);
            assertThat(outputs).hasSize(THREADS).allSatisfy(o -> assertThat(o).isEqualTo(expected));
        }
    }

    /** Something a thread does, given its index. */
    private interface Work {
        void run(int thread) throws Exception;
    }

    /** Runs {@code work} on {@link #THREADS} threads released at the same moment; rethrows the first failure. */
    private static void runConcurrently(Work work) {
        assertTimeoutPreemptively(TIME_LIMIT, () -> {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch ready = new CountDownLatch(THREADS);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        ready.countDown();
                        start.await();
                        work.run(thread);
                        return null;
                    }));
                }
                ready.await();
                start.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        });
    }

    /** One call of the public API with fixed inputs; {@code workspace} is the calling thread's own. */
    private record Call(String what, Invocation invocation) {
        Object run(Object workspace) throws Exception {
            try {
                return invocation.run(workspace);
            } catch (InvocationTargetException e) {
                throw (Exception) e.getCause();
            }
        }
    }

    private interface Invocation {
        Object run(Object workspace) throws Exception;
    }

    /** Every predict variant, with batches of sizes around the 128-row blocks and the two-row pairs. */
    private static List<Call> calls(Class<?> type, Object network, boolean dbl, int in, int out) throws Exception {
        Class<?> scalar = dbl ? double.class : float.class;
        Class<?> row = dbl ? double[].class : float[].class;
        Class<?> matrix = dbl ? double[][].class : float[][].class;
        Class<?> workspaceType = type.getClassLoader().loadClass(type.getName() + "$Workspace");
        Method single = type.getMethod("predict", row);
        Method batch = type.getMethod("predict", matrix);
        Method into = type.getMethod("predict", row, row);
        Method intoWorkspace = type.getMethod("predict", row, row, workspaceType);
        Method flat = type.getMethod("predictBatch", row, int.class, row);
        Method flatWorkspace = type.getMethod("predictBatch", row, int.class, row, workspaceType);
        Method parallel = type.getMethod("predictParallel", matrix);
        Random random = new Random(5);
        List<Call> calls = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Object input = values(scalar, in, random);
            calls.add(new Call("predict(row) " + s, w -> single.invoke(network, input)));
            calls.add(new Call("predict(row, out) " + s, w -> {
                Object output = Array.newInstance(scalar, out);
                into.invoke(network, input, output);
                return output;
            }));
            calls.add(new Call("predict(row, out, workspace) " + s, w -> {
                Object output = Array.newInstance(scalar, out);
                intoWorkspace.invoke(network, input, output, w != null ? w : workspaceType.getConstructor().newInstance());
                return output;
            }));
        }
        for (int rows : new int[] {0, 1, 2, 3, 127, 128, 129, 300}) {
            Object input = matrix(scalar, rows, in, random);
            Object flatInput = values(scalar, rows * in, random);
            calls.add(new Call("predict(batch of " + rows + ")", w -> batch.invoke(network, input)));
            calls.add(new Call("predictParallel(batch of " + rows + ")", w -> parallel.invoke(network, input)));
            calls.add(new Call("predictBatch(" + rows + " rows)", w -> {
                Object output = Array.newInstance(scalar, rows * out);
                flat.invoke(network, flatInput, rows, output);
                return output;
            }));
            calls.add(new Call("predictBatch(" + rows + " rows, workspace)", w -> {
                Object output = Array.newInstance(scalar, rows * out);
                flatWorkspace.invoke(network, flatInput, rows, output,
                        w != null ? w : workspaceType.getConstructor().newInstance());
                return output;
            }));
        }
        return calls;
    }

    private static Object values(Class<?> scalar, int n, Random random) {
        Object values = Array.newInstance(scalar, n);
        for (int i = 0; i < n; i++) {
            double v = random.nextGaussian();
            if (scalar == float.class) {
                Array.setFloat(values, i, (float) v);
            } else {
                Array.setDouble(values, i, v);
            }
        }
        return values;
    }

    private static Object matrix(Class<?> scalar, int rows, int columns, Random random) {
        Object matrix = Array.newInstance(scalar.arrayType(), rows);
        for (int r = 0; r < rows; r++) {
            Array.set(matrix, r, values(scalar, columns, random));
        }
        return matrix;
    }
}

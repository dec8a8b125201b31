package dev.netc.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two larger networks on images with blank borders, against the dense random inputs of
 * {@link FloatNetworks}: for one sample the generated class skips the first layer's passes whose
 * inputs are all zero (and, after a ReLU, the weight rows of zero inputs, as for any input); for a
 * batch, the first layer's inputs that are zero in every row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class SparseInputs {
    private static final long SEED = 42;

    @Param({"MNIST_1", "MNIST_64", "DEEP_1", "DEEP_256"})
    public Shape shape;

    /** {@code random}: values in [0, 1) as in {@link FloatNetworks}; {@code digit}: {@link Shape#digits}. */
    @Param({"random", "digit"})
    public String input;

    private Function<float[][], float[][]> netc;
    private float[][] batch;

    @Setup
    public void setUp() {
        netc = "784-128-10".equals(shape.network) ? Mnist.random(SEED)::predict : MnistDeep.random(SEED)::predict;
        batch = "digit".equals(input) ? Shape.digits(shape.batch) : Shape.inputs(shape.batch, 784);
    }

    /** {@code predict(float[][])}, which runs a batch of one row as a sample. */
    @Benchmark
    public float[][] netc() {
        return netc.apply(batch);
    }
}

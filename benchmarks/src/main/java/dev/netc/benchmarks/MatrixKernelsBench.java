package dev.netc.benchmarks;

import dev.netc.runtime.internal.MatrixKernels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link MatrixKernels}' three products for a dense layer of {@code k} inputs and {@code n} outputs
 * on a batch of {@code m} rows, as a trainer calls them: forward {@code Z = X·W + b}
 * ({@code multiply}), {@code dW = Xᵀ·dZ} ({@code transposedA}) and {@code dX = dZ·Wᵀ}
 * ({@code transposedB}), each 2·m·k·n floating-point operations. {@code kernels=plain} sets
 * {@code -Dnetc.vector=false} in a JVM that has the Vector API module, so both implementations run
 * side by side in one JMH run (each parameter combination forks its own JVM, which chooses once).
 *
 * <p>Shapes: a 2→64→3 network on batches of 300, 784→128→10 on 64, and 784→512→512 on 256.
 *
 * <p>Besides the time per call, each call's thread CPU time is summed ({@code cpuNanos} over
 * {@code calls}, secondary results): on a machine shared with other tenants' builds a fork's wall
 * time depends on how much of the CPU it got, its CPU time much less. Reading the clock costs
 * about a microsecond a call, counted in both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class MatrixKernelsBench {
    /** {@code m×k×n}. */
    @Param({"300x2x64", "300x64x3", "64x784x128", "64x128x10", "256x784x512", "256x512x512"})
    public String dims;

    @Param({"multiply", "transposedA", "transposedB"})
    public String product;

    @Param({"plain", "vector"})
    public String kernels;

    @Param({"float"})
    public String precision;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Thread CPU time of the calls of one iteration, reported by JMH beside the wall time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            calls = 0;
        }
    }

    private MatrixKernels matrixKernels;
    private int m;
    private int k;
    private int n;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] z;
    private float[] dz;
    private float[] dw;
    private float[] dx;
    private double[] xd;
    private double[] wd;
    private double[] biasd;
    private double[] zd;
    private double[] dzd;
    private double[] dwd;
    private double[] dxd;

    @Setup
    public void setUp() {
        // Before MatrixKernels is first used: the choice is made once per JVM.
        System.setProperty(MatrixKernels.VECTOR_PROPERTY, Boolean.toString(kernels.equals("vector")));
        matrixKernels = MatrixKernels.get();
        if (kernels.equals("vector") != matrixKernels.description().startsWith("Vector API")) {
            throw new IllegalStateException("asked for " + kernels + " kernels, got " + matrixKernels.description());
        }
        String[] parts = dims.split("x");
        m = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        n = Integer.parseInt(parts[2]);
        Random random = new Random(42);
        x = random(random, m * k);
        w = random(random, k * n);
        bias = random(random, n);
        z = new float[m * n];
        dz = random(random, m * n);
        dw = new float[k * n];
        dx = new float[m * k];
        xd = toDouble(x);
        wd = toDouble(w);
        biasd = toDouble(bias);
        zd = new double[m * n];
        dzd = toDouble(dz);
        dwd = new double[k * n];
        dxd = new double[m * k];
    }

    @Benchmark
    public Object run(CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        Object result = product();
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.calls++;
        return result;
    }

    private Object product() {
        boolean single = precision.equals("float");
        switch (product) {
            case "multiply" -> {
                if (single) {
                    matrixKernels.multiply(x, w, bias, z, m, k, n);
                    return z;
                }
                matrixKernels.multiply(xd, wd, biasd, zd, m, k, n);
                return zd;
            }
            case "transposedA" -> {
                if (single) {
                    matrixKernels.multiplyTransposedA(x, dz, dw, m, k, n);
                    return dw;
                }
                matrixKernels.multiplyTransposedA(xd, dzd, dwd, m, k, n);
                return dwd;
            }
            default -> {
                if (single) {
                    matrixKernels.multiplyTransposedB(dz, w, dx, m, n, k);
                    return dx;
                }
                matrixKernels.multiplyTransposedB(dzd, wd, dxd, m, n, k);
                return dxd;
            }
        }
    }

    private static float[] random(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}

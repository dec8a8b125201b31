package dev.netc.benchmarks;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Weights;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.ejml.data.FMatrixRMaj;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three benchmark networks in float, side by side: the generated class (its batch API, its
 * single-sample API at batch 1, and its allocation-free flat API), the reference interpreter, plain
 * Java loops and EJML, all with the same weights and inputs. The JVM runs with the Vector API's
 * module, as the README recommends; {@code benchmarks/run.sh} also times {@link #netc} without it and on
 * JDK 25, by overriding the fork's JVM and arguments from the command line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class FloatNetworks {
    private static final long SEED = 42;

    @Param({"TINY_1", "TINY_3", "MNIST_1", "MNIST_64", "DEEP_1", "DEEP_256"})
    public Shape shape;

    private float[][] batch;
    private float[] sample;
    private float[] flatInputs;
    private float[] flatOutputs;
    private Function<float[][], float[][]> netcBatch;
    private Function<float[][], float[][]> netcParallel;
    private Function<float[], float[]> netcSample;
    private FlatPredict netcFlat;
    private SamplePredict netcInto;
    private float[] sampleOutput;
    private Interpreter interpreter;
    private PlainLoops plainLoops;
    private EjmlNetwork ejml;
    private OnnxRuntimeNetwork onnxRuntime;
    private java.nio.FloatBuffer onnxInputs;

    /** {@code predict(input, output)} of a generated class. */
    interface SamplePredict {
        void predict(float[] input, float[] output);
    }

    /** {@code predictBatch(inputs, rows, outputs)} of a generated class. */
    interface FlatPredict {
        void predict(float[] inputs, int rows, float[] outputs);
    }

    @Setup
    public void setUp() {
        Architecture architecture;
        switch (shape.network) {
            case "4-4-4" -> {
                Tiny net = Tiny.random(SEED);
                architecture = Tiny.architecture();
                netcBatch = net::predict;
                netcParallel = net::predictParallel;
                netcSample = net::predict;
                netcFlat = net::predictBatch;
                netcInto = net::predict;
            }
            case "784-128-10" -> {
                Mnist net = Mnist.random(SEED);
                architecture = Mnist.architecture();
                netcBatch = net::predict;
                netcParallel = net::predictParallel;
                netcSample = net::predict;
                netcFlat = net::predictBatch;
                netcInto = net::predict;
            }
            default -> {
                MnistDeep net = MnistDeep.random(SEED);
                architecture = MnistDeep.architecture();
                netcBatch = net::predict;
                netcParallel = net::predictParallel;
                netcSample = net::predict;
                netcFlat = net::predictBatch;
                netcInto = net::predict;
            }
        }
        Weights weights = Weights.random(architecture, SEED);
        interpreter = new Interpreter(weights);
        plainLoops = new PlainLoops(weights);
        ejml = new EjmlNetwork(weights, shape.batch);
        batch = Shape.inputs(shape.batch, architecture.inputSize());
        sample = batch[0];
        flatInputs = new float[shape.batch * architecture.inputSize()];
        for (int r = 0; r < shape.batch; r++) {
            System.arraycopy(batch[r], 0, flatInputs, r * architecture.inputSize(), architecture.inputSize());
        }
        flatOutputs = new float[shape.batch * architecture.outputSize()];
        sampleOutput = new float[architecture.outputSize()];
        onnxRuntime = new OnnxRuntimeNetwork(weights, shape.batch);
        onnxInputs = java.nio.FloatBuffer.wrap(flatInputs);
    }

    /** The generated class as the tutorial uses it: {@code predict(float[])} for one sample, else {@code predict(float[][])}. */
    @Benchmark
    public Object netc() {
        return shape.batch == 1 ? netcSample.apply(sample) : netcBatch.apply(batch);
    }

    /** The generated class's allocation-free API: {@code predict(in, out)} or {@code predictBatch} into reused buffers. */
    @Benchmark
    public float[] netcAllocationFree() {
        if (shape.batch == 1) {
            netcInto.predict(sample, sampleOutput);
            return sampleOutput;
        }
        netcFlat.predict(flatInputs, shape.batch, flatOutputs);
        return flatOutputs;
    }

    /** The opt-in multi-core path: {@code predictParallel} on the common ForkJoinPool. */
    @Benchmark
    public float[][] netcParallel() {
        return netcParallel.apply(batch);
    }

    @Benchmark
    public float[][] interpreter() {
        return interpreter.predict(batch);
    }

    @Benchmark
    public float[][] plainJavaLoops() {
        return plainLoops.predict(batch);
    }

    /** ONNX Runtime on the same network (exported by netc-onnx), one thread. */
    @Benchmark
    public float onnxRuntime() throws ai.onnxruntime.OrtException {
        onnxInputs.rewind();
        return onnxRuntime.predict(onnxInputs);
    }

    @TearDown
    public void tearDown() throws ai.onnxruntime.OrtException {
        onnxRuntime.close();
    }

    @Benchmark
    public FMatrixRMaj ejml() {
        return ejml.predict(batch);
    }
}

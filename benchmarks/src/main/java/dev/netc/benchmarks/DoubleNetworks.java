package dev.netc.benchmarks;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Weights;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
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

/** Two of the networks with {@code precision double}, side by side with the same baselines as {@link FloatNetworks}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class DoubleNetworks {
    private static final long SEED = 42;

    @Param({"TINY_1", "MNIST_64"})
    public Shape shape;

    private double[][] batch;
    private double[] sample;
    private double[] flatInputs;
    private double[] flatOutputs;
    private Function<double[][], double[][]> netcBatch;
    private Function<double[], double[]> netcSample;
    private FlatPredict netcFlat;
    private SamplePredict netcInto;
    private double[] sampleOutput;
    private Interpreter interpreter;
    private PlainLoopsDouble plainLoops;
    private EjmlDoubleNetwork ejml;
    private OnnxRuntimeNetwork onnxRuntime;
    private java.nio.DoubleBuffer onnxInputs;

    /** {@code predict(input, output)} of a generated class. */
    interface SamplePredict {
        void predict(double[] input, double[] output);
    }

    /** {@code predictBatch(inputs, rows, outputs)} of a generated class. */
    interface FlatPredict {
        void predict(double[] inputs, int rows, double[] outputs);
    }

    @Setup
    public void setUp() {
        Architecture architecture;
        if (shape.network.equals("4-4-4")) {
            TinyDouble net = TinyDouble.random(SEED);
            architecture = TinyDouble.architecture();
            netcBatch = net::predict;
            netcSample = net::predict;
            netcFlat = net::predictBatch;
            netcInto = net::predict;
        } else if (shape.network.equals("784-128-10")) {
            MnistDouble net = MnistDouble.random(SEED);
            architecture = MnistDouble.architecture();
            netcBatch = net::predict;
            netcSample = net::predict;
            netcFlat = net::predictBatch;
            netcInto = net::predict;
        } else {
            throw new IllegalArgumentException("no double network for " + shape);
        }
        Weights weights = Weights.random(architecture, SEED);
        interpreter = new Interpreter(weights);
        plainLoops = new PlainLoopsDouble(weights);
        ejml = new EjmlDoubleNetwork(weights, shape.batch);
        float[][] floats = Shape.inputs(shape.batch, architecture.inputSize());
        batch = new double[shape.batch][architecture.inputSize()];
        flatInputs = new double[shape.batch * architecture.inputSize()];
        for (int r = 0; r < shape.batch; r++) {
            for (int i = 0; i < architecture.inputSize(); i++) {
                batch[r][i] = floats[r][i];
                flatInputs[r * architecture.inputSize() + i] = floats[r][i];
            }
        }
        sample = batch[0];
        flatOutputs = new double[shape.batch * architecture.outputSize()];
        sampleOutput = new double[architecture.outputSize()];
        onnxRuntime = new OnnxRuntimeNetwork(weights, shape.batch);
        onnxInputs = java.nio.DoubleBuffer.wrap(flatInputs);
    }

    @Benchmark
    public Object netc() {
        return shape.batch == 1 ? netcSample.apply(sample) : netcBatch.apply(batch);
    }

    @Benchmark
    public double[] netcAllocationFree() {
        if (shape.batch == 1) {
            netcInto.predict(sample, sampleOutput);
            return sampleOutput;
        }
        netcFlat.predict(flatInputs, shape.batch, flatOutputs);
        return flatOutputs;
    }

    @Benchmark
    public double[][] interpreter() {
        return interpreter.predict(batch);
    }

    @Benchmark
    public double[][] plainJavaLoops() {
        return plainLoops.predict(batch);
    }

    /** ONNX Runtime on the same network (exported by netc-onnx), one thread. */
    @Benchmark
    public double onnxRuntime() throws ai.onnxruntime.OrtException {
        onnxInputs.rewind();
        return onnxRuntime.predict(onnxInputs);
    }

    @TearDown
    public void tearDown() throws ai.onnxruntime.OrtException {
        onnxRuntime.close();
    }

    @Benchmark
    public DMatrixRMaj ejml() {
        return ejml.predict(batch);
    }
}

package dev.netc.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.netc.onnx.OnnxExporter;
import dev.netc.runtime.Weights;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The same network in ONNX Runtime: exported by {@code netc-onnx}, run on one intra-op and one
 * inter-op thread, with the input tensor made from a reused buffer on every call, as a Java
 * caller of ONNX Runtime would.
 */
final class OnnxRuntimeNetwork implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final long[] shape;

    OnnxRuntimeNetwork(Weights weights, int batch) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(OnnxExporter.toBytes(weights.architecture(), weights), options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the exported network", e);
        }
        shape = new long[] {batch, weights.architecture().inputSize()};
    }

    /** Runs the batch held row after row in {@code inputs}; returns the first output value, so the work cannot be skipped. */
    float predict(FloatBuffer inputs) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, inputs, shape);
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }

    /** As {@link #predict(FloatBuffer)} for a double network. */
    double predict(DoubleBuffer inputs) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, inputs, shape);
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            return ((OnnxTensor) result.get(0)).getDoubleBuffer().get(0);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

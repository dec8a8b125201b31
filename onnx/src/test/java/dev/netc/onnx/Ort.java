package dev.netc.onnx;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime on a batch, as flat row-major values. */
final class Ort {
    private Ort() {}

    /**
     * The named output for the input {@code values} of {@code shape}, all as doubles (float models
     * get the values rounded to float and give floats back widened).
     */
    static double[] run(byte[] model, String input, long[] shape, double[] values, boolean doubles, String output)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor x = doubles ? OnnxTensor.createTensor(env, DoubleBuffer.wrap(values), shape)
                            : OnnxTensor.createTensor(env, FloatBuffer.wrap(toFloats(values)), shape);
                    OrtSession.Result result = session.run(Map.of(input, x))) {
                OnnxValue v = result.get(output).orElseThrow(() -> new AssertionError("no output " + output));
                if (v instanceof OnnxSequence seq) {
                    return zipMap(seq);
                }
                OnnxTensor t = (OnnxTensor) v;
                if (doubles) {
                    DoubleBuffer b = t.getDoubleBuffer();
                    double[] r = new double[b.remaining()];
                    b.get(r);
                    return r;
                }
                FloatBuffer b = t.getFloatBuffer();
                double[] r = new double[b.remaining()];
                for (int k = 0; k < r.length; k++) {
                    r[k] = b.get();
                }
                return r;
            }
        }
    }

    /** skl2onnx's ZipMap output, a list of {class: probability} maps, flattened row by row. */
    private static double[] zipMap(OnnxSequence seq) throws OrtException {
        List<? extends OnnxValue> rows = seq.getValue();
        java.util.List<Double> all = new java.util.ArrayList<>();
        for (OnnxValue row : rows) {
            Map<?, ?> m = ((OnnxMap) row).getValue();
            new java.util.TreeMap<>(m).values().forEach(p -> all.add(((Number) p).doubleValue()));
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) v[k];
        }
        return f;
    }
}

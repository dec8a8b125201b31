package dev.netc.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.dsl.diag.SourceText;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import java.util.List;
import java.util.Random;

/** Networks from .net text, netc's outputs, and comparisons with a stated tolerance. */
final class Nets {
    private Nets() {}

    static Architecture architecture(String text) {
        CheckResult r = NetFrontEnd.check(new SourceText("test.net", text), "test.net", null, List.of());
        assertThat(r.ok()).as(r.report()).isTrue();
        return r.network().orElseThrow().architecture();
    }

    /** netc's interpreter on a flat batch of rows, in the network's precision, widened to double. */
    static double[] interpret(Weights weights, double[] batch) {
        Architecture a = weights.architecture();
        int rows = batch.length / a.inputSize();
        Interpreter interpreter = new Interpreter(weights);
        double[] out = new double[rows * a.outputSize()];
        if (a.precision() == Precision.DOUBLE) {
            double[][] x = new double[rows][a.inputSize()];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(batch, r * a.inputSize(), x[r], 0, a.inputSize());
            }
            double[][] y = interpreter.predict(x);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(y[r], 0, out, r * a.outputSize(), a.outputSize());
            }
        } else {
            float[][] x = new float[rows][a.inputSize()];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < a.inputSize(); c++) {
                    x[r][c] = (float) batch[r * a.inputSize() + c];
                }
            }
            float[][] y = interpreter.predict(x);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < a.outputSize(); c++) {
                    out[r * a.outputSize() + c] = y[r][c];
                }
            }
        }
        return out;
    }

    /** The largest |actual - expected| / (1 + |expected|): absolute near 0, relative for large values. */
    static double error(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int k = 0; k < actual.length; k++) {
            if (actual[k] == expected[k] || (Double.isNaN(actual[k]) && Double.isNaN(expected[k]))) {
                continue;
            }
            double e = Math.abs(actual[k] - expected[k]) / (1 + Math.abs(expected[k]));
            if (Double.isNaN(e)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, e);
        }
        return worst;
    }

    /** Tolerance for comparing with ONNX Runtime: a few float ulps, or double's rounding. */
    static double tolerance(Precision p) {
        return p == Precision.DOUBLE ? 1e-12 : 4e-6;
    }

    static double[] inputs(long seed, int n, double scale) {
        return ModelBuilder.random(new Random(seed), n, scale);
    }
}

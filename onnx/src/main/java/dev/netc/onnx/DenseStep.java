package dev.netc.onnx;

import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import java.util.List;

/** An imported dense layer as it is built: weights row-major (in, out), biases and activation filled in later. */
final class DenseStep {
    final List<String> nameHints;
    final int in;
    final int out;
    final double[] weights;
    double[] biases;
    ActivationCall activation = ActivationCall.of(Activation.LINEAR);
    int outWidth;

    DenseStep(List<String> nameHints, int in, int out, double[] weights, double[] biases) {
        this.nameHints = nameHints;
        this.in = in;
        this.out = out;
        this.weights = weights;
        this.biases = biases;
        this.outWidth = out;
    }
}

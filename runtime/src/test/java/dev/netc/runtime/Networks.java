package dev.netc.runtime;

import java.util.List;
import java.util.OptionalLong;

/** Architectures as the checker builds them from {@code .net} text, for the tests. */
final class Networks {
    private Networks() {}

    /** {@code dense IN -> OUT ACTIVATION name=NAME;} with the defaults: init=normal(0.1), bias_init=zeros. */
    static DenseLayer dense(String name, int in, int out, Activation activation) {
        return dense(name, in, out, ActivationCall.of(activation), true, InitializerCall.of(Initializer.NORMAL),
                InitializerCall.of(Initializer.ZEROS));
    }

    static DenseLayer dense(String name, int in, int out, ActivationCall activation, boolean useBias,
            InitializerCall kernel, InitializerCall bias) {
        return new DenseLayer(name, in, out, activation, useBias, kernel, bias);
    }

    /** A standalone activation statement such as {@code softmax;}. */
    static ActivationLayer activation(String name, int width, ActivationCall activation) {
        return new ActivationLayer(name, width, activation);
    }

    static Architecture network(String name, int input, Precision precision, Layer... layers) {
        return new Architecture(name, input, precision, OptionalLong.empty(), List.of(layers));
    }

    /** The tutorial's two-layer network: {@code dense 4 -> 4 relu; dense 4 -> 4 softmax;}. */
    static Architecture twoLayer(Precision precision) {
        return network("TwoLayer", 4, precision,
                dense("dense_0", 4, 4, Activation.RELU),
                dense("dense_1", 4, 4, Activation.SOFTMAX));
    }

    static InitializerCall init(Initializer initializer, double... args) {
        return new InitializerCall(initializer, java.util.Arrays.stream(args).boxed().toList());
    }

    static float[] floats(double... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}

package dev.netc.spark;

import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The networks the tests score with: 4 -> 8 relu -> 3 softmax, random weights from a seed. */
final class TestNetworks {
    private TestNetworks() {}

    static final int INPUTS = 4;
    static final int OUTPUTS = 3;

    /** How often each counting supplier ran in this JVM, by its token. */
    static final Map<Long, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    static Architecture architecture(Precision precision) {
        return new Architecture("Small", INPUTS, precision, OptionalLong.empty(), List.of(
                dense("dense_0", INPUTS, 8, Activation.RELU),
                dense("dense_1", 8, OUTPUTS, Activation.SOFTMAX)));
    }

    private static DenseLayer dense(String name, int in, int out, Activation activation) {
        return new DenseLayer(name, in, out, ActivationCall.of(activation), true,
                InitializerCall.of(Initializer.GLOROT_UNIFORM), InitializerCall.of(Initializer.ZEROS));
    }

    static Interpreter floatNetwork() {
        return new Interpreter(Weights.random(architecture(Precision.FLOAT), 7));
    }

    static Interpreter doubleNetwork() {
        return new Interpreter(Weights.random(architecture(Precision.DOUBLE), 7));
    }

    /** The float network, counting the calls of the supplier that carries {@code token}. */
    static Interpreter counted(long token) {
        CALLS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        return floatNetwork();
    }
}

package dev.netc.codegen.kernel;

import com.palantir.javapoet.CodeBlock;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Activations;

/**
 * Calls to the runtime's activation formulas ({@link Activations}), so generated code and the
 * interpreter share one definition of each activation.
 */
final class ActivationCode {
    private ActivationCode() {}

    /** {@code Activations.relu(value)}, {@code Activations.leakyRelu(value, 0.2f)}; {@code value} for linear. */
    static CodeBlock elementwise(ActivationCall call, CodeBlock value, ScalarType type) {
        Activation activation = call.activation();
        if (activation == Activation.LINEAR) {
            return value;
        }
        CodeBlock.Builder code = CodeBlock.builder().add("$T.$L($L", Activations.class, activation.methodName(), value);
        for (double argument : call.argumentArray()) {
            code.add(", $L", type.literal(argument));
        }
        return code.add(")").build();
    }

    /**
     * As {@link #elementwise}, for straight-line code: relu as {@link Activations#reluScalar(float)},
     * which is faster than {@code Math.max} where nothing is vectorized.
     */
    static CodeBlock scalar(ActivationCall call, CodeBlock value, ScalarType type) {
        if (call.activation() == Activation.RELU) {
            return CodeBlock.of("$T.reluScalar($L)", Activations.class, value);
        }
        return elementwise(call, value, type);
    }

    /** {@code Activations.softmax(row, 0, width)} for the row-wise activations. */
    static CodeBlock rowWise(ActivationCall call, String row, int width) {
        return rowWise(call, row, "0", width);
    }

    /** {@code Activations.softmax(array, offset, width)}: a row that starts at {@code offset}. */
    static CodeBlock rowWise(ActivationCall call, String array, String offset, int width) {
        return CodeBlock.of("$T.$L($L, $L, $L)", Activations.class, call.activation().methodName(), array, offset,
                width);
    }
}

package dev.netc.codegen.kernel;

import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;

/**
 * An upper bound on the bytecode size of {@link UnrolledKernel}'s {@code forward}, counted
 * instruction by instruction from the code it writes. C2 never compiles a method of more than
 * 8000 bytes ({@code -XX:HugeMethodLimit}), and an interpreted forward pass is two orders of
 * magnitude slower, so a network whose bound exceeds that takes the looped kernel instead. Counts
 * of weights and values alone do not bound it: a stack of softmax layers costs about four times as
 * many bytes per value as a dense layer per weight.
 *
 * <p>Every constant index is counted as a {@code sipush} and every call as an
 * {@code invokestatic}, three bytes each. A local variable access takes two bytes, or four
 * ({@code wide}) for all of them once the method needs more than 256 local slots.
 */
final class StraightLineSize {
    /** The largest method C2 compiles (HotSpot's {@code HugeMethodLimit}). */
    static final int COMPILED_LIMIT = 8000;
    /** Slots of {@code this, x, xo, y, yo, workspace}. */
    private static final int PARAMETER_SLOTS = 6;
    private static final int CONSTANT = 3;
    private static final int CALL = 3;

    private StraightLineSize() {}

    /** At least as many bytes as {@code forward} of {@code architecture}'s straight-line code takes. */
    static long bytes(Architecture architecture) {
        int slot = architecture.precision() == Precision.DOUBLE ? 2 : 1;
        int local = slots(architecture, slot) > 256 ? 4 : 2;
        // Each input: x[xo + j] into a local.
        long bytes = architecture.inputSize() * (4L + CONSTANT + local);
        int width = architecture.inputSize();
        for (Layer layer : architecture.layers()) {
            ActivationCall call = layer.activation();
            boolean rowWise = call.activation().isRowWise();
            long perValue = rowWise ? 0 : activation(call);
            if (layer instanceof DenseLayer dense) {
                // The locals holding the weight and bias arrays, read from fields.
                bytes += 2 * (4L + local);
                // Per weight: value, array, index, element load, fma.
                bytes += (long) dense.inputSize() * dense.outputSize() * (2L * local + CONSTANT + 1 + CALL);
                // Per output: the bias, the sum of the two half chains, the store.
                bytes += dense.outputSize() * (2L * local + CONSTANT + 3 + perValue);
            } else {
                bytes += width * (2L * local + perValue);
            }
            width = layer.outputSize();
            if (rowWise) {
                bytes += rowWise(width, local);
            }
        }
        // Each output: y[yo + j] = value; then return.
        return bytes + width * (6L + CONSTANT + local) + 1;
    }

    /** An elementwise activation's call with its literal arguments; nothing for linear. */
    private static long activation(ActivationCall call) {
        return call.activation() == Activation.LINEAR ? 0 : CALL + CONSTANT * (long) call.argumentArray().length;
    }

    /**
     * Softmax or log-softmax of {@code width} values: per value a comparison for the maximum (five
     * locals), the exponential (three), its share of the sum (one) and the output (three or four,
     * with conversions); and the sum's, scale's or logarithm's own locals.
     */
    private static long rowWise(int width, int local) {
        return width * (12L * local + 16) + 4L * local + 4;
    }

    /** The most local slots the method uses: every value stays live, a row-wise stage's temporaries do not. */
    private static int slots(Architecture architecture, int slot) {
        int live = PARAMETER_SLOTS + architecture.inputSize() * slot;
        int most = live;
        for (Layer layer : architecture.layers()) {
            live += (layer instanceof DenseLayer ? 2 : 0) + layer.outputSize() * slot;
            int temporaries = 0;
            if (layer.activation().activation().isRowWise()) {
                // Maximum tree, one double exponential per value, and two doubles for the sum.
                temporaries = (layer.outputSize() - 1) * slot + 2 * layer.outputSize() + 4;
            }
            most = Math.max(most, live + temporaries);
        }
        return most;
    }
}

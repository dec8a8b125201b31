package dev.netc.runtime.train;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.Layer;

/**
 * What training refuses before any step, shared by the generated trainers and the
 * {@link TrainingInterpreter}: a loss that does not fit the network's last layer, batches whose rows,
 * widths or labels do not fit, and a loss that came out NaN or infinite. Messages name what and where.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class TrainingChecks {
    private TrainingChecks() {}

    /**
     * Refuses a loss that cannot train {@code architecture}: the cross-entropies need the network to end
     * in the activation whose gradient they fuse (softmax, sigmoid).
     */
    public static void lossFits(Architecture architecture, Loss loss) {
        if (loss == null) {
            throw new NullPointerException("loss is null");
        }
        if (loss.lastActivation().isEmpty()) {
            return;
        }
        String needed = loss.lastActivation().get().keyword();
        if (architecture.layers().isEmpty()) {
            throw new IllegalArgumentException(loss + " needs a network that ends in " + needed + "; '"
                    + architecture.name() + "' has no layers");
        }
        Layer last = architecture.layers().get(architecture.layers().size() - 1);
        if (last.activation().activation() != loss.lastActivation().get()) {
            throw new IllegalArgumentException(loss + " needs a network that ends in " + needed + ", but '"
                    + architecture.name() + "' ends in layer '" + last.name() + "' with " + last.activation()
                    + " (end it in " + needed + ", or train with "
                    + "mean_squared_error)");
        }
    }

    /** Refuses int labels for a loss that takes target rows. */
    public static void labelsFit(Loss loss) {
        if (!loss.takesLabels()) {
            throw new IllegalArgumentException(loss + " takes target rows (float[][] or double[][]), not class labels;"
                    + " class labels go with categorical_crossentropy");
        }
    }

    /** Refuses a batch whose rows are missing, null or of the wrong width. */
    public static void inputs(Object[] rows, int width, String what) {
        if (rows == null) {
            throw new NullPointerException(what + " is null");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        for (int r = 0; r < rows.length; r++) {
            Object row = rows[r];
            if (row == null) {
                throw new NullPointerException(what + " row " + r + " is null");
            }
            int length = row instanceof float[] f ? f.length : ((double[]) row).length;
            if (length != width) {
                throw new IllegalArgumentException(what + " row " + r + " has " + length + " values, expected " + width);
            }
        }
    }

    /** Refuses labels of another count than the inputs' rows, or outside {@code 0..classes-1}. */
    public static void labels(int[] labels, int rows, int classes) {
        if (labels == null) {
            throw new NullPointerException("labels is null");
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException("labels has " + labels.length + " rows but inputs has " + rows);
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException("label " + labels[r] + " of row " + r + " is out of range: the"
                        + " network has " + classes + " outputs, so labels go from 0 to " + (classes - 1));
            }
        }
    }

    /** Refuses target rows of another count than the inputs' rows, or of the wrong width. */
    public static void targets(Object[] targets, int rows, int width) {
        if (targets == null) {
            throw new NullPointerException("targets is null");
        }
        if (targets.length != rows) {
            throw new IllegalArgumentException("targets has " + targets.length + " rows but inputs has " + rows);
        }
        inputs(targets, width, "targets");
    }

    /**
     * Refuses a loss that is not a finite number: the step is not taken, so the weights stay those of
     * the last good step.
     *
     * @param step the number of steps taken before this one
     */
    public static void finiteLoss(double loss, long step) {
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException("the loss is " + loss + " at step " + (step + 1) + ": training diverged"
                    + " (try a lower learning rate) or the batch holds NaN or infinite values; the step was not taken,"
                    + " the weights are those after step " + step);
        }
    }
}

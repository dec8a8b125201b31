package dev.netc.runtime.train;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The epochs of {@code fit}, shared by every generated trainer: cuts the rows into batches (shuffled when
 * asked), takes a step per batch, averages the batches' losses and accuracies weighted by their rows, and
 * evaluates the validation data after each epoch. The trainer's rows are passed on, not copied.
 *
 * <p>Not thread-safe: runs on the trainer's thread.
 */
public final class FitLoop {
    /** A generated trainer's step or evaluation on one batch: inputs rows and labels or target rows. */
    @FunctionalInterface
    public interface BatchStep {
        /** Returns the batch's loss. */
        double run(Object[] inputs, Object answers);
    }

    private FitLoop() {}

    /**
     * Runs {@code fit} over {@code inputs} with {@code answers} ({@code int[]} labels or target rows).
     *
     * @param validationInputs rows to evaluate after each epoch, or null
     * @param correct rows the last step or evaluation classified right
     * @param classifies whether the loss is a cross-entropy, whose accuracy is reported
     */
    public static History run(Object[] inputs, Object answers, Object[] validationInputs, Object validationAnswers,
            Fit fit, BatchStep step, BatchStep evaluate, DoubleSupplier correct, boolean classifies) {
        int rows = inputs.length;
        int batch = Math.min(fit.batchSize(), rows);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = fit.shuffleSeed().isPresent() ? new SplittableRandom(fit.shuffleSeed().getAsLong())
                : null;
        Object[] fullX = newRows(inputs, batch);
        Object fullY = newAnswers(answers, batch);
        Object[] lastX = rows % batch == 0 ? fullX : newRows(inputs, rows % batch);
        Object lastY = rows % batch == 0 ? fullY : newAnswers(answers, rows % batch);
        List<Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= fit.epochs(); e++) {
            long start = System.nanoTime();
            if (random != null) {
                shuffle(order, random);
            }
            double lossSum = 0;
            double correctSum = 0;
            for (int from = 0; from < rows; from += batch) {
                int size = Math.min(batch, rows - from);
                Object[] x = size == batch ? fullX : lastX;
                Object y = size == batch ? fullY : lastY;
                for (int i = 0; i < size; i++) {
                    int row = order[from + i];
                    x[i] = inputs[row];
                    if (answers instanceof int[] labels) {
                        ((int[]) y)[i] = labels[row];
                    } else {
                        ((Object[]) y)[i] = ((Object[]) answers)[row];
                    }
                }
                lossSum += step.run(x, y) * size;
                correctSum += classifies ? correct.getAsDouble() : 0;
            }
            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (validationInputs != null) {
                validationLoss = evaluate.run(validationInputs, validationAnswers);
                validationAccuracy = classifies ? correct.getAsDouble() / validationInputs.length : Double.NaN;
            }
            Epoch epoch = new Epoch(e, lossSum / rows, classifies ? correctSum / rows : Double.NaN, validationLoss,
                    validationAccuracy, Duration.ofNanos(System.nanoTime() - start));
            epochs.add(epoch);
            fit.onEpoch().accept(epoch);
        }
        return new History(epochs);
    }

    private static Object[] newRows(Object[] like, int size) {
        return (Object[]) Array.newInstance(like.getClass().getComponentType(), size);
    }

    private static Object newAnswers(Object like, int size) {
        return Array.newInstance(like.getClass().getComponentType(), size);
    }

    /** Fisher–Yates. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}

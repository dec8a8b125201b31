package dev.netc.runtime.train;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * How {@code fit} trains: epochs, rows per batch (the last batch of an epoch takes what is left), optional
 * seeded shuffling of the rows before each epoch, and a callback after each epoch.
 * {@code Fit.epochs(100).batchSize(64).shuffle(42).onEpoch(e -> System.out.println(e))}.
 *
 * @param batchSize rows per step; {@link Integer#MAX_VALUE} for the whole data set in one batch
 *
 * <p>Immutable and thread-safe (the callback is the caller's).
 */
public record Fit(int epochs, int batchSize, OptionalLong shuffleSeed, Consumer<Epoch> onEpoch) {
    /** Keras' default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    public Fit {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
        Objects.requireNonNull(shuffleSeed, "shuffleSeed");
        Objects.requireNonNull(onEpoch, "onEpoch");
    }

    /** {@code epochs} epochs in batches of 32 rows, in order, without a callback. */
    public static Fit epochs(int epochs) {
        return new Fit(epochs, DEFAULT_BATCH_SIZE, OptionalLong.empty(), epoch -> { });
    }

    /** These options with {@code rows} per batch. */
    public Fit batchSize(int rows) {
        return new Fit(epochs, rows, shuffleSeed, onEpoch);
    }

    /** These options with the whole data set as one batch per epoch. */
    public Fit fullBatch() {
        return batchSize(Integer.MAX_VALUE);
    }

    /** These options with the rows shuffled before every epoch, reproducibly from {@code seed}. */
    public Fit shuffle(long seed) {
        return new Fit(epochs, batchSize, OptionalLong.of(seed), onEpoch);
    }

    /** These options with {@code callback} called after every epoch. */
    public Fit onEpoch(Consumer<Epoch> callback) {
        return new Fit(epochs, batchSize, shuffleSeed, callback);
    }
}

package dev.netc.spark;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link NetcSpark} scores: an optional arg-max prediction column and the rows per batch.
 * Immutable; {@code with...} returns a changed copy.
 *
 * @param predictionCol when present, a {@code double} column with the index of each row's largest output (the
 *     first one on ties), as Spark ML classifiers give their prediction; null where the input is null
 * @param batchSize rows handed to {@code predictBatch} at once; each task thread holds one batch of inputs and
 *     outputs
 */
public record ScoringOptions(Optional<String> predictionCol, int batchSize) {
    /** Rows per batch by default: 784 float inputs a row make a 1.6 MB buffer per task thread. */
    public static final int DEFAULT_BATCH_SIZE = 512;

    public ScoringOptions {
        Objects.requireNonNull(predictionCol, "predictionCol");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
    }

    /** No prediction column, {@value #DEFAULT_BATCH_SIZE} rows per batch. */
    public static ScoringOptions defaults() {
        return new ScoringOptions(Optional.empty(), DEFAULT_BATCH_SIZE);
    }

    /** Adds the arg-max of each row's outputs as the column {@code name}. */
    public ScoringOptions withPredictionCol(String name) {
        return new ScoringOptions(Optional.of(name), batchSize);
    }

    public ScoringOptions withBatchSize(int rows) {
        return new ScoringOptions(predictionCol, rows);
    }
}

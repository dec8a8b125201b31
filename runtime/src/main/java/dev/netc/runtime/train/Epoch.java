package dev.netc.runtime.train;

import java.time.Duration;

/**
 * What one epoch of {@code fit} measured.
 *
 * @param number 1 for the first epoch
 * @param loss the mean of the batches' losses (each taken before its step), weighted by their rows
 * @param accuracy the fraction of rows classified right during the epoch, NaN for regression losses
 * @param validationLoss the loss on the validation data after the epoch, NaN without validation data
 * @param validationAccuracy the accuracy on the validation data after the epoch, NaN when there is none
 * @param time how long the epoch took
 */
public record Epoch(int number, double loss, double accuracy, double validationLoss, double validationAccuracy,
        Duration time) {}

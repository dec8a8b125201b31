package dev.netc.runtime.train;

import java.util.List;

/**
 * What {@code fit} returns: one {@link Epoch} per epoch run, in order.
 *
 * <p>Immutable and thread-safe.
 */
public record History(List<Epoch> epochs) {
    public History {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch. */
    public Epoch last() {
        return epochs.get(epochs.size() - 1);
    }
}

package dev.netc.cli;

import dev.netc.runtime.train.Epoch;
import java.util.Locale;

/**
 * The progress lines of {@code netc train}: epoch i/N, loss, accuracy (for the cross-entropies), the validation
 * data's, and the time left. On a terminal one line is rewritten in place, at most ten times a second and for
 * the last epoch (and within an epoch longer than a second, its batch); when piped, one line per epoch.
 *
 * <p>Called from the training thread and, on Ctrl-C, from the shutdown hook: synchronized.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long BATCHES_AFTER_NANOS = 1_000_000_000L;

    private final Terminal terminal;
    private final int epochs;
    private final long start = System.nanoTime();
    private long lastDrawn;
    private long lastEpoch = start;
    private String lastMeasures;
    private int width;
    private boolean open;

    Progress(Terminal terminal, int epochs) {
        this.terminal = terminal;
        this.epochs = epochs;
    }

    synchronized void epoch(Epoch epoch) {
        long now = System.nanoTime();
        lastEpoch = now;
        lastMeasures = measures(epoch);
        long elapsed = now - start;
        long left = epoch.number() == epochs ? 0 : elapsed / epoch.number() * (epochs - epoch.number());
        String line = "epoch " + epoch.number() + "/" + epochs + ": " + lastMeasures
                + (epoch.number() == epochs ? ", " + duration(elapsed) : ", " + duration(left) + " left");
        if (!terminal.interactive()) {
            terminal.out().println(line);
            return;
        }
        if (epoch.number() != epochs && now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        draw(now, line);
        if (epoch.number() == epochs) {
            end();
        }
    }

    /**
     * On a terminal, within a long epoch: which batch it is at and the time left, at most ten times a second.
     *
     * @param steps steps taken so far, this one included
     */
    synchronized void batch(long steps, int batchesPerEpoch) {
        if (!terminal.interactive()) {
            return;
        }
        long now = System.nanoTime();
        // Epochs of less than a second show their own lines; batches only keep a long epoch from looking stuck.
        if (now - lastDrawn < REDRAW_NANOS || now - lastEpoch < BATCHES_AFTER_NANOS) {
            return;
        }
        long total = (long) epochs * batchesPerEpoch;
        long left = (now - start) / steps * (total - steps);
        String line = "epoch " + ((steps - 1) / batchesPerEpoch + 1) + "/" + epochs + ": batch "
                + ((steps - 1) % batchesPerEpoch + 1) + "/" + batchesPerEpoch + (lastMeasures == null ? ""
                : " (last epoch: " + lastMeasures + ")") + ", " + duration(left) + " left";
        draw(now, line);
    }

    private void draw(long now, String line) {
        lastDrawn = now;
        // Blanks over what is left of a longer line before it.
        terminal.out().print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        terminal.out().flush();
        width = line.length();
        open = true;
    }

    /** Ends a line rewritten in place, so that what follows starts on a line of its own. */
    synchronized void end() {
        if (open) {
            terminal.out().println();
            terminal.out().flush();
            open = false;
        }
    }

    /** {@code loss 0.1234, accuracy 0.9500, val_loss ..., val_accuracy ...}: what the epoch measured. */
    static String measures(Epoch epoch) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "loss %.6g", epoch.loss()));
        if (!Double.isNaN(epoch.accuracy())) {
            text.append(String.format(Locale.ROOT, ", accuracy %.4f", epoch.accuracy()));
        }
        if (!Double.isNaN(epoch.validationLoss())) {
            text.append(String.format(Locale.ROOT, ", val_loss %.6g", epoch.validationLoss()));
        }
        if (!Double.isNaN(epoch.validationAccuracy())) {
            text.append(String.format(Locale.ROOT, ", val_accuracy %.4f", epoch.validationAccuracy()));
        }
        return text.toString();
    }

    /** {@code 850 ms}, {@code 12 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
    static String duration(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}

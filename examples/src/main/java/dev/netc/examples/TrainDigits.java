package dev.netc.examples;

import dev.netc.runtime.train.Fit;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Loss;
import dev.netc.runtime.train.Optimizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains {@code digits.net} (64 -> 64 relu -> 10 softmax) on scikit-learn's 8x8 handwritten digits, bundled as
 * {@code digits.csv} (see {@code digits.NOTICE.txt}), and reports its accuracy on a held-out fifth of the
 * images, which training never sees.
 */
public final class TrainDigits {
    /** The held-out fraction, scikit-learn's {@code train_test_split(test_size=0.2)}. */
    static final double TEST_FRACTION = 0.2;
    static final long SPLIT_SEED = 42;
    static final String OPTIMIZER = "adam(lr=0.005, decay=1e-3)";
    static final int EPOCHS = 30;
    static final int BATCH_SIZE = 32;
    static final int PRINT_EVERY = 5;

    private TrainDigits() {}

    /** Images (64 pixels from 0 to 1, row by row) and their digits. */
    record Digits(float[][] inputs, int[] labels) {
        int size() {
            return labels.length;
        }

        Digits rows(int[] order, int from, int to) {
            float[][] x = new float[to - from][];
            int[] y = new int[to - from];
            for (int i = from; i < to; i++) {
                x[i - from] = inputs[order[i]];
                y[i - from] = labels[order[i]];
            }
            return new Digits(x, y);
        }
    }

    /** A shuffled split into training and held-out images. */
    record Split(Digits train, Digits test) {}

    /** What {@link #train} returns. */
    record Trained(DigitsClassifier network, History history) {}

    /** The 1797 images of the bundled {@code digits.csv}, pixels scaled from 0..16 to 0..1. */
    static Digits load() {
        try (InputStream in = TrainDigits.class.getResourceAsStream("digits.csv")) {
            if (in == null) {
                throw new IllegalStateException("digits.csv is missing from the class path next to TrainDigits");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<float[]> inputs = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                float[] pixels = new float[DigitsClassifier.INPUT_SIZE];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = Float.parseFloat(cells[i]) / 16;
                }
                inputs.add(pixels);
                labels.add((int) Float.parseFloat(cells[pixels.length]));
            }
            return new Digits(inputs.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read digits.csv", e);
        }
    }

    /** Shuffles the images with {@code seed} and holds {@code testFraction} of them out. */
    static Split split(Digits all, double testFraction, long seed) {
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int test = (int) Math.ceil(all.size() * testFraction);
        return new Split(all.rows(order, test, order.length), all.rows(order, 0, test));
    }

    /**
     * Trains a fresh network (the file's seed) on {@code split.train()}, evaluating {@code split.test()} after each
     * epoch, and calls {@code progress} with a line every {@code printEvery} epochs.
     */
    static Trained train(Split split, int epochs, int printEvery, java.util.function.Consumer<String> progress) {
        DigitsClassifier.Trainer trainer = DigitsClassifier.random()
                .trainer(Loss.CATEGORICAL_CROSSENTROPY, Optimizer.parse(OPTIMIZER));
        Fit fit = Fit.epochs(epochs).batchSize(BATCH_SIZE).shuffle(SPLIT_SEED).onEpoch(e -> {
            if (e.number() == 1 || e.number() % printEvery == 0) {
                progress.accept(String.format(Locale.ROOT,
                        "epoch: %d, acc: %.3f, loss: %.3f, held-out acc: %.3f, held-out loss: %.3f",
                        e.number(), e.accuracy(), e.loss(), e.validationAccuracy(), e.validationLoss()));
            }
        });
        History history = trainer.fit(split.train().inputs(), split.train().labels(), split.test().inputs(),
                split.test().labels(), fit);
        return new Trained(trainer.network(), history);
    }

    /** The fraction of {@code digits} that {@code network} recognizes. */
    static double accuracy(DigitsClassifier network, Digits digits) {
        float[][] p = network.predict(digits.inputs());
        int correct = 0;
        for (int r = 0; r < p.length; r++) {
            int best = 0;
            for (int j = 1; j < p[r].length; j++) {
                best = p[r][j] > p[r][best] ? j : best;
            }
            correct += best == digits.labels()[r] ? 1 : 0;
        }
        return (double) correct / p.length;
    }

    public static void main(String[] args) {
        Split split = split(load(), TEST_FRACTION, SPLIT_SEED);
        System.out.println("# Training a digit classifier in Java: scikit-learn's 8x8 digits, " + split.train().size()
                + " images to train on, " + split.test().size() + " held out; " + OPTIMIZER + ", " + EPOCHS
                + " epochs in batches of " + BATCH_SIZE);
        long start = System.nanoTime();
        Trained trained = train(split, EPOCHS, PRINT_EVERY, System.out::println);
        System.out.println(String.format(Locale.ROOT,
                "trained in %.1f s; training accuracy %.3f, held-out accuracy %.3f (%d images never trained on)",
                (System.nanoTime() - start) / 1e9, accuracy(trained.network(), split.train()),
                accuracy(trained.network(), split.test()), split.test().size()));
        System.out.println();
    }
}

package dev.netc.examples;

import dev.netc.runtime.math.NumpyRandom;
import dev.netc.runtime.train.Fit;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Loss;
import dev.netc.runtime.train.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Trains the spiral classifier of {@code spiral.net} in Java, as the book's chapter on Adam does: the
 * spiral data of {@code nnfs.datasets.spiral_data(samples=100, classes=3)}, a 2 -> 64 relu -> 3 softmax
 * network, categorical cross-entropy and {@code adam(lr=0.05, decay=5e-7)}, one step per epoch on the whole
 * data set. Then it saves the weights, loads them back and checks that the loaded network predicts the same.
 *
 * <p>The weights bundled as {@code spiral.npz} are this program's: {@code TrainSpiral --save
 * src/main/net/dev/netc/examples/spiral.npz} (from {@code examples/}) writes them again.
 */
public final class TrainSpiral {
    /** Points per class and classes, as the book calls {@code spiral_data}. */
    static final int SAMPLES = 100;
    static final int CLASSES = 3;
    /** The book's {@code nnfs.init()} seeds NumPy's generator with 0. */
    static final long DATA_SEED = 0;
    /** Seeds the network's starting weights, {@code 0.1 * randn} per the .net file's default initializer. */
    static final long WEIGHTS_SEED = 0;
    static final String OPTIMIZER = "adam(lr=0.05, decay=5e-7)";
    static final int EPOCHS = 3000;
    static final int PRINT_EVERY = 250;

    private TrainSpiral() {}

    /** The spiral points and the class of each. */
    record Spiral(double[][] inputs, int[] labels) {}

    /** What {@link #train} returns: the trained network and its training history. */
    record Trained(SpiralClassifier network, History history) {}

    /**
     * The book's spiral data: for each class, {@code r = linspace(0, 1, N)},
     * {@code t = linspace(class*4, (class+1)*4, N) + randn(N)*0.2} and the points
     * {@code (r*sin(t*2.5), r*cos(t*2.5))}. The normals come from NumPy's own generator
     * ({@link NumpyRandom}, bit for bit), so {@code np.random.seed(seed)} before {@code spiral_data} in Python
     * gives the same points.
     */
    static Spiral spiralData(int samples, int classes, long seed) {
        NumpyRandom random = new NumpyRandom(seed);
        double[][] inputs = new double[samples * classes][];
        int[] labels = new int[samples * classes];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < samples; i++) {
                double r = linspace(0, 1, samples, i);
                double t = linspace(c * 4, (c + 1) * 4, samples, i) + random.nextGaussian() * 0.2;
                inputs[c * samples + i] = new double[] {r * Math.sin(t * 2.5), r * Math.cos(t * 2.5)};
                labels[c * samples + i] = c;
            }
        }
        return new Spiral(inputs, labels);
    }

    /** Value {@code i} of {@code np.linspace(start, stop, n)}. */
    private static double linspace(double start, double stop, int n, int i) {
        return i == n - 1 ? stop : start + i * ((stop - start) / (n - 1));
    }

    /** Trains a fresh network on {@code data}, calling {@code progress} with each epoch's line to print. */
    static Trained train(Spiral data, int epochs, int printEvery, java.util.function.Consumer<String> progress) {
        Optimizer optimizer = Optimizer.parse(OPTIMIZER);
        SpiralClassifier.Trainer trainer = SpiralClassifier.random(WEIGHTS_SEED)
                .trainer(Loss.CATEGORICAL_CROSSENTROPY, optimizer);
        History history = trainer.fit(data.inputs(), data.labels(), Fit.epochs(epochs).fullBatch().onEpoch(e -> {
            if (e.number() == 1 || e.number() % printEvery == 0) {
                // As the book prints it; the rate is the one this epoch's step used.
                progress.accept(String.format(Locale.ROOT, "epoch: %d, acc: %.3f, loss: %.3f, lr: %s",
                        e.number(), e.accuracy(), e.loss(), (Object) optimizer.learningRate(e.number() - 1L)));
            }
        }));
        return new Trained(trainer.network(), history);
    }

    /** The fraction of {@code data}'s points that {@code network} puts in their class. */
    static double accuracy(SpiralClassifier network, Spiral data) {
        double[][] p = network.predict(data.inputs());
        int correct = 0;
        for (int r = 0; r < p.length; r++) {
            correct += SpiralDemo.argmax(p[r]) == data.labels()[r] ? 1 : 0;
        }
        return (double) correct / p.length;
    }

    /**
     * Trains, prints a line every {@value #PRINT_EVERY} epochs, saves the weights (to a temporary file, or to
     * the file after {@code --save}), loads them back and checks the loaded network.
     */
    public static void main(String[] args) throws IOException {
        Path file = args.length == 2 && args[0].equals("--save") ? Path.of(args[1]) : null;
        Spiral data = spiralData(SAMPLES, CLASSES, DATA_SEED);
        System.out.println("# Training the spiral classifier in Java: " + SAMPLES * CLASSES + " points, "
                + "categorical_crossentropy, " + OPTIMIZER + ", " + EPOCHS + " epochs");
        long start = System.nanoTime();
        Trained trained = train(data, EPOCHS, PRINT_EVERY, System.out::println);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = accuracy(trained.network(), data);
        System.out.println(String.format(Locale.ROOT, "trained in %.1f s; training accuracy %.3f", seconds, accuracy));

        Path saved = file != null ? file : Files.createTempFile("spiral", ".npz");
        try {
            trained.network().save(saved);
            SpiralClassifier loaded = SpiralClassifier.load(saved);
            boolean same = Arrays.deepEquals(loaded.predict(data.inputs()), trained.network().predict(data.inputs()));
            System.out.println(String.format(Locale.ROOT, "saved to %s and loaded back: %s predictions, accuracy %.3f",
                    file != null ? saved : "a temporary file", same ? "the same" : "DIFFERENT",
                    accuracy(loaded, data)));
            if (!same) {
                throw new IllegalStateException("the loaded network predicts differently from the trained one");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file == null) {
                Files.deleteIfExists(saved);
            }
        }
        System.out.println();
    }
}

package dev.netc.cli;

import dev.netc.dsl.CheckedNetwork;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.IoErrors;
import dev.netc.runtime.train.Epoch;
import dev.netc.runtime.train.Fit;
import dev.netc.runtime.train.FitLoop;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Loss;
import dev.netc.runtime.train.Optimizer;
import dev.netc.runtime.train.TrainingChecks;
import dev.netc.runtime.train.TrainingInterpreter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code netc train FILE --data D --loss L --optimizer O --epochs N -o W.npz}: trains the network of a
 * {@code .net} file with the runtime's {@link TrainingInterpreter} (the double-precision reference of the
 * generated trainers; nothing is generated or compiled) and writes the weights. Ctrl-C writes the weights of the
 * last step taken.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Train a network on data and write its weights (.npz).",
        descriptionHeading = "%n",
        description = {
            "Trains a network with the tutorial's losses, backpropagation and optimizers, computed in double precision"
                    + " by the runtime's training interpreter (no code generation, no compiling), and writes the"
                    + " weights as W.npz for --weights, a 'weights' directive or load(). Each epoch prints a line: on a"
                    + " terminal one line rewritten in place, when piped one line per epoch.",
            "Data: an .npz file with the arrays 'inputs' (rows, inputs) and 'labels' (rows,) of whole numbers (any"
                    + " integer or float dtype) or 'targets' (rows, outputs), as np.savez(path, inputs=X, labels=y)"
                    + " writes it; or text as 'netc run' reads it, each line the inputs and then the label (with"
                    + " --targets K: then K targets).",
            "Starting weights come from --weights, else --seed, else the file's 'weights' directive, else its 'seed'"
                    + " directive, else from a random seed, which is printed.",
            "Ctrl-C stops training and writes the weights of the last step taken to the output."
        })
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The .net file.")
    private Path file;

    @Option(names = "--data", paramLabel = "DATA", required = true,
            description = "Rows to train on: DATA.npz (inputs and labels or targets) or text (CSV).")
    private Path data;

    @Option(names = "--validation", paramLabel = "VAL",
            description = "Rows to evaluate after each epoch, in the same form as the data.")
    private Path validation;

    @Option(names = "--loss", paramLabel = "LOSS", required = true,
            description = "categorical_crossentropy (labels or one-hot targets; the network must end in softmax),"
                    + " binary_crossentropy (ends in sigmoid), mean_squared_error (mse) or mean_absolute_error (mae).")
    private String lossText;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "adam",
            description = "sgd, adagrad, rmsprop or adam with the language's call syntax: 'adam(lr=0.02, decay=1e-4)',"
                    + " 'sgd(1.0, momentum=0.9)' (default: ${DEFAULT-VALUE}, lr=0.001).")
    private String optimizerText;

    @Option(names = "--epochs", paramLabel = "N", required = true, description = "Passes over the data.")
    private int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32",
            description = "Rows per step (default: ${DEFAULT-VALUE}, as Keras); the last batch of an epoch takes what"
                    + " is left. A batch of at least the data's rows makes one step per epoch, as the book does.")
    private int batch;

    @Option(names = "--shuffle", paramLabel = "SEED",
            description = "Shuffle the rows before every epoch, reproducibly from SEED (default: in order).")
    private Long shuffle;

    @Option(names = "--targets", paramLabel = "K",
            description = "For text data: the last K values of a line are its targets (default: the last value is its"
                    + " label).")
    private int targetColumns;

    @ArgGroup(exclusive = true)
    private WeightSource weightSource;

    @Option(names = {"-o", "--output"}, paramLabel = "W.npz", required = true,
            description = "Where the trained weights go (written whole or not at all, in a folder that exists).")
    private String outputName;

    private Path output;

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        output = OutputFile.check("--output", outputName, List.of(".npz"));
        checkOptions();
        Loss loss = parse("--loss", lossText, Loss::parse);
        Optimizer optimizer = parse("--optimizer", optimizerText, Optimizer::parse);
        CheckedNetwork network = Sources.load(file, terminal, weightSource);
        Architecture architecture = network.architecture();
        try {
            TrainingChecks.lossFits(architecture, loss);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--loss " + lossText + ": " + e.getMessage());
        }
        WeightSource.Chosen start = WeightSource.chosen(weightSource, network).orElseGet(() -> {
            long seed = new java.util.SplittableRandom().nextLong() >>> 33;
            return new WeightSource.Chosen(Weights.random(architecture, seed), "random weights of seed " + seed
                    + " (--seed " + seed + " draws them again)");
        });
        TrainingData train = TrainingData.read(data, architecture, targetColumns);
        TrainingData val = validation == null ? null : TrainingData.read(validation, architecture, targetColumns);
        checkAnswers(train, loss);
        if (val != null && (val.labels() == null) != (train.labels() == null)) {
            throw Problem.input(val.source() + " holds " + kind(val) + " but " + train.source() + " holds "
                    + kind(train) + "; validation data must hold the same kind");
        }
        TrainingInterpreter trainer = new TrainingInterpreter(start.weights(), loss, optimizer,
                shuffle == null ? 0 : shuffle);
        terminal.out().println("training " + architecture.name() + " (" + architecture.parameterCount() + " parameters) on "
                + rows(train) + " of " + train.source() + (val == null ? "" : ", validating on " + rows(val) + " of "
                + val.source()) + ", with " + loss + " and " + optimizer + ", from " + start.origin());
        terminal.out().flush();
        return new Run(terminal, trainer, loss, train, val).call();
    }

    private void checkOptions() {
        if (epochs < 1) {
            throw Problem.usage("--epochs must be at least 1, got " + epochs);
        }
        if (batch < 1) {
            throw Problem.usage("--batch must be at least 1, got " + batch);
        }
        if (targetColumns < 0) {
            throw Problem.usage("--targets must be at least 1, got " + targetColumns);
        }
    }

    /** Loss and optimizer texts: errors as the language's, the text with a caret under the column. */
    private <T> T parse(String option, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().replaceFirst("^(loss|optimizer) ", option + " ").replaceFirst(": error: ", ": ");
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** Said in the command line's words: TrainingChecks.labelsFit names Java types. */
    private void checkAnswers(TrainingData train, Loss loss) {
        if (train.labels() != null && !loss.takesLabels()) {
            throw new ParameterException(spec.commandLine(), "--loss " + loss + " takes target rows, but "
                    + train.source() + " holds class labels (they go with categorical_crossentropy); give 'targets'"
                    + " (for example one-hot rows), or train with categorical_crossentropy");
        }
    }

    private static String kind(TrainingData data) {
        return data.labels() != null ? "labels" : "targets";
    }

    private static String rows(TrainingData data) {
        return data.rows() + " row" + (data.rows() == 1 ? "" : "s");
    }

    /** One training run: the epochs, their progress lines, the weights written at the end or on Ctrl-C. */
    private final class Run {
        private final Terminal terminal;
        private final TrainingInterpreter trainer;
        private final Loss loss;
        private final TrainingData train;
        private final TrainingData val;
        private final int batchesPerEpoch;
        private final Progress progress;
        private final Object lock = new Object();
        private boolean stopped;

        Run(Terminal terminal, TrainingInterpreter trainer, Loss loss, TrainingData train, TrainingData val) {
            this.terminal = terminal;
            this.trainer = trainer;
            this.loss = loss;
            this.train = train;
            this.val = val;
            int perBatch = Math.min(batch, train.rows());
            this.batchesPerEpoch = (train.rows() + perBatch - 1) / perBatch;
            this.progress = new Progress(terminal, epochs);
        }

        Integer call() {
            Thread hook = new Thread(this::interrupted, "netc-train-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            History history;
            try {
                Fit fit = Fit.epochs(epochs).batchSize(batch).onEpoch(progress::epoch);
                if (shuffle != null) {
                    fit = fit.shuffle(shuffle);
                }
                history = FitLoop.run(train.inputs(), train.answers(), val == null ? null : val.inputs(),
                        val == null ? null : val.answers(), fit, this::step, this::evaluate, trainer::correct,
                        loss.isClassification());
            } catch (ArithmeticException e) {
                progress.end();
                long step = trainer.steps();
                throw Problem.input("epoch " + (step / batchesPerEpoch + 1) + ", batch " + (step % batchesPerEpoch + 1)
                        + ": " + e.getMessage() + "; " + output + " was not written");
            } finally {
                removeHook(hook);
            }
            synchronized (lock) {
                write(trainer.weights());
            }
            Epoch last = history.last();
            terminal.out().println("wrote " + output + " after " + history.epochs().size() + " epoch"
                    + (history.epochs().size() == 1 ? "" : "s") + " (" + trainer.steps() + " steps): "
                    + Progress.measures(last));
            return 0;
        }

        private double step(Object[] x, Object y) {
            synchronized (lock) {
                // After Ctrl-C no step may change the weights being written: wait for the JVM to end.
                while (stopped) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                double value = y instanceof int[] labels ? trainer.step((double[][]) x, labels)
                        : trainer.step((double[][]) x, (double[][]) y);
                progress.batch(trainer.steps(), batchesPerEpoch);
                return value;
            }
        }

        private double evaluate(Object[] x, Object y) {
            return y instanceof int[] labels ? trainer.loss((double[][]) x, labels)
                    : trainer.loss((double[][]) x, (double[][]) y);
        }

        /** The shutdown hook: Ctrl-C (or a kill) while training writes the weights of the last step taken. */
        private void interrupted() {
            Weights weights;
            long steps;
            synchronized (lock) {
                stopped = true;
                steps = trainer.steps();
                weights = steps == 0 ? null : trainer.weights();
            }
            progress.end();
            if (weights == null) {
                terminal.err().println("netc: interrupted before the first step; " + output + " was not written");
            } else {
                try {
                    write(weights);
                    terminal.err().println("netc: interrupted in epoch " + (steps / batchesPerEpoch + 1) + " of "
                            + epochs + ": wrote the weights after step " + steps + " to " + output);
                } catch (Problem e) {
                    terminal.error(e.getMessage());
                }
            }
            terminal.flush();
        }

        private void write(Weights weights) {
            try {
                weights.write(output);
            } catch (IOException e) {
                throw Problem.input("cannot write " + output + ": " + IoErrors.describe(e));
            }
        }

        private static void removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs (or ran) and writes the weights.
            }
        }
    }
}

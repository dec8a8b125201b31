package dev.netc.benchmarks;

import dev.netc.runtime.train.Loss;
import dev.netc.runtime.train.Optimizer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full-batch Adam step of a generated trainer (forward, categorical cross-entropy, backward, the
 * optimizer on every array), against the book's NumPy loop in {@code numpy_training.py}: the spiral
 * classifier 2→64→3 on 300 rows and 784→128→10 on 64 rows, float.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class TrainingSteps {
    /** The two networks of the training issue's targets. */
    public enum Case {
        SPIRAL_300(2, 3, 300),
        MNIST_64(784, 10, 64);

        final int inputs;
        final int classes;
        final int rows;

        Case(int inputs, int classes, int rows) {
            this.inputs = inputs;
            this.classes = classes;
            this.rows = rows;
        }
    }

    @Param({"SPIRAL_300", "MNIST_64"})
    public Case shape;

    private float[][] inputs;
    private int[] labels;
    private Step step;

    /** A generated trainer's step, whichever network it belongs to. */
    interface Step {
        float run(float[][] inputs, int[] labels);
    }

    @Setup
    public void setUp() {
        Random random = new Random(7);
        inputs = new float[shape.rows][shape.inputs];
        labels = new int[shape.rows];
        for (int r = 0; r < shape.rows; r++) {
            for (int c = 0; c < shape.inputs; c++) {
                inputs[r][c] = (float) random.nextGaussian();
            }
            labels[r] = random.nextInt(shape.classes);
        }
        Loss loss = Loss.CATEGORICAL_CROSSENTROPY;
        Optimizer adam = Optimizer.parse("adam(lr=0.001, decay=1e-4)");
        if (shape == Case.SPIRAL_300) {
            SpiralTrainer.Trainer trainer = SpiralTrainer.random().trainer(loss, adam);
            step = trainer::step;
        } else {
            Mnist.Trainer trainer = Mnist.random().trainer(loss, adam);
            step = trainer::step;
        }
    }

    @Benchmark
    public float adamStep() {
        return step.run(inputs, labels);
    }
}

package dev.netc.runtime;

/**
 * A network that computes in double, whichever class implements it: every generated class of a
 * {@code precision double} network, and the {@link Interpreter}. Generic tools (netc-spark, the CLI, a
 * server) take any network through it.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface DoubleNetwork {
    /** Values per sample {@code predict} takes. */
    int inputSize();

    /** Values per sample {@code predict} returns. */
    int outputSize();

    /**
     * The network's output for one sample.
     *
     * @throws IllegalArgumentException if {@code input} does not have {@link #inputSize()} values
     */
    double[] predict(double[] input);

    /** The network's output for each row of {@code batch}. */
    double[][] predict(double[][] batch);

    /**
     * The outputs of {@code rows} samples stored back to back in {@code inputs}, written back to back into
     * {@code outputs}, without allocating once warm (see the implementation for its workspace).
     *
     * @throws IllegalArgumentException if the arrays hold fewer than {@code rows} samples
     */
    void predictBatch(double[] inputs, int rows, double[] outputs);
}

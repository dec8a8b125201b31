package dev.netc.onnx;

import java.io.IOException;

/**
 * An ONNX file that netc cannot turn into a network: not a well-formed ONNX model, or a graph
 * outside what the {@code .net} language describes (a sequential stack of dense layers and
 * activations). The message starts with the file name and, when one node is to blame, names it
 * (by its name, or by its index when it has none), its operator and why, e.g. {@code model.onnx:
 * node 'conv1' (Conv): only dense networks are supported}.
 *
 * <p>Like any exception, not meant to be shared while it is being built; immutable afterwards.
 */
public class OnnxImportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    /** {@code FILE: PROBLEM}. */
    public OnnxImportException(String file, String problem) {
        this(file, problem, null);
    }

    public OnnxImportException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.problem = problem;
    }

    /** What is wrong, without the file name: for callers that name the file their own way (by its path, say). */
    public String problem() {
        return problem;
    }
}

package dev.netc.codegen.kernel;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;

/**
 * One way of computing a network's forward pass in generated code. Every kernel adds two methods
 * to the class, which the public {@code predict} methods call:
 * <pre>
 * forward(x, xo, y, yo, workspace)            // one sample: INPUT_SIZE values of x from xo,
 *                                             //   OUTPUT_SIZE values into y from yo
 * forwardRows(x, xo, y, yo, rows, workspace) // rows samples: row r is INPUT_SIZE values of
 *                                             //   x[r] from xo[r]; its output goes to y[r] from
 *                                             //   yo[r]; all rows are read before any is written
 * </pre>
 * {@code rows} is at most {@link #CHUNK}, the capacity of the workspace.
 * Kernels that use no workspace add no {@code forwardRows}: batches go through {@code forward}.
 */
public interface ForwardKernel {
    /** Rows a batch is cut into: the capacity of a workspace's batch memory. */
    int CHUNK = 128;

    /** The fields that hold the weights, in the layout this kernel reads. */
    WeightFields weightFields();

    /**
     * Whether the kernel uses a {@code Workspace} at all. When not, callers pass {@code null}, and
     * batches go row by row through {@code forward} without {@code forwardRows}.
     */
    boolean usesWorkspace();

    /** Adds this kernel's scratch memory to the {@code Workspace} class. */
    void addWorkspaceFields(TypeSpec.Builder workspace, MethodSpec.Builder constructor);

    /** Adds {@code forward}, {@code forwardRows} and whatever they call. */
    void addForwardMethods(TypeSpec.Builder type);
}

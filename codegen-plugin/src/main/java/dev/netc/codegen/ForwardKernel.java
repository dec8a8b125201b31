package dev.netc.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;

/**
 * One way of computing a network's forward pass in generated code. Every kernel adds two methods
 * to the class, which the public {@code predict} methods call:
 * <pre>
 * forward(x, xo, y, yo, workspace)                          // one sample
 * forward2(x0, xo0, x1, xo1, y0, yo0, y1, yo1, workspace)   // two samples at once
 * </pre>
 * each reading {@code INPUT_SIZE} values of {@code x} from offset {@code xo} and writing
 * {@code OUTPUT_SIZE} values into {@code y} from offset {@code yo}.
 */
interface ForwardKernel {
    /** The fields that hold the weights, in the layout this kernel reads. */
    WeightFields weightFields();

    /** Whether the forward methods need a {@code Workspace}; when not, callers pass {@code null}. */
    boolean needsWorkspace();

    /** Adds this kernel's scratch rows to the {@code Workspace} class. */
    void addWorkspaceFields(TypeSpec.Builder workspace, MethodSpec.Builder constructor);

    /** Adds {@code forward}, {@code forward2} and whatever they call. */
    void addForwardMethods(TypeSpec.Builder type);
}

package dev.netc.codegen.kernel;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Layer;

/**
 * How a {@link LoopedKernel} takes a batch of rows through the network in plain Java
 * ({@link BlockBatches}). Each is made for one kernel and writes its batch methods with the kernel's passes and sample methods.
 */
interface BatchPass {
    /** Members of the generated class that the batch methods share; added before any method. */
    default void addFields(TypeSpec.Builder builder) {}

    /**
     * The workspace fields of batches, for rows of at most {@code inputsToo} values where they may hold
     * the network's inputs, and of at most {@code outputs} where they hold only layers' outputs.
     */
    void addWorkspaceFields(TypeSpec.Builder builder, int inputsToo, int outputs);

    /** {@code forwardRows}: a batch of rows through the whole network. */
    MethodSpec forwardRows();

    /** Layer {@code l}'s methods for batches. */
    void addLayerMethods(TypeSpec.Builder builder, int l, Layer layer);
}

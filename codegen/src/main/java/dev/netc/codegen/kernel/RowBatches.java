package dev.netc.codegen.kernel;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.codegen.kernel.LoopedKernel.Row;
import dev.netc.runtime.Activation;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.internal.JitVectorizer;
import java.util.function.IntPredicate;
import javax.lang.model.element.Modifier;

/**
 * The batch forward pass of {@link VectorBatches}, over rows held as separate arrays (its block
 * methods keep four rows' outputs in vector registers), and the looped batch method of its layers
 * too narrow for those blocks: weights loaded once into locals for a group of rows, two rows of
 * {@value #INPUTS_PER_PASS} inputs on JDK 25 and three of {@value #JDK17_INPUTS_PER_PASS} on JDK 17,
 * as {@code JitVectorizer} says, with inputs in tiles whose weight rows stay in L1. Intermediate rows
 * live in the workspace's {@code rowsA} and {@code rowsB}, {@link ForwardKernel#CHUNK} rows
 * each.
 */
final class RowBatches {
    /** Inputs per pass of each of two batch rows (JDK 25), or of a batch row alone (any JDK). */
    private static final int INPUTS_PER_PASS = 4;
    /*
     * C2 cannot tell an output row from a weight row, so a pass that writes one row and then reads a
     * weight for the next reloads it; passes load each weight into a local once instead. JDK 25
     * vectorizes that for two rows of four inputs; JDK 17 leaves it scalar (4x slower) and vectorizes
     * three rows of two inputs: against two rows of four written plainly, 784-128-10 x 64 6-8 %
     * faster and 784-512-512-10 x 256 7.4-8.5 -> 6.0-6.6 ms (as with two rows of two, which lost
     * 5-8 % at 128 outputs).
     */
    /** Inputs of each of three batch rows added per pass on JDK 17. */
    private static final int JDK17_INPUTS_PER_PASS = 2;

    private static final Row[] PAIR = {new Row("x0", "o0", "y0"), new Row("x1", "o1", "y1")};
    private static final Row[] TRIPLE = {PAIR[0], PAIR[1], new Row("x2", "o2", "y2")};
    private static final Row[] FIRST = {PAIR[0]};

    private final Architecture architecture;
    private final ScalarType type;
    private final LoopedKernel kernel;
    private final IntPredicate takesNonZero;

    /**
     * For {@code kernel}'s batches; {@code takesNonZero} says which dense layers' batch methods
     * take the workspace's {@code nonzero} array.
     */
    RowBatches(LoopedKernel kernel, IntPredicate takesNonZero) {
        this.kernel = kernel;
        this.architecture = kernel.architecture;
        this.type = kernel.type;
        this.takesNonZero = takesNonZero;
    }

    /**
     * Blocks {@code rowsA} and {@code rowsB}, made on the first batch so that workspaces used only
     * for single samples stay small.
     */
    void addWorkspaceFields(TypeSpec.Builder builder, int width) {
        kernel.addBatchArrays(builder, "batchRows", "rowsA", "rowsB", ForwardKernel.CHUNK, width);
    }

    /** The batch, layer by layer: every row through one layer before the next layer starts; one row as a sample. */
    MethodSpec forwardRows() {
        MethodSpec.Builder method = kernel.forwardRowsStart()
                .addStatement("workspace.batchRows()")
                .addStatement("int[] zero = workspace.zeroOffsets");
        int denseCount = architecture.denseLayers().size();
        String current = null;
        int k = 0;
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            if (layer instanceof DenseLayer) {
                if (current == null) {
                    // The batch methods read each row from index 0 (indexing from offsets made the
                    // Vector API block loop 18 % slower). The first dense layer writes y or rowsA,
                    // never rowsB: rows at offsets can wait there.
                    method.beginControlFlow("if (xo != zero)")
                            .beginControlFlow("for (int r = 0; r < rows; r++)")
                            .addStatement("$T.arraycopy(x[r], xo[r], workspace.rowsB[r], 0, $L)", System.class,
                                    architecture.inputSize())
                            .endControlFlow()
                            .addStatement("x = workspace.rowsB")
                            .addStatement("xo = zero")
                            .endControlFlow();
                }
                String target = k == denseCount - 1 ? "y" : "workspace.rowsA".equals(current)
                        ? "workspace.rowsB" : "workspace.rowsA";
                method.addStatement("$L($L, $L, $L, rows$L)", LoopedKernel.layerMethod(l),
                        current == null ? "x" : current, current == null ? "xo" : "zero", target,
                        takesNonZero.test(l) ? ", workspace.nonzero" : "");
                current = target;
                k++;
            } else {
                if (current == null) {
                    current = denseCount == 0 ? "y" : "workspace.rowsA";
                    method.beginControlFlow("for (int r = 0; r < rows; r++)")
                            .addStatement("$T.arraycopy(x[r], xo[r], $L[r], 0, $L)", System.class, current,
                                    architecture.inputSize())
                            .endControlFlow();
                }
                method.beginControlFlow("for (int r = 0; r < rows; r++)")
                        .addStatement("$L($L[r])", LoopedKernel.layerMethod(l), current)
                        .endControlFlow();
            }
        }
        if (!"y".equals(current)) {
            // Only when activations follow the last dense layer's copy: bring the rows to y.
            method.beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("$T.arraycopy($L[r], 0, y[r], 0, $L)", System.class, current,
                            architecture.outputSize())
                    .endControlFlow();
        }
        return method.build();
    }

    /**
     * All rows through one dense layer: inputs in tiles of {@link #tile} whose weight rows stay in
     * L1 while every row of the batch uses them, a group of rows per pass.
     */
    MethodSpec denseRows(int l, DenseLayer layer) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        int tile = tile(layer);
        MethodSpec.Builder method = MethodSpec.methodBuilder(LoopedKernel.layerMethod(l))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L, every row of a batch; inputs in tiles of $L.\n", LayerText.describe(layer), tile)
                .addParameter(type.matrix(), "x").addParameter(int[].class, "xo")
                .addParameter(type.matrix(), "y").addParameter(int.class, "rows");
        method.addStatement("$T w = $N", type.matrix(), WeightFields.weights(l));
        method.beginControlFlow("for (int r = 0; r < rows; r++)");
        kernel.startFromBias(method, l, layer, "y[r]");
        method.endControlFlow();
        int full = in - in % INPUTS_PER_PASS;
        if (full > 0) {
            tiles(method, out, tile, full);
        }
        if (full < in || layer.activation().activation() != Activation.LINEAR) {
            method.beginControlFlow("for (int r = 0; r < rows; r++)");
            declareRows(method, FIRST);
            kernel.remainder(method, full, in, out, FIRST);
            kernel.activate(method, layer.activation(), "y0", out);
            method.endControlFlow();
        }
        return method.build();
    }

    /** The passes over inputs {@code 0 .. full-1}, in tiles of {@code tile}, each tile through every row. */
    private void tiles(MethodSpec.Builder method, int out, int tile, int full) {
        method.beginControlFlow("for (int start = 0; start < $L; start += $L)", full, tile)
                .addStatement("int end = $T.min(start + $L, $L)", Math.class, tile, full)
                .addStatement("int r = 0")
                // Which grouping C2 vectorizes with each weight loaded once depends on the JDK (see
                // JitVectorizer); the other branch is dead code to the JIT.
                .beginControlFlow("if ($T.SHARED_WEIGHT_LOADS)", JitVectorizer.class);
        rowGroups(method, out, PAIR, INPUTS_PER_PASS);
        method.nextControlFlow("else");
        rowGroups(method, out, TRIPLE, JDK17_INPUTS_PER_PASS);
        method.endControlFlow();
        // The rows that do not fill a group, one at a time.
        method.beginControlFlow("for (; r < rows; r++)");
        declareRows(method, FIRST);
        method.beginControlFlow("for (int i = start; i < end; i += $L)", INPUTS_PER_PASS);
        kernel.pass(method, out, FIRST, k -> LoopedKernel.plus("i", k), INPUTS_PER_PASS);
        method.endControlFlow().endControlFlow().endControlFlow();
    }

    /** Groups of {@code group.length} rows at a time, {@code inputs} inputs per pass. */
    private void rowGroups(MethodSpec.Builder method, int out, Row[] group, int inputs) {
        method.beginControlFlow("for (; r + $L < rows; r += $L)", group.length - 1, group.length);
        declareRows(method, group);
        method.beginControlFlow("for (int i = start; i < end; i += $L)", inputs);
        kernel.pass(method, out, group, k -> LoopedKernel.plus("i", k), inputs);
        method.endControlFlow().endControlFlow();
    }

    private void declareRows(MethodSpec.Builder method, Row[] rows) {
        for (int s = 0; s < rows.length; s++) {
            String r = LoopedKernel.plus("r", s);
            method.addStatement("$T $L = x[$L]", type.vector(), rows[s].x(), r)
                    .addStatement("int $L = xo[$L]", rows[s].offset(), r)
                    .addStatement("$T $L = y[$L]", type.vector(), rows[s].y(), r);
        }
    }

    /** Inputs per tile: as many as fit {@link BlockBatches#TILE_BYTES} of weight rows, a multiple of the pass. */
    private int tile(DenseLayer layer) {
        int bytesPerInput = layer.outputSize() * (type.isDouble() ? 8 : 4);
        int tile = Math.max(INPUTS_PER_PASS,
                BlockBatches.TILE_BYTES / bytesPerInput / INPUTS_PER_PASS * INPUTS_PER_PASS);
        int full = layer.inputSize() - layer.inputSize() % INPUTS_PER_PASS;
        return Math.max(INPUTS_PER_PASS, Math.min(tile, full));
    }
}

package dev.netc.codegen.kernel;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import javax.lang.model.element.Modifier;

/**
 * The batch pass of a {@link LoopedKernel} with its dense layers written against the incubating
 * Vector API ({@code jdk.incubator.vector}), for users who opt in: the accumulators of a block of
 * outputs stay in vector registers over all inputs, instead of going through memory on every pass
 * as C2's auto-vectorized loops must.
 * <ul>
 *   <li>a batch is computed four rows at a time, each row's block of four vectors of outputs
 *       held in registers (16 accumulators, for AVX-512's 32 registers): every weight vector
 *       loaded serves four rows, every input broadcast serves four vectors;
 *   <li>inputs come in tiles whose weights stay in L1 while every block of rows uses them;
 *   <li>outputs left over after the last whole block are added input by input over all of them,
 *       so that no sum waits on the one before it; rows left over after the last block of four,
 *       and a single sample, use {@link LoopedKernel}'s loops, which were as fast in measurements;
 *   <li>layers of at most {@value #NARROW_OUTPUTS} outputs sum each output along the inputs,
 *       over weights held by output; other layers narrower than one block at AVX-512's width use
 *       the looped passes of {@link RowBatches}.
 * </ul>
 * The generated class then needs {@code --add-modules jdk.incubator.vector} to compile and run.
 */
public final class VectorBatches implements BatchPass {
    private static final int ROWS_PER_BLOCK = 4;
    private static final int VECTORS_PER_ROW = 4;
    /** Floats of weights per tile of inputs: 24 KB, half of a typical L1 data cache. */
    private static final int TILE_VALUES = 6 * 1024;
    /** Bytes of an AVX-512 vector, the widest SPECIES_PREFERRED. */
    private static final int WIDEST_VECTOR_BYTES = 64;
    /**
     * Widest layer summed along its inputs, two rows at a time: one accumulator per row and output
     * must fit in AVX-512's 32 vector registers with the two rows' inputs and a weight vector.
     */
    private static final int NARROW_OUTPUTS = 12;

    private final LoopedKernel kernel;
    private final Architecture architecture;
    private final ScalarType type;
    private final ClassName vectorClass;

    private VectorBatches(LoopedKernel kernel) {
        this.kernel = kernel;
        this.architecture = kernel.architecture;
        this.type = kernel.type;
        this.vectorClass = ClassName.get("jdk.incubator.vector", type.isDouble() ? "DoubleVector" : "FloatVector");
    }

    /**
     * The {@link LoopedKernel} with these batches, its narrow layers' weights also held by output:
     * the forward pass of larger networks for builds that opt in to the Vector API.
     */
    public static ForwardKernel loopedKernel(Architecture architecture, ScalarType type, ClassName workspace) {
        return new LoopedKernel(architecture, type, workspace, NARROW_OUTPUTS, VectorBatches::new);
    }

    /** {@code SPECIES}, which every vector method uses. */
    @Override
    public void addFields(TypeSpec.Builder builder) {
        ClassName species = ClassName.get("jdk.incubator.vector", "VectorSpecies");
        builder.addField(FieldSpec.builder(ParameterizedTypeName.get(species, type.isDouble()
                                ? ClassName.get(Double.class) : ClassName.get(Float.class)), "SPECIES",
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The widest vectors this processor has (16 floats with AVX-512, 8 with AVX2).\n")
                .initializer("$T.SPECIES_PREFERRED", vectorClass)
                .build());
    }

    /** Batches over rows as separate arrays ({@link RowBatches}): the block methods hold four in registers. */
    private RowBatches rowBatches() {
        return new RowBatches(kernel, this::takesNonZero);
    }

    @Override
    public void addWorkspaceFields(TypeSpec.Builder builder, int width) {
        rowBatches().addWorkspaceFields(builder, width);
    }

    @Override
    public MethodSpec forwardRows() {
        return rowBatches().forwardRows();
    }

    /**
     * Whether {@code layer}'s batch method is the looped kernel's: it has neither weights by output
     * nor a whole block of outputs, so the block loops would leave every output to the leftover loops.
     */
    private boolean loopedRows(DenseLayer layer) {
        return !kernel.weightFields().hasColumns(layer)
                && layer.outputSize() < VECTORS_PER_ROW * WIDEST_VECTOR_BYTES / (type.isDouble() ? 8 : 4);
    }

    /**
     * Whether dense layer {@code l}'s batch method takes the workspace's {@code nonzero} array: where
     * the single-sample method skips zero inputs and this kernel's own batch method hands it the rows
     * left over from blocks; the looped batch passes take every row themselves.
     */
    private boolean takesNonZero(int l) {
        return LoopedKernel.skipsZeroInputs(architecture, l)
                && !loopedRows((DenseLayer) architecture.layers().get(l));
    }

    /** The parameter of {@link #takesNonZero}, if the layer has it. */
    private void nonZeroParameter(MethodSpec.Builder method, int l) {
        if (takesNonZero(l)) {
            method.addParameter(int[].class, "nonzero");
        }
    }

    /** Dense layers' batch methods (activations run through the single-sample methods, row by row). */
    @Override
    public void addLayerMethods(TypeSpec.Builder builder, int l, Layer layer) {
        if (!(layer instanceof DenseLayer dense)) {
            return;
        }
        if (loopedRows(dense)) {
            builder.addMethod(rowBatches().denseRows(l, dense));
        } else {
            builder.addMethod(kernel.weightFields().hasColumns(dense) ? narrowRows(l, dense) : blockRows(l, dense));
        }
    }

    /** A layer's batch method with blocks of rows and of outputs in vector registers. */
    private MethodSpec blockRows(int l, DenseLayer layer) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        MethodSpec.Builder method = MethodSpec.methodBuilder(LoopedKernel.layerMethod(l))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L, every row of a batch: blocks of $L rows x $L vectors of outputs in registers, inputs in\n"
                        + "tiles whose weights stay in L1 while every block of rows uses them. Rows are read from index 0.\n",
                        LayerText.describe(layer), ROWS_PER_BLOCK, VECTORS_PER_ROW)
                .addParameter(type.matrix(), "x").addParameter(int[].class, "xo")
                .addParameter(type.matrix(), "y").addParameter(int.class, "rows");
        nonZeroParameter(method, l);
        method.addStatement("$T w = $N", type.matrix(), WeightFields.weights(l))
                .addStatement("int lanes = SPECIES.length()")
                .addStatement("int blockWidth = $L * lanes", VECTORS_PER_ROW)
                .addStatement("int vectorColumns = $L - $L % blockWidth", out, out)
                .addStatement("int blockRows = rows - rows % $L", ROWS_PER_BLOCK)
                .addStatement("int tile = $T.max(1, $L / blockWidth)", Math.class, TILE_VALUES / (type.isDouble() ? 2 : 1));
        // Rows start from the biases, so that every tile loads its accumulators from the rows.
        method.beginControlFlow("for (int r = 0; r < blockRows; r++)");
        kernel.startFromBias(method, l, layer, "y[r]");
        method.endControlFlow();
        method.beginControlFlow("for (int c = 0; c < vectorColumns; c += blockWidth)")
                .beginControlFlow("for (int start = 0; start < $L; start += tile)", in)
                .addStatement("int end = $T.min(start + tile, $L)", Math.class, in)
                .beginControlFlow("for (int r = 0; r < blockRows; r += $L)", ROWS_PER_BLOCK);
        for (int s = 0; s < ROWS_PER_BLOCK; s++) {
            method.addStatement("$T x$L = x[$L]", type.vector(), s, LoopedKernel.plus("r", s))
                    .addStatement("$T y$L = y[$L]", type.vector(), s, LoopedKernel.plus("r", s));
        }
        for (int v = 0; v < VECTORS_PER_ROW; v++) {
            for (int s = 0; s < ROWS_PER_BLOCK; s++) {
                method.addStatement("$T acc$L$L = $T.fromArray(SPECIES, y$L, $L)", vectorClass, s, v, vectorClass, s,
                        lanes("c", v));
            }
        }
        method.beginControlFlow("for (int i = start; i < end; i++)")
                .addStatement("$T wi = w[i]", type.vector());
        for (int v = 0; v < VECTORS_PER_ROW; v++) {
            method.addStatement("$T w$L = $T.fromArray(SPECIES, wi, $L)", vectorClass, v, vectorClass, lanes("c", v));
        }
        for (int s = 0; s < ROWS_PER_BLOCK; s++) {
            method.addStatement("$T b$L = $T.broadcast(SPECIES, x$L[i])", vectorClass, s, vectorClass, s);
            for (int v = 0; v < VECTORS_PER_ROW; v++) {
                method.addStatement("acc$L$L = w$L.fma(b$L, acc$L$L)", s, v, v, s, s, v);
            }
        }
        method.endControlFlow();
        for (int s = 0; s < ROWS_PER_BLOCK; s++) {
            for (int v = 0; v < VECTORS_PER_ROW; v++) {
                method.addStatement("acc$L$L.intoArray(y$L, $L)", s, v, s, lanes("c", v));
            }
        }
        method.endControlFlow().endControlFlow().endControlFlow();
        method.beginControlFlow("for (int r = 0; r < blockRows; r++)")
                .addStatement("$T x0 = x[r]", type.vector())
                .addStatement("int o0 = xo[r]")
                .addStatement("$T y0 = y[r]", type.vector())
                .addStatement("int c = vectorColumns");
        leftoverColumns(method, layer);
        kernel.activate(method, layer.activation(), "y0", out);
        method.endControlFlow();
        method.beginControlFlow("for (int r = blockRows; r < rows; r++)")
                .addStatement(kernel.sampleCall(l, "x[r]", "xo[r]", "y[r]", "nonzero"))
                .endControlFlow();
        return method.build();
    }

    /**
     * A layer of at most {@link #NARROW_OUTPUTS} outputs, two rows at a time: each output's sum runs
     * along the inputs in vectors, over its own array of weights, and is reduced once at the end;
     * inputs after the last whole vector, and a row left over, go one value at a time.
     */
    private MethodSpec narrowRows(int l, DenseLayer layer) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        String[] rows = {"0", "1"};
        MethodSpec.Builder method = MethodSpec.methodBuilder(LoopedKernel.layerMethod(l))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L, every row of a batch: two rows at a time, each output summed along the inputs in\n"
                        + "vectors. Rows are read from index 0.\n", LayerText.describe(layer))
                .addParameter(type.matrix(), "x").addParameter(int[].class, "xo")
                .addParameter(type.matrix(), "y").addParameter(int.class, "rows");
        nonZeroParameter(method, l);
        method.addStatement("$T wt = $N", type.matrix(), WeightFields.columns(l))
                .addStatement("int vectorInputs = $L - $L % SPECIES.length()", in, in)
                .addStatement("int r = 0")
                .beginControlFlow("for (; r + 1 < rows; r += 2)");
        for (String s : rows) {
            method.addStatement("$T x$L = x[r + $L]", type.vector(), s, s)
                    .addStatement("$T y$L = y[r + $L]", type.vector(), s, s);
        }
        for (int j = 0; j < out; j++) {
            for (String s : rows) {
                method.addStatement("$T acc$L_$L = $T.zero(SPECIES)", vectorClass, s, j, vectorClass);
            }
        }
        method.beginControlFlow("for (int i = 0; i < vectorInputs; i += SPECIES.length())");
        for (String s : rows) {
            method.addStatement("$T v$L = $T.fromArray(SPECIES, x$L, i)", vectorClass, s, vectorClass, s);
        }
        for (int j = 0; j < out; j++) {
            method.addStatement("$T w$L = $T.fromArray(SPECIES, wt[$L], i)", vectorClass, j, vectorClass, j);
            for (String s : rows) {
                method.addStatement("acc$L_$L = w$L.fma(v$L, acc$L_$L)", s, j, j, s, s, j);
            }
        }
        method.endControlFlow();
        ClassName operators = ClassName.get("jdk.incubator.vector", "VectorOperators");
        for (int j = 0; j < out; j++) {
            for (String s : rows) {
                method.addStatement("$T sum$L_$L = acc$L_$L.reduceLanes($T.ADD)$L", type.scalar(), s, j, s, j,
                        operators, layer.useBias() ? " + " + WeightFields.biases(l) + "[" + j + "]" : "");
            }
            method.beginControlFlow("for (int i = vectorInputs; i < $L; i++)", in);
            for (String s : rows) {
                method.addStatement("sum$L_$L = $T.fma(x$L[i], wt[$L][i], sum$L_$L)", s, j, Math.class, s, j, s, j);
            }
            method.endControlFlow();
            for (String s : rows) {
                method.addStatement("y$L[$L] = sum$L_$L", s, j, s, j);
            }
        }
        for (String s : rows) {
            kernel.activate(method, layer.activation(), "y" + s, out);
        }
        method.endControlFlow()
                .beginControlFlow("if (r < rows)")
                .addStatement(kernel.sampleCall(l, "x[r]", "xo[r]", "y[r]", "nonzero"))
                .endControlFlow();
        return method.build();
    }

    /**
     * The outputs of row {@code y0} from column {@code c} on, after the last whole block: one input
     * at a time over all of them, so that each sum waits only on its own last step.
     */
    private void leftoverColumns(MethodSpec.Builder method, DenseLayer layer) {
        int out = layer.outputSize();
        method.beginControlFlow("if (c < $L)", out);
        method.beginControlFlow("for (int i = 0; i < $L; i++)", layer.inputSize())
                .addStatement("$T xi = x0[o0 + i]", type.scalar())
                .addStatement("$T wi = w[i]", type.vector())
                .beginControlFlow("for (int j = c; j < $L; j++)", out)
                .addStatement("y0[j] = $T.fma(xi, wi[j], y0[j])", Math.class)
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    /** {@code c}, {@code c + lanes}, {@code c + 2 * lanes}, ... */
    private static String lanes(String variable, int k) {
        return k == 0 ? variable : k == 1 ? variable + " + lanes" : variable + " + " + k + " * lanes";
    }
}

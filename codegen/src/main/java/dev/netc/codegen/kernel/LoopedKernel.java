package dev.netc.codegen.kernel;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.internal.ZeroInputs;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * The forward pass of a network too large to write out value by value, as loops the JIT
 * vectorizes. Each dense layer has a method for a sample with its widths as constants:
 * <ul>
 *   <li>weights are held one array per input, so the inner loop reads {@code w[i][j]}, writes
 *       {@code y[j]} and nothing else, which is what C2 needs to vectorize it;
 *   <li>outputs start from the bias, every pass over them adds {@value #SAMPLE_INPUTS_PER_PASS}
 *       inputs with fused multiply-adds, which divides the loads and stores of the outputs, and the
 *       activation runs over the row once it is complete;
 *   <li>a layer that follows a ReLU reads only the weight rows of its inputs that are not zero
 *       (about half of them), as {@link ZeroInputs} lists them, and the first layer skips the
 *       passes whose inputs are all zero.
 * </ul>
 * Batches go through the network as a {@link BatchPass} writes them with this kernel's passes: in
 * {@link BlockBatches blocks of rows}, or against the Vector API ({@link VectorBatches}).
 * Intermediate rows live in the {@code Workspace}: two rows for a sample, and the batch's.
 */
final class LoopedKernel implements ForwardKernel {
    /*
     * C2 vectorizes a loop only if it may unroll it, and JDK 17 unrolls only loops whose body is
     * small (LoopUnrollLimit, 60 nodes). Measured on JDK 17: one output row takes up to 6 inputs per
     * pass and two rows up to 4; one more input and the loop stays scalar, three times slower.
     * Six inputs instead of four made a sample's 784 -> 128 and 512 -> 512 layers 3-4% faster.
     */
    /** Inputs of a sample added per pass over a layer's outputs. */
    private static final int SAMPLE_INPUTS_PER_PASS = 6;

    final Architecture architecture;
    final ScalarType type;
    final ClassName workspace;
    private final WeightFields fields;
    private final BatchPass batches;

    /**
     * @param columnsUpTo layers with at most this many outputs also hold their weights by output
     *     ({@link WeightFields#hasColumns})
     * @param batches makes the batch pass over this kernel's loops, given the kernel
     */
    LoopedKernel(Architecture architecture, ScalarType type, ClassName workspace, int columnsUpTo,
            Function<LoopedKernel, BatchPass> batches) {
        this.architecture = architecture;
        this.type = type;
        this.workspace = workspace;
        this.fields = new WeightFields(architecture, type, true, columnsUpTo, l -> skipsZeros(architecture, l));
        this.batches = batches.apply(this);
    }

    @Override
    public WeightFields weightFields() {
        return fields;
    }

    @Override
    public boolean usesWorkspace() {
        return true;
    }

    /** Rows {@code a} and {@code b} for one sample, and the fields batches use. */
    @Override
    public void addWorkspaceFields(TypeSpec.Builder builder, MethodSpec.Builder constructor) {
        int width = widestRow();
        for (String row : new String[] {"a", "b"}) {
            builder.addField(FieldSpec.builder(type.vector(), row, Modifier.FINAL).build());
            constructor.addStatement("$L = new $T[$L]", row, type.scalar(), width);
        }
        if (anySkipsZeros()) {
            builder.addField(FieldSpec.builder(int[].class, "nonzero", Modifier.FINAL).build());
            constructor.addStatement("nonzero = new int[$L]", width);
        }
        batches.addWorkspaceFields(builder, width);
    }

    /**
     * Whether the single-sample pass of dense layer {@code l} reads only the weight rows of its
     * inputs that are not zero ({@link ZeroInputs}): when a ReLU comes right before it, so that
     * about half of its inputs are zero. Not for the network's own inputs: listing them costs a pass
     * over them (7 % of a 784 -> 128 layer) that dense inputs would not win back; that layer
     * {@link #skipsZeroPasses skips whole passes} instead. A batch's pass of such a layer skips the
     * inputs that are zero in all rows of a block, if it is wide enough ({@link BlockBatches}).
     */
    static boolean skipsZeroInputs(Architecture architecture, int l) {
        List<Layer> layers = architecture.layers();
        return l > 0 && layers.get(l) instanceof DenseLayer
                && layers.get(l - 1).activation().activation() == Activation.RELU;
    }

    /**
     * Whether dense layer {@code l} skips the inputs that are zero: the layer that reads the
     * network's own inputs, where images and one-hot codes have long runs of zeros. A sample skips
     * each pass whose inputs are all zero (a digit-like 28 x 28 image, 85 of 130 passes zero:
     * 784 -> 128 2.3x faster; dense inputs pay at most a percent or two for the test). A batch
     * ({@link BlockBatches}) reads only the weight rows of the inputs that are not zero in some row
     * of each block of four (or, for fewer than 64 outputs, of the batch: {@link ZeroInputs#indices}),
     * if that skips enough of them: pixels at the border of images are zero in every row. Testing
     * each pass of a row group instead cost 2-4 % on dense rows.
     */
    static boolean skipsZeroPasses(Architecture architecture, int l) {
        return l == 0 && architecture.layers().get(0) instanceof DenseLayer;
    }

    /** Whether dense layer {@code l} skips zero inputs either way, so must know that its weights are finite. */
    static boolean skipsZeros(Architecture architecture, int l) {
        return skipsZeroInputs(architecture, l) || skipsZeroPasses(architecture, l);
    }

    private boolean anySkipsZeros() {
        for (int l = 0; l < architecture.layers().size(); l++) {
            if (skipsZeros(architecture, l)) {
                return true;
            }
        }
        return false;
    }

    int widestRow() {
        int width = architecture.inputSize();
        for (Layer layer : architecture.layers()) {
            width = Math.max(width, layer.outputSize());
        }
        return width;
    }

    @Override
    public void addForwardMethods(TypeSpec.Builder builder) {
        batches.addFields(builder);
        builder.addMethod(forward());
        builder.addMethod(batches.forwardRows());
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            builder.addMethod(layer instanceof DenseLayer dense ? denseSample(l, dense) : activationMethod(l, layer));
            batches.addLayerMethods(builder, l, layer);
        }
    }

    /** The start of {@code forwardRows}, either batch path's: its parameters, and one row passed on as a sample. */
    MethodSpec.Builder forwardRowsStart() {
        return MethodSpec.methodBuilder("forwardRows")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(type.matrix(), "x").addParameter(int[].class, "xo")
                .addParameter(type.matrix(), "y").addParameter(int.class, "rows")
                .addParameter(workspace, "workspace")
                .beginControlFlow("if (rows == 1)")
                .addComment("A batch of one row is a sample: that kernel adds more inputs per pass and needs no tiles.")
                .addStatement("forward(x[0], xo[0], y[0], 0, workspace)")
                .addStatement("return")
                .endControlFlow();
    }

    /**
     * Workspace fields {@code a} and {@code b}, each {@code count} arrays of {@code length} values,
     * and the method {@code make} that makes them on the first batch, so that workspaces used only
     * for single samples stay small.
     */
    void addBatchArrays(TypeSpec.Builder builder, String make, String a, String b, int count, int length) {
        builder.addField(FieldSpec.builder(type.matrix(), a).build());
        builder.addField(FieldSpec.builder(type.matrix(), b).build());
        builder.addMethod(MethodSpec.methodBuilder(make)
                .addJavadoc("Makes the batch blocks on first use.\n")
                .beginControlFlow("if ($L == null)", a)
                .addStatement("$L = new $T[$L][$L]", a, type.scalar(), count, length)
                .addStatement("$L = new $T[$L][$L]", b, type.scalar(), count, length)
                .endControlFlow()
                .build());
    }

    // ---- one sample

    /** Each layer reads the row the previous one wrote and writes the workspace row that does not hold its input. */
    private MethodSpec forward() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("forward")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(type.vector(), "x").addParameter(int.class, "xo")
                .addParameter(type.vector(), "y").addParameter(int.class, "yo")
                .addParameter(workspace, "workspace");
        String current = null;
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            if (layer instanceof DenseLayer) {
                String target = "a".equals(current) ? "b" : "a";
                if (current == null) {
                    method.addStatement("$L(x, xo, workspace.$L)", layerMethod(l), target);
                } else {
                    method.addStatement(sampleCall(l, "workspace." + current, "0", "workspace." + target,
                            "workspace.nonzero"));
                }
                current = target;
            } else {
                if (current == null) {
                    // Activations ahead of every dense layer work on a copy, never on the caller's input.
                    method.addStatement("$T.arraycopy(x, xo, workspace.a, 0, $L)", System.class,
                            architecture.inputSize());
                    current = "a";
                }
                method.addStatement("$L(workspace.$L)", layerMethod(l), current);
            }
        }
        method.addStatement("$T.arraycopy(workspace.$L, 0, y, yo, $L)", System.class, current,
                architecture.outputSize());
        return method.build();
    }

    MethodSpec denseSample(int l, DenseLayer layer) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerMethod(l))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L, one sample.\n", LayerText.describe(layer))
                .addParameter(type.vector(), "x").addParameter(int.class, "xo")
                .addParameter(type.vector(), "y")
                .addStatement("$T w = $N", type.matrix(), WeightFields.weights(l));
        startFromBias(method, l, layer, "y");
        if (skipsZeroInputs(architecture, l)) {
            method.addParameter(int[].class, "nonzero");
            nonZeroPasses(method, l, layer);
            activate(method, layer.activation(), "y", out);
            return method.build();
        }
        int full = in - in % SAMPLE_INPUTS_PER_PASS;
        if (full > 0) {
            method.beginControlFlow("for (int i = 0; i < $L; i += $L)", full, SAMPLE_INPUTS_PER_PASS);
            CodeBlock skip = skipsZeroPasses(architecture, l) ? allZero(l, SAMPLE_INPUTS_PER_PASS) : null;
            pass(method, out, SAMPLE, k -> plus("i", k), SAMPLE_INPUTS_PER_PASS, skip);
            method.endControlFlow();
        }
        remainder(method, full, in, out, SAMPLE);
        activate(method, layer.activation(), "y", out);
        return method.build();
    }

    /**
     * Whether a sample's inputs {@code x0_0} to {@code x0_(inputs-1)} are all zero and layer
     * {@code l}'s weights finite, so that the pass adds nothing. Without short-circuits: one branch.
     */
    private CodeBlock allZero(int l, int inputs) {
        // The raw bits of all inputs or-ed together, without the sign bit: zero only if every input is
        // ±0. Half the instructions of comparing each input with 0, which C2 makes NaN-aware.
        CodeBlock.Builder bits = CodeBlock.builder().add("((");
        for (int k = 0; k < inputs; k++) {
            bits.add(k == 0 ? "$T.$L($L)" : " | $T.$L($L)", type.isDouble() ? Double.class : Float.class,
                    type.isDouble() ? "doubleToRawLongBits" : "floatToRawIntBits", input(0, k));
        }
        return bits.add(") << 1) == 0 & $N", WeightFields.finite(l)).build();
    }

    /** Layer {@code l}'s single-sample method on one row, given the index array if it skips zero inputs. */
    CodeBlock sampleCall(int l, String x, String offset, String y, String nonzero) {
        return skipsZeroInputs(architecture, l)
                ? CodeBlock.of("$L($L, $L, $L, $L)", layerMethod(l), x, offset, y, nonzero)
                : CodeBlock.of("$L($L, $L, $L)", layerMethod(l), x, offset, y);
    }

    /**
     * The passes over the inputs that are not zero, as {@link ZeroInputs} lists them: in increasing
     * order, so each output adds the same products in the same order as a pass over all inputs.
     */
    private void nonZeroPasses(MethodSpec.Builder method, int l, DenseLayer layer) {
        int out = layer.outputSize();
        method.addStatement("int count = $T.indices(x, xo, $L, nonzero, $N)", ZeroInputs.class, layer.inputSize(),
                        WeightFields.finite(l))
                .addStatement("int k = 0")
                .beginControlFlow("for (; k + $L <= count; k += $L)", SAMPLE_INPUTS_PER_PASS,
                        SAMPLE_INPUTS_PER_PASS);
        pass(method, out, SAMPLE, n -> "nonzero[" + plus("k", n) + "]", SAMPLE_INPUTS_PER_PASS);
        method.endControlFlow().beginControlFlow("for (; k < count; k++)");
        pass(method, out, SAMPLE, n -> "nonzero[k]", 1);
        method.endControlFlow();
    }

    // ---- shared pieces

    void startFromBias(MethodSpec.Builder method, int l, DenseLayer layer, String row) {
        if (layer.useBias()) {
            method.addStatement("$T.arraycopy($N, 0, $L, 0, $L)", System.class, WeightFields.biases(l), row,
                    layer.outputSize());
        } else {
            method.addStatement("$T.fill($L, 0, $L, $L)", Arrays.class, row, layer.outputSize(), type.literal(0));
        }
    }

    /** The names of one row in a kernel: its input array, the offset of its values there, its output row. */
    record Row(String x, String offset, String y) {}

    private static final Row[] SAMPLE = {new Row("x", "xo", "y")};

    /**
     * One pass over the outputs adding {@code inputs} inputs of each row, the k-th at index
     * {@code input.apply(k)}: the rows' inputs in locals, the weight rows in locals, then a loop C2
     * turns into vector FMAs.
     */
    void pass(MethodSpec.Builder method, int out, Row[] rows, IntFunction<String> input, int inputs) {
        pass(method, out, rows, input, inputs, null);
    }

    /** As {@link #pass(MethodSpec.Builder, int, Row[], IntFunction, int)}, skipped if {@code skipIf} holds. */
    private void pass(MethodSpec.Builder method, int out, Row[] rows, IntFunction<String> input, int inputs,
            CodeBlock skipIf) {
        for (int s = 0; s < rows.length; s++) {
            for (int k = 0; k < inputs; k++) {
                method.addStatement("$T $L = $L[$L + $L]", type.scalar(), input(s, k), rows[s].x(), rows[s].offset(),
                        input.apply(k));
            }
        }
        if (skipIf != null) {
            method.addComment("Inputs that are all zero add nothing (with finite weights): skip their rows.")
                    .beginControlFlow("if ($L)", skipIf)
                    .addStatement("continue")
                    .endControlFlow();
        }
        for (int k = 0; k < inputs; k++) {
            method.addStatement("$T w$L = w[$L]", type.vector(), k, input.apply(k));
        }
        method.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        // Several rows load each weight once into a local: C2 would reload it after each row's store.
        boolean sharedLoads = rows.length > 1;
        if (sharedLoads) {
            for (int k = 0; k < inputs; k++) {
                method.addStatement("$T v$L = w$L[j]", type.scalar(), k, k);
            }
        }
        for (int s = 0; s < rows.length; s++) {
            CodeBlock sum = CodeBlock.of("$L[j]", rows[s].y());
            for (int k = 0; k < inputs; k++) {
                sum = CodeBlock.of("$T.fma($L, $L, $L)", Math.class, input(s, k),
                        sharedLoads ? "v" + k : "w" + k + "[j]", sum);
            }
            method.addStatement("$L[j] = $L", rows[s].y(), sum);
        }
        method.endControlFlow();
    }

    /** Inputs {@code from .. in-1} that do not fill a pass, in one shorter pass. */
    void remainder(MethodSpec.Builder method, int from, int in, int out, Row[] rows) {
        if (from < in) {
            pass(method, out, rows, k -> Integer.toString(from + k), in - from);
        }
    }

    private MethodSpec activationMethod(int l, Layer layer) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerMethod(l))
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("$L, in place.\n", LayerText.describe(layer))
                .addParameter(type.vector(), "row");
        activate(method, layer.activation(), "row", layer.outputSize());
        return method.build();
    }

    void activate(MethodSpec.Builder method, ActivationCall call, String row, int width) {
        if (call.activation().isRowWise()) {
            method.addStatement("$L", ActivationCode.rowWise(call, row, width));
        } else if (call.activation() != Activation.LINEAR) {
            method.beginControlFlow("for (int j = 0; j < $L; j++)", width)
                    .addStatement("$L[j] = $L", row, ActivationCode.elementwise(call, CodeBlock.of("$L[j]", row), type))
                    .endControlFlow();
        }
    }

    private static String input(int row, int k) {
        return "x" + row + "_" + k;
    }

    /** {@code i}, {@code i + 1}, ... */
    static String plus(String variable, int k) {
        return k == 0 ? variable : variable + " + " + k;
    }

    static String layerMethod(int l) {
        return "layer" + l;
    }
}

package dev.netc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.JitVectorizer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.ZeroInputs;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * The forward pass of a network too large to write out value by value, as loops the JIT
 * vectorizes. Each dense layer has a method for a sample with its widths as constants; batches go
 * through the network in {@link BlockBatches blocks of rows}. The batch methods here, over rows held
 * as separate arrays, serve the Vector API kernel's layers that are too narrow for its blocks:
 * <ul>
 *   <li>weights are held one array per input, so the inner loop reads {@code w[i][j]}, writes
 *       {@code y[j]} and nothing else, which is what C2 needs to vectorize it;
 *   <li>outputs start from the bias, and every pass over them adds {@value #SAMPLE_INPUTS_PER_PASS}
 *       inputs of a sample, or several inputs of several rows of a batch with each weight loaded
 *       once (two rows of {@value #INPUTS_PER_PASS} on JDK 25, three of {@value #JDK17_INPUTS_PER_PASS}
 *       on JDK 17, as {@code JitVectorizer} says), with fused multiply-adds, which divides the loads
 *       and stores of the outputs;
 *   <li>a batch goes through the network layer by layer, a group of rows per pass, and the inputs are
 *       taken in tiles whose weight rows fit in the L1 cache, so every weight loaded from memory
 *       serves every row of the batch instead of one;
 *   <li>the activation runs over each row right after it is complete;
 *   <li>a sample's layer that follows a ReLU reads only the weight rows of its inputs that are not
 *       zero (about half of them), as {@link ZeroInputs} lists them, and the first layer skips the
 *       passes whose inputs are all zero.
 * </ul>
 * Intermediate rows live in the {@code Workspace}: two rows for a sample, two blocks of
 * {@link ForwardPassGenerator#CHUNK} rows for a batch, used in turn.
 */
class LoopedKernel implements ForwardKernel {
    /*
     * C2 vectorizes a loop only if it may unroll it, and JDK 17 unrolls only loops whose body is
     * small (LoopUnrollLimit, 60 nodes). Measured on JDK 17: one output row takes up to 6 inputs per
     * pass and two rows up to 4; one more input and the loop stays scalar, three times slower.
     * Six inputs instead of four made a sample's 784 -> 128 and 512 -> 512 layers 3-4% faster.
     */
    /** Inputs of a sample added per pass over a layer's outputs. */
    private static final int SAMPLE_INPUTS_PER_PASS = 6;
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
    /** Bytes of weight rows a tile may take: half of a typical 48 KB L1 data cache. */
    private static final int TILE_BYTES = 24 * 1024;

    final Architecture architecture;
    final ScalarType type;
    final ClassName workspace;
    private final WeightFields fields;

    LoopedKernel(Architecture architecture, ScalarType type, ClassName workspace) {
        this(architecture, type, workspace, new WeightFields(architecture, type, true));
    }

    LoopedKernel(Architecture architecture, ScalarType type, ClassName workspace, WeightFields fields) {
        this.architecture = architecture;
        this.type = type;
        this.workspace = workspace;
        this.fields = fields;
    }

    @Override
    public WeightFields weightFields() {
        return fields;
    }

    @Override
    public boolean usesWorkspace() {
        return true;
    }

    /**
     * Rows {@code a} and {@code b} for one sample; blocks {@code rowsA} and {@code rowsB} for a
     * batch, made on the first batch so that workspaces used only for single samples stay small.
     */
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
        if (batchesInBlocks()) {
            new BlockBatches(this).addWorkspaceFields(builder, width);
            return;
        }
        builder.addField(FieldSpec.builder(type.matrix(), "rowsA").build());
        builder.addField(FieldSpec.builder(type.matrix(), "rowsB").build());
        builder.addMethod(MethodSpec.methodBuilder("batchRows")
                .addJavadoc("Makes the batch blocks on first use.\n")
                .beginControlFlow("if (rowsA == null)")
                .addStatement("rowsA = new $T[$L][$L]", type.scalar(), ForwardPassGenerator.CHUNK, width)
                .addStatement("rowsB = new $T[$L][$L]", type.scalar(), ForwardPassGenerator.CHUNK, width)
                .endControlFlow()
                .build());
    }

    /**
     * Whether the single-sample pass of dense layer {@code l} reads only the weight rows of its
     * inputs that are not zero ({@link ZeroInputs}): when a ReLU comes right before it, so that
     * about half of its inputs are zero. Not for the network's own inputs: listing them costs a pass
     * over them (7 % of a 784 -> 128 layer) that dense inputs would not win back; that layer
     * {@link #skipsZeroPasses skips whole passes} instead.
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
     * ({@link ZeroInputs#columns}), if that skips enough of them: pixels at the border of images are
     * zero in every row. Testing each pass of a row group instead cost 2-4 % on dense rows.
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

    private int widestRow() {
        int width = architecture.inputSize();
        for (Layer layer : architecture.layers()) {
            width = Math.max(width, layer.outputSize());
        }
        return width;
    }

    /**
     * Whether batches go through the network in {@link BlockBatches blocks of rows}: yes here; the
     * Vector API kernel's batch methods take rows as separate arrays.
     */
    boolean batchesInBlocks() {
        return true;
    }

    @Override
    public void addForwardMethods(TypeSpec.Builder builder) {
        BlockBatches blocks = batchesInBlocks() ? new BlockBatches(this) : null;
        builder.addMethod(forward());
        builder.addMethod(blocks != null ? blocks.forwardRows() : forwardRows());
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            if (layer instanceof DenseLayer dense) {
                builder.addMethod(denseSample(l, dense));
                if (blocks == null) {
                    addDenseRows(builder, l, dense);
                }
            } else {
                builder.addMethod(activationMethod(l, layer));
            }
            if (blocks != null) {
                blocks.addLayerMethods(builder, l, layer);
            }
        }
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

    // ---- a batch of rows

    /** The batch, layer by layer: every row through one layer before the next layer starts; one row as a sample. */
    private MethodSpec forwardRows() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("forwardRows")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(type.matrix(), "x").addParameter(int[].class, "xo")
                .addParameter(type.matrix(), "y").addParameter(int.class, "rows")
                .addParameter(workspace, "workspace")
                .beginControlFlow("if (rows == 1)")
                .addComment("A batch of one row is a sample: that kernel adds more inputs per pass and needs no tiles.")
                .addStatement("forward(x[0], xo[0], y[0], 0, workspace)")
                .addStatement("return")
                .endControlFlow()
                .addStatement("workspace.batchRows()")
                .addStatement("int[] zero = workspace.zeroOffsets");
        int denseCount = architecture.denseLayers().size();
        String current = null;
        int k = 0;
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            if (layer instanceof DenseLayer) {
                if (current == null && readsRowsFromStart()) {
                    // The first dense layer writes y or rowsA, never rowsB: rows at offsets can wait there.
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
                method.addStatement("$L($L, $L, $L, rows$L)", layerMethod(l), current == null ? "x" : current,
                        current == null ? "xo" : "zero", target, rowsPassNonZero(l) ? ", workspace.nonzero" : "");
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
                        .addStatement("$L($L[r])", layerMethod(l), current)
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
     * Whether the batch methods of dense layers read each row from index 0, ignoring the offsets
     * they are given: {@code forwardRows} then first copies rows that start elsewhere (those of
     * {@code predictBatch}'s flat array) to rows of their own.
     */
    boolean readsRowsFromStart() {
        return false;
    }

    /**
     * Whether the row batch method of dense layer {@code l} takes the workspace's {@code nonzero}
     * array, to hand rows to a single-sample method that {@link #skipsZeroInputs skips zero inputs}.
     * Not here: every row goes through the batch passes.
     */
    boolean rowsPassNonZero(int l) {
        return false;
    }

    /** Layer {@code l}'s batch method over rows held as separate arrays. */
    void addDenseRows(TypeSpec.Builder builder, int l, DenseLayer layer) {
        builder.addMethod(denseRows(l, layer));
    }

    /**
     * All rows through one dense layer: inputs in tiles of {@link #tile} whose weight rows stay in
     * L1 while every row of the batch uses them, a group of rows per pass.
     */
    private MethodSpec denseRows(int l, DenseLayer layer) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        int tile = tile(layer);
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerMethod(l))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L, every row of a batch; inputs in tiles of $L.\n", LayerText.describe(layer), tile)
                .addParameter(type.matrix(), "x").addParameter(int[].class, "xo")
                .addParameter(type.matrix(), "y").addParameter(int.class, "rows");
        method.addStatement("$T w = $N", type.matrix(), WeightFields.weights(l));
        method.beginControlFlow("for (int r = 0; r < rows; r++)");
        startFromBias(method, l, layer, "y[r]");
        method.endControlFlow();
        int full = in - in % INPUTS_PER_PASS;
        if (full > 0) {
            tiles(method, out, tile, full);
        }
        if (full < in || layer.activation().activation() != Activation.LINEAR) {
            method.beginControlFlow("for (int r = 0; r < rows; r++)");
            declareRows(method, FIRST);
            remainder(method, full, in, out, FIRST);
            activate(method, layer.activation(), "y0", out);
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
        pass(method, out, FIRST, k -> plus("i", k), INPUTS_PER_PASS);
        method.endControlFlow().endControlFlow().endControlFlow();
    }

    /** Groups of {@code group.length} rows at a time, {@code inputs} inputs per pass. */
    private void rowGroups(MethodSpec.Builder method, int out, Row[] group, int inputs) {
        method.beginControlFlow("for (; r + $L < rows; r += $L)", group.length - 1, group.length);
        declareRows(method, group);
        method.beginControlFlow("for (int i = start; i < end; i += $L)", inputs);
        pass(method, out, group, k -> plus("i", k), inputs);
        method.endControlFlow().endControlFlow();
    }

    private void declareRows(MethodSpec.Builder method, Row[] rows) {
        for (int s = 0; s < rows.length; s++) {
            String r = plus("r", s);
            method.addStatement("$T $L = x[$L]", type.vector(), rows[s].x(), r)
                    .addStatement("int $L = xo[$L]", rows[s].offset(), r)
                    .addStatement("$T $L = y[$L]", type.vector(), rows[s].y(), r);
        }
    }

    /** Inputs per tile: as many as fit {@link #TILE_BYTES} of weight rows, a multiple of the pass. */
    private int tile(DenseLayer layer) {
        int bytesPerInput = layer.outputSize() * (type.isDouble() ? 8 : 4);
        int tile = Math.max(INPUTS_PER_PASS, TILE_BYTES / bytesPerInput / INPUTS_PER_PASS * INPUTS_PER_PASS);
        int full = layer.inputSize() - layer.inputSize() % INPUTS_PER_PASS;
        return Math.max(INPUTS_PER_PASS, Math.min(tile, full));
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
    private record Row(String x, String offset, String y) {}

    private static final Row[] SAMPLE = {new Row("x", "xo", "y")};
    private static final Row[] PAIR = {new Row("x0", "o0", "y0"), new Row("x1", "o1", "y1")};
    private static final Row[] TRIPLE = {PAIR[0], PAIR[1], new Row("x2", "o2", "y2")};
    private static final Row[] FIRST = {PAIR[0]};

    /**
     * One pass over the outputs adding {@code inputs} inputs of each row, the k-th at index
     * {@code input.apply(k)}: the rows' inputs in locals, the weight rows in locals, then a loop C2
     * turns into vector FMAs.
     */
    private void pass(MethodSpec.Builder method, int out, Row[] rows, IntFunction<String> input, int inputs) {
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
    private void remainder(MethodSpec.Builder method, int from, int in, int out, Row[] rows) {
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
    private static String plus(String variable, int k) {
        return k == 0 ? variable : variable + " + " + k;
    }

    static String layerMethod(int l) {
        return "layer" + l;
    }
}

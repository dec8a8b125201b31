package dev.netc.codegen.kernel;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.internal.BlockInputs;
import dev.netc.runtime.internal.RowBlocks;
import dev.netc.runtime.internal.ZeroInputs;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * The batch forward pass of the {@link LoopedKernel}: the rows of a batch go through the network
 * in blocks of {@value #ROWS} rows held back to back in one array ({@link RowBlocks}), layer by
 * layer, and every pass over a block's outputs adds {@value #INPUTS_PER_PASS} inputs of each of its
 * rows, each weight loaded once for all of them. Rows held as separate arrays let C2 vectorize at
 * most three rows of two inputs (on JDK 17); rows at constant offsets in one array let it take four
 * rows of three. Against rows as separate arrays (JMH, one fork): on JDK 17 784-128-10 x 64 372 ->
 * 292 us and 784-512-512-10 x 256 6.60 -> 5.37 ms, on JDK 25 369 -> 305 us and 6.07 -> 5.08 ms, with
 * the same outputs bit for bit, since each output adds the same products in the same order.
 *
 * <p>Inputs come in tiles whose weight rows fit in the L1 cache, so that every weight loaded from
 * memory serves every block. The passes of a layer are a method of their own: with the bias, the
 * inputs that do not fill a pass and the activation in the same method, C2 left them scalar.
 *
 * <p>Zero inputs are skipped where they are common: the first layer (the borders of images) and a
 * layer after a ReLU read only the weight rows of the inputs that are not zero in some row of each
 * block ({@link BlockInputs}), or, with fewer than {@value #LISTED_MIN_OUTPUTS} outputs, the first
 * layer those of the inputs not zero in some row of the batch ({@link ZeroInputs#indices}); in both
 * cases only if that skips more than one input in {@value #LISTED_SHARE_SKIPPED}.
 */
public final class BlockBatches implements BatchPass {
    /** Rows per block. */
    static final int ROWS = 4;
    /** Blocks of a workspace: enough for the most rows a batch pass takes. */
    private static final int BLOCKS = ForwardKernel.CHUNK / ROWS;
    /** Inputs of each row added per pass; four rows of four stay scalar on JDK 17. */
    static final int INPUTS_PER_PASS = 3;
    /** Bytes of weight rows a tile may take: half of a typical 48 KB L1 data cache. */
    static final int TILE_BYTES = 24 * 1024;
    /*
     * Reading each input through the list made 784-128-10 x 64 5-10 % slower when it skipped one
     * input in 784, and as fast when it skipped eight (measured with rows as separate arrays).
     */
    /** Passes take only the listed inputs if that skips more than one input in this many. */
    static final int LISTED_SHARE_SKIPPED = 8;

    /** The fewest outputs of a layer whose passes take each block's listed inputs. */
    static final int LISTED_MIN_OUTPUTS = 64;

    private final Architecture architecture;
    private final ScalarType type;
    private final LoopedKernel kernel;

    /** Which inputs the passes of a layer take. */
    private enum Inputs {
        /** All inputs, up to the last whole pass. */
        ALL("Passes", "all inputs"),
        /** The inputs listed in {@code nonzero}, the same for every block. */
        LISTED("NonZeroPasses", "the listed inputs"),
        /** The inputs listed for each block in a {@link BlockInputs}. */
        LISTED_PER_BLOCK("BlockNonZeroPasses", "the inputs listed for each block");

        final String suffix;
        final String description;

        Inputs(String suffix, String description) {
            this.suffix = suffix;
            this.description = description;
        }
    }

    private BlockBatches(LoopedKernel kernel) {
        this.kernel = kernel;
        this.architecture = kernel.architecture;
        this.type = kernel.type;
    }

    /** The {@link LoopedKernel} with these batches: the forward pass of larger networks in plain Java. */
    public static ForwardKernel loopedKernel(Architecture architecture, ScalarType type, ClassName workspace) {
        return new LoopedKernel(architecture, type, workspace, BlockBatches::new);
    }

    /**
     * Blocks {@code blocksA} and {@code blocksB}, {@code magnitudes} if a layer lists its nonzero
     * inputs, and {@code blockInputs} if it lists them for each block, made on the first batch so
     * that workspaces used only for single samples stay small.
     */
    @Override
    public void addWorkspaceFields(TypeSpec.Builder builder, int inputsToo, int outputs) {
        // The inputs are gathered into blocksA; blocksB only ever holds layers' outputs.
        kernel.addBatchArrays(builder, "batchBlocks", "Makes the batch blocks on first use.",
                "blocksA", new int[] {BLOCKS, ROWS * inputsToo}, "blocksB", new int[] {BLOCKS, ROWS * outputs});
        int listedWidth = listsPerBatch(0) ? architecture.inputSize() : 0;
        int blockListedWidth = 0;
        int tiles = 0;
        for (int l = 0; l < architecture.layers().size(); l++) {
            if (listsPerBlock(l)) {
                DenseLayer layer = (DenseLayer) architecture.layers().get(l);
                blockListedWidth = Math.max(blockListedWidth, layer.inputSize());
                tiles = Math.max(tiles, tiles(layer));
            }
        }
        listedWidth = Math.max(listedWidth, blockListedWidth);
        if (listedWidth == 0) {
            return;
        }
        builder.addField(FieldSpec.builder(type.vector(), "magnitudes").build());
        MethodSpec.Builder make = MethodSpec.methodBuilder("batchInputLists")
                .addJavadoc("Makes the magnitudes that inputs are listed from, and the lists of each block's inputs, "
                        + "on first use.\n")
                .beginControlFlow("if (magnitudes == null)")
                .addStatement("magnitudes = new $T[$L]", type.scalar(), listedWidth);
        if (blockListedWidth > 0) {
            builder.addField(FieldSpec.builder(BlockInputs.class, "blockInputs").build());
            make.addStatement("blockInputs = new $T($L, $L, $L)", BlockInputs.class, BLOCKS, blockListedWidth, tiles);
        }
        builder.addMethod(make.endControlFlow().build());
    }

    /**
     * Whether the batch pass of dense layer {@code l} lists each block's inputs that are not zero:
     * after a ReLU or on the network's own inputs, for layers of at least
     * {@value #LISTED_MIN_OUTPUTS} outputs, where a weight row skipped saves far more than listing
     * its input costs.
     */
    private boolean listsPerBlock(int l) {
        return LoopedKernel.skipsZeros(architecture, l)
                && architecture.layers().get(l).outputSize() >= LISTED_MIN_OUTPUTS;
    }

    /** Whether the batch pass of dense layer {@code l} lists the inputs not zero in some row of the batch. */
    private boolean listsPerBatch(int l) {
        return LoopedKernel.skipsZeroPasses(architecture, l) && !listsPerBlock(l);
    }

    private boolean listsAny() {
        for (int l = 0; l < architecture.layers().size(); l++) {
            if (listsPerBlock(l) || listsPerBatch(l)) {
                return true;
            }
        }
        return false;
    }

    /** The batch, layer by layer over the blocks; one row as a sample. */
    @Override
    public MethodSpec forwardRows() {
        MethodSpec.Builder method = kernel.forwardRowsStart()
                .addStatement("workspace.batchBlocks()");
        if (listsAny()) {
            method.addStatement("workspace.batchInputLists()");
        }
        method.addStatement("int blocks = (rows + $L) / $L", ROWS - 1, ROWS);
        method.addStatement("$T.gather(x, xo, rows, $L, workspace.blocksA, $L)", RowBlocks.class,
                architecture.inputSize(), ROWS);
        String current = "workspace.blocksA";
        int width = architecture.inputSize();
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            if (layer instanceof DenseLayer) {
                String target = "workspace.blocksA".equals(current) ? "workspace.blocksB" : "workspace.blocksA";
                method.addStatement("$L($L, $L, blocks$L)", LoopedKernel.layerMethod(l), current, target,
                        listsPerBatch(l) ? ", workspace.nonzero, workspace.magnitudes"
                                : listsPerBlock(l) ? ", workspace.blockInputs, workspace.magnitudes" : "");
                current = target;
            } else {
                method.beginControlFlow("for (int b = 0; b < blocks; b++)")
                        .addStatement("$L($L[b])", blockActivationMethod(l), current)
                        .endControlFlow();
            }
            width = layer.outputSize();
        }
        return method.addStatement("$T.scatter($L, $L, rows, $L, y, yo)", RowBlocks.class, current, ROWS, width).build();
    }

    /** The batch methods of layer {@code l}: the layer over all blocks, and its passes. */
    @Override
    public void addLayerMethods(TypeSpec.Builder builder, int l, Layer layer) {
        if (!(layer instanceof DenseLayer dense)) {
            builder.addMethod(blockActivation(l, layer));
            return;
        }
        boolean listed = listsPerBatch(l);
        builder.addMethod(denseBlocks(l, dense, listed));
        if (full(dense) > 0) {
            builder.addMethod(passes(l, dense, Inputs.ALL));
        }
        if (listed || listsPerBlock(l)) {
            builder.addMethod(magnitudes(l, dense));
            builder.addMethod(passes(l, dense, listed ? Inputs.LISTED : Inputs.LISTED_PER_BLOCK));
        }
    }

    /** Whole passes of a layer: its inputs up to the last multiple of {@link #INPUTS_PER_PASS}. */
    private static int full(DenseLayer layer) {
        return layer.inputSize() - layer.inputSize() % INPUTS_PER_PASS;
    }

    /**
     * Layer {@code l} over every block: the bias, the passes (over the listed inputs only if enough
     * are zero in every row of the batch or of a block), the inputs that do not fill a pass, and
     * the activation.
     */
    private MethodSpec denseBlocks(int l, DenseLayer layer, boolean listed) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        MethodSpec.Builder method = MethodSpec.methodBuilder(LoopedKernel.layerMethod(l))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L, every block of a batch.\n", LayerText.describe(layer))
                .addParameter(type.matrix(), "xs").addParameter(type.matrix(), "ys").addParameter(int.class, "blocks");
        boolean perBlock = listsPerBlock(l);
        if (listed) {
            method.addParameter(int[].class, "nonzero").addParameter(type.vector(), "magnitudes");
        }
        if (perBlock) {
            method.addParameter(BlockInputs.class, "lists").addParameter(type.vector(), "magnitudes");
        }
        method.beginControlFlow("for (int b = 0; b < blocks; b++)");
        if (layer.useBias()) {
            method.beginControlFlow("for (int s = 0; s < $L; s++)", ROWS)
                    .addStatement("$T.arraycopy($N, 0, ys[b], s * $L, $L)", System.class, WeightFields.biases(l), out,
                            out)
                    .endControlFlow();
        } else {
            method.addStatement("$T.fill(ys[b], 0, $L, $L)", Arrays.class, ROWS * out, type.literal(0));
        }
        method.endControlFlow();
        int most = in - in / LISTED_SHARE_SKIPPED;
        if (listed) {
            CodeBlock list = CodeBlock.of("$T.indices(magnitudes, 0, $L, nonzero, $N)", ZeroInputs.class, in,
                    WeightFields.finite(l));
            method.addComment("Read only the weight rows of the inputs not zero in some row, if that skips more than "
                            + "one in $L;", LISTED_SHARE_SKIPPED)
                    .addComment("when the first block alone leaves too few zeros, the batch will too: dense rows "
                            + "cost one block.")
                    .addStatement("$T.fill(magnitudes, $L)", Arrays.class, type.literal(0))
                    .addStatement("$L(xs[0], magnitudes)", magnitudesMethod(l))
                    .addStatement("int count = $L", list)
                    .beginControlFlow("if (count < $L)", most)
                    .beginControlFlow("for (int b = 1; b < blocks; b++)")
                    .addStatement("$L(xs[b], magnitudes)", magnitudesMethod(l))
                    .endControlFlow()
                    .addStatement("count = $L", list)
                    .endControlFlow()
                    .beginControlFlow("if (count < $L)", most)
                    .addStatement("int full = count - count % $L", INPUTS_PER_PASS)
                    .addStatement("$L(xs, ys, blocks, nonzero, full)", passesMethod(l, Inputs.LISTED));
            leftOver(method, l, layer, "full", "count", Inputs.LISTED);
            method.nextControlFlow("else");
        }
        if (perBlock) {
            method.addComment("Read only the weight rows of each block's inputs that are not zero in all its rows, if "
                            + "that skips more")
                    .addComment("than one input in $L; stop listing at the first block after which it does not: "
                            + "dense rows cost one list.", LISTED_SHARE_SKIPPED)
                    .addStatement("int listed = 0")
                    .addStatement("boolean sparse = true")
                    .beginControlFlow("for (int b = 0; b < blocks && sparse; b++)")
                    .addStatement("$L(xs[b], magnitudes)", magnitudesMethod(l))
                    .addStatement("listed += lists.list(b, magnitudes, $L, $L, $L, $N)", in, tile(layer),
                            INPUTS_PER_PASS, WeightFields.finite(l))
                    .addStatement("sparse = listed < (b + 1) * $L", most)
                    .endControlFlow()
                    .beginControlFlow("if (sparse)")
                    .addStatement("$L(xs, ys, blocks, lists)", passesMethod(l, Inputs.LISTED_PER_BLOCK));
            leftOver(method, l, layer, "lists.start(b, " + tiles(layer) + ")", "lists.count(b)",
                    Inputs.LISTED_PER_BLOCK);
            method.nextControlFlow("else");
        }
        if (full(layer) > 0) {
            method.addStatement("$L(xs, ys, blocks)", passesMethod(l, Inputs.ALL));
        }
        if (full(layer) < in) {
            leftOver(method, l, layer, Integer.toString(full(layer)), Integer.toString(in), Inputs.ALL);
        }
        if (listed || perBlock) {
            method.endControlFlow();
        }
        ActivationCall activation = layer.activation();
        if (activation.activation() != Activation.LINEAR) {
            method.beginControlFlow("for (int b = 0; b < blocks; b++)")
                    .addStatement("$T yb = ys[b]", type.vector());
            activateBlock(method, activation, "yb", out);
            method.endControlFlow();
        }
        return method.build();
    }

    /**
     * The inputs at positions {@code from .. to-1} that do not fill a pass, one at a time for each
     * row: inputs {@code from .. to-1} themselves, or those listed there in {@code nonzero} or in
     * each block's list.
     */
    private void leftOver(MethodSpec.Builder method, int l, DenseLayer layer, String from, String to,
            Inputs inputs) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        method.beginControlFlow("for (int b = 0; b < blocks; b++)")
                .addStatement("$T xb = xs[b]", type.vector())
                .addStatement("$T yb = ys[b]", type.vector());
        if (inputs == Inputs.LISTED_PER_BLOCK) {
            method.addStatement("int[] nonzero = lists.inputs(b)");
        }
        if (inputs != Inputs.ALL) {
            method.beginControlFlow("for (int k = $L; k < $L; k++)", from, to)
                    .addStatement("int i = nonzero[k]");
        } else {
            method.beginControlFlow("for (int i = $L; i < $L; i++)", from, to);
        }
        method.addStatement("$T wi = $N[i]", type.vector(), WeightFields.weights(l))
                .beginControlFlow("for (int s = 0; s < $L; s++)", ROWS)
                .addStatement("$T xi = xb[s * $L + i]", type.scalar(), in)
                .beginControlFlow("for (int j = 0; j < $L; j++)", out)
                .addStatement("yb[s * $L + j] = $T.fma(xi, wi[j], yb[s * $L + j])", out, Math.class, out)
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    /**
     * The passes of layer {@code l} over every block, in tiles of inputs whose weight rows stay in
     * L1 while every block uses them: all whole passes, those over the first {@code full} listed
     * inputs, or those over each block's list.
     */
    private MethodSpec passes(int l, DenseLayer layer, Inputs inputs) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        int tile = tile(layer);
        MethodSpec.Builder method = MethodSpec.methodBuilder(passesMethod(l, inputs))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L: the passes over $L, $L inputs of each of $L rows at a time, in tiles of $L.\n",
                        LayerText.describe(layer), inputs.description, INPUTS_PER_PASS, ROWS, tile)
                .addParameter(type.matrix(), "xs").addParameter(type.matrix(), "ys").addParameter(int.class, "blocks");
        UnaryOperator<String> input = inputs == Inputs.ALL ? position -> position
                : position -> "nonzero[" + position + "]";
        method.addStatement("$T w = $N", type.matrix(), WeightFields.weights(l));
        if (inputs == Inputs.LISTED_PER_BLOCK) {
            method.addParameter(BlockInputs.class, "lists")
                    .beginControlFlow("for (int t = 0; t < $L; t++)", tiles(layer))
                    .beginControlFlow("for (int b = 0; b < blocks; b++)")
                    .addStatement("$T xb = xs[b]", type.vector())
                    .addStatement("$T yb = ys[b]", type.vector())
                    .addStatement("int[] nonzero = lists.inputs(b)")
                    .addStatement("int first = lists.start(b, t)")
                    .addStatement("int passes = (lists.start(b, t + 1) - first) / $L", INPUTS_PER_PASS)
                    .beginControlFlow("for (int p = 0; p < passes; p++)")
                    .addStatement("int i = first + $L * p", INPUTS_PER_PASS);
        } else {
            String full = Integer.toString(full(layer));
            if (inputs == Inputs.LISTED) {
                method.addParameter(int[].class, "nonzero").addParameter(int.class, "full");
                full = "full";
            }
            method.beginControlFlow("for (int start = 0; start < $L; start += $L)", full, tile)
                    // Counted from 0: with "for (i = start; i < end; i += 3)" JDK 17 compiled the passes
                    // scalar once the method was hot (five times slower), though not when entered on a loop.
                    .addStatement("int passes = ($T.min(start + $L, $L) - start) / $L", Math.class, tile, full,
                            INPUTS_PER_PASS)
                    .beginControlFlow("for (int b = 0; b < blocks; b++)")
                    .addStatement("$T xb = xs[b]", type.vector())
                    .addStatement("$T yb = ys[b]", type.vector())
                    .beginControlFlow("for (int p = 0; p < passes; p++)")
                    .addStatement("int i = start + $L * p", INPUTS_PER_PASS);
        }
        for (int s = 0; s < ROWS; s++) {
            for (int k = 0; k < INPUTS_PER_PASS; k++) {
                method.addStatement("$T x$L_$L = xb[$L]", type.scalar(), s, k,
                        plus(s * in, input.apply(LoopedKernel.plus("i", k))));
            }
        }
        for (int k = 0; k < INPUTS_PER_PASS; k++) {
            method.addStatement("$T w$L = w[$L]", type.vector(), k, input.apply(LoopedKernel.plus("i", k)));
        }
        method.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        // Each weight into a local once: C2 cannot tell the block from a weight row, and would load
        // the weight again after every row's store.
        for (int k = 0; k < INPUTS_PER_PASS; k++) {
            method.addStatement("$T v$L = w$L[j]", type.scalar(), k, k);
        }
        for (int s = 0; s < ROWS; s++) {
            String output = LoopedKernel.plus("j", s * out);
            CodeBlock sum = CodeBlock.of("yb[$L]", output);
            for (int k = 0; k < INPUTS_PER_PASS; k++) {
                sum = CodeBlock.of("$T.fma(x$L_$L, v$L, $L)", Math.class, s, k, k, sum);
            }
            method.addStatement("yb[$L] = $L", output, sum);
        }
        return method.endControlFlow().endControlFlow().endControlFlow().endControlFlow().build();
    }

    /**
     * Each input's sum of magnitudes over the rows of a block, which {@link BlockInputs} lists from,
     * or added to the sums of the blocks before it where the layer lists the inputs of the whole
     * batch: a method of its own, with the rows' offsets as constants, so that C2 vectorizes it
     * (the runtime's loop over rows at any offsets took 53-79 us for 64 digit-like images, this one
     * 7-9 us).
     */
    private MethodSpec magnitudes(int l, DenseLayer layer) {
        int in = layer.inputSize();
        boolean batch = listsPerBatch(l);
        CodeBlock sum = CodeBlock.of("$T.abs(xb[i])", Math.class);
        for (int s = 1; s < ROWS; s++) {
            sum = CodeBlock.of("$L + $T.abs(xb[$L + i])", sum, Math.class, s * in);
        }
        return MethodSpec.methodBuilder(magnitudesMethod(l))
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("$L: each input's sum of absolute values over the rows of block {@code xb}$L, zero "
                        + "exactly where every row's input is.\n", LayerText.describe(layer),
                        batch ? ", added to {@code magnitudes}" : "")
                .addParameter(type.vector(), "xb").addParameter(type.vector(), "magnitudes")
                .beginControlFlow("for (int i = 0; i < $L; i++)", in)
                .addStatement(batch ? "magnitudes[i] += $L" : "magnitudes[i] = $L", sum)
                .endControlFlow()
                .build();
    }

    private static String magnitudesMethod(int l) {
        return LoopedKernel.layerMethod(l) + "Magnitudes";
    }

    /** Tiles over all inputs of a layer, the last one possibly partial. */
    private int tiles(DenseLayer layer) {
        return (layer.inputSize() + tile(layer) - 1) / tile(layer);
    }

    /** Inputs per tile: as many as fit {@link #TILE_BYTES} of weight rows, a multiple of the pass. */
    private int tile(DenseLayer layer) {
        int bytesPerInput = layer.outputSize() * (type.isDouble() ? 8 : 4);
        int tile = Math.max(INPUTS_PER_PASS, TILE_BYTES / bytesPerInput / INPUTS_PER_PASS * INPUTS_PER_PASS);
        return Math.min(tile, Math.max(INPUTS_PER_PASS, full(layer)));
    }

    private static String passesMethod(int l, Inputs inputs) {
        return LoopedKernel.layerMethod(l) + inputs.suffix;
    }

    private static String blockActivationMethod(int l) {
        return LoopedKernel.layerMethod(l) + "Block";
    }

    /** An activation layer on the rows of one block, in place. */
    private MethodSpec blockActivation(int l, Layer layer) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(blockActivationMethod(l))
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("$L, the rows of a block in place.\n", LayerText.describe(layer))
                .addParameter(type.vector(), "block");
        activateBlock(method, layer.activation(), "block", layer.outputSize());
        return method.build();
    }

    /** The activation of every row of {@code block}, each {@code width} values. */
    private void activateBlock(MethodSpec.Builder method, ActivationCall call, String block, int width) {
        if (call.activation().isRowWise()) {
            method.beginControlFlow("for (int s = 0; s < $L; s++)", ROWS)
                    .addStatement("$L", ActivationCode.rowWise(call, block, "s * " + width, width))
                    .endControlFlow();
        } else {
            kernel.activate(method, call, block, ROWS * width);
        }
    }

    /** {@code offset + index}, or {@code index} alone for offset 0. */
    private static String plus(int offset, String index) {
        return offset == 0 ? index : offset + " + " + index;
    }
}

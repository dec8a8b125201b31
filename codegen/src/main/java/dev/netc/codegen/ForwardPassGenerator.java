package dev.netc.codegen;

import static dev.netc.codegen.kernel.ForwardKernel.CHUNK;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.codegen.kernel.BlockBatches;
import dev.netc.codegen.kernel.ForwardKernel;
import dev.netc.codegen.kernel.ScalarType;
import dev.netc.codegen.kernel.UnrolledKernel;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Summary;
import dev.netc.runtime.Weights;
import dev.netc.runtime.internal.InputWidth;
import dev.netc.runtime.internal.ParallelBlocks;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import javax.lang.model.element.Modifier;

/**
 * The public {@code predict} methods of a generated class and the {@code Workspace} behind the
 * allocation-free ones, on top of a {@link ForwardKernel}: {@link UnrolledKernel} for small
 * networks, loops with {@link BlockBatches} for the rest, whose batches go through the runtime's
 * Vector API products instead when the program runs with {@code --add-modules jdk.incubator.vector}.
 * The same bytes either way. The kernels see the network as {@code predict} computes it, without its
 * dropout layers ({@link #withoutDropout}).
 */
final class ForwardPassGenerator {
    private final Architecture architecture;
    private final ScalarType type;
    private final ClassName workspace;
    private final ForwardKernel kernel;

    ForwardPassGenerator(Architecture architecture, ScalarType type, ClassName self) {
        this.architecture = architecture;
        this.type = type;
        this.workspace = self.nestedClass(workspaceName(self.simpleName()));
        Architecture computed = withoutDropout(architecture);
        if (UnrolledKernel.fits(computed)) {
            this.kernel = new UnrolledKernel(computed, type, workspace);
        } else {
            this.kernel = BlockBatches.loopedKernel(computed, type, workspace);
        }
    }

    /**
     * {@code architecture} as {@code predict} computes it: dropout is the identity outside training,
     * so its layers are left out (and a dense layer after {@code relu; dropout;} still skips the
     * zeros the ReLU made). A network of dropouts alone becomes one {@code linear} activation, as
     * the kernels need a layer to copy the input to the output.
     */
    static Architecture withoutDropout(Architecture architecture) {
        List<Layer> computed = architecture.layers().stream().filter(l -> !(l instanceof DropoutLayer)).toList();
        if (computed.size() == architecture.layers().size()) {
            return architecture;
        }
        if (computed.isEmpty() && !architecture.layers().isEmpty()) {
            Layer first = architecture.layers().get(0);
            computed = List.of(new ActivationLayer(first.name(), first.inputSize(), ActivationCall.of(Activation.LINEAR)));
        }
        return new Architecture(architecture.name(), architecture.inputSize(), architecture.precision(),
                architecture.seed(), computed);
    }

    /**
     * The nested scratch-memory class: {@code Workspace}, or {@code Scratch} in a network that is
     * itself named {@code Workspace} (Java forbids a nested class the name of its enclosing class).
     */
    static String workspaceName(String className) {
        return className.equals("Workspace") ? "Scratch" : "Workspace";
    }

    ForwardKernel kernel() {
        return kernel;
    }

    void addTo(TypeSpec.Builder builder) {
        addWorkspace(builder);
        addPredictOne(builder);
        addPredictBatch(builder);
        addPredictInto(builder);
        addPredictFlatBatch(builder);
        addLayerOutputs(builder);
        kernel.addForwardMethods(builder);
    }

    private void addWorkspace(TypeSpec.Builder builder) {
        TypeSpec.Builder workspaceType = TypeSpec.classBuilder(workspace)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Scratch memory for {@code predict} and {@code predictBatch}: make one per thread and reuse it.\n"
                        + "Not thread-safe.\n");
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Scratch memory sized for this network.\n");
        if (kernel.usesWorkspace()) {
            addBatchFields(workspaceType);
        }
        kernel.addWorkspaceFields(workspaceType, constructor);
        builder.addType(workspaceType.addMethod(constructor.build()).build());
        if (!kernel.usesWorkspace()) {
            return;
        }
        builder.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), workspace),
                        "WORKSPACES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("One workspace per thread for the methods that do not take one.\n")
                .initializer("$T.withInitial($T::new)", ThreadLocal.class, workspace)
                .build());
    }

    /** The rows of a batch chunk as {@code forwardRows} takes them: arrays and offsets, in and out. */
    private void addBatchFields(TypeSpec.Builder workspaceType) {
        workspaceType.addField(FieldSpec.builder(type.matrix(), "inputs", Modifier.FINAL)
                .initializer("new $T[$L][]", type.scalar(), CHUNK).build());
        workspaceType.addField(FieldSpec.builder(int[].class, "offsets", Modifier.FINAL)
                .initializer("new int[$L]", CHUNK).build());
        workspaceType.addField(FieldSpec.builder(int[].class, "zeroOffsets", Modifier.FINAL)
                .initializer("new int[$L]", CHUNK).build());
        workspaceType.addField(FieldSpec.builder(type.matrix(), "targets", Modifier.FINAL)
                .initializer("new $T[$L][]", type.scalar(), CHUNK).build());
        workspaceType.addField(FieldSpec.builder(int[].class, "outputOffsets", Modifier.FINAL)
                .initializer("new int[$L]", CHUNK).build());
    }

    /** The workspace {@code forward} gets from methods that take none: the thread's own, or none if it needs none. */
    private CodeBlock threadWorkspace() {
        return kernel.usesWorkspace() ? CodeBlock.of("WORKSPACES.get()") : CodeBlock.of("null");
    }

    private void addPredictOne(TypeSpec.Builder builder) {
        builder.addMethod(MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .returns(type.vector())
                .addParameter(type.vector(), "input")
                .addJavadoc("The network's output for one sample.\n\n"
                        + "@param input one sample, {@link #INPUT_SIZE} values\n"
                        + "@return a new array of {@link #OUTPUT_SIZE} values\n"
                        + "@throws IllegalArgumentException if {@code input} does not have {@link #INPUT_SIZE} values\n")
                .addStatement("$T.check(INPUT_SIZE, input.length)", InputWidth.class)
                .addStatement("$T output = new $T[OUTPUT_SIZE]", type.vector(), type.scalar())
                .addStatement("forward(input, 0, output, 0, $L)", threadWorkspace())
                .addStatement("return output")
                .build());
    }

    private void addPredictBatch(TypeSpec.Builder builder) {
        builder.addMethod(MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .returns(type.matrix())
                .addParameter(type.matrix(), "batch")
                .addJavadoc("The network's output for each row of {@code batch}, one row per sample, as the tutorial's\n"
                        + "{@code forward} on a batch.\n\n"
                        + "@param batch one sample per row\n"
                        + "@return a new array of output rows, one per row of {@code batch}\n"
                        + "@throws IllegalArgumentException if a row does not have {@link #INPUT_SIZE} values\n"
                        + "@throws NullPointerException if a row is null\n")
                .addCode(kernel.usesWorkspace() ? chunkedBatch() : rowByRowBatch())
                .build());
        builder.addMethod(MethodSpec.methodBuilder("predictParallel")
                .addModifiers(Modifier.PUBLIC)
                .returns(type.matrix())
                .addParameter(type.matrix(), "batch")
                .addJavadoc("As {@link #predict($T)}, with the batch cut into blocks (one per core, of at most $L rows\n"
                        + "and at least $L floating-point operations) that the threads of the common\n"
                        + "{@link java.util.concurrent.ForkJoinPool} compute in parallel: the opt-in way to use several\n"
                        + "cores for a large batch. Results are identical to {@code predict}'s.\n\n"
                        + "@param batch one sample per row\n"
                        + "@return a new array of output rows, one per row of {@code batch}\n"
                        + "@throws IllegalArgumentException if a row does not have {@link #INPUT_SIZE} values\n"
                        + "@throws NullPointerException if a row is null\n",
                        type.matrix(), CHUNK, ParallelBlocks.MIN_FLOPS)
                .beginControlFlow("for (int r = 0; r < batch.length; r++)")
                .addStatement("$T.checkRow(INPUT_SIZE, batch[r], r)", InputWidth.class)
                .endControlFlow()
                .addStatement("$T outputs = new $T[batch.length][]", type.matrix(), type.scalar())
                .addStatement("int block = $T.rows(batch.length, $LL, $L)", ParallelBlocks.class,
                        Summary.flopsPerSample(architecture), CHUNK)
                .addStatement("$T.range(0, (batch.length + block - 1) / block).parallel().forEach(b -> predictChunk(batch,"
                        + " outputs, b * block, $T.min(block, batch.length - b * block)))", IntStream.class, Math.class)
                .addStatement("return outputs")
                .build());
        MethodSpec.Builder chunk = MethodSpec.methodBuilder("predictChunk")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(type.matrix(), "batch")
                .addParameter(type.matrix(), "outputs")
                .addParameter(int.class, "from")
                .addParameter(int.class, "rows")
                .addJavadoc("Rows {@code from} to {@code from + rows - 1} of a batch, already checked, into new output\n"
                        + "rows; at most $L rows.\n", CHUNK);
        if (!kernel.usesWorkspace()) {
            chunk.beginControlFlow("for (int r = from; r < from + rows; r++)")
                    .addStatement("outputs[r] = new $T[OUTPUT_SIZE]", type.scalar())
                    .addStatement("forward(batch[r], 0, outputs[r], 0, null)")
                    .endControlFlow();
            builder.addMethod(chunk.build());
        } else {
            chunk.addStatement("$T workspace = WORKSPACES.get()", workspace)
                    .beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("workspace.inputs[r] = batch[from + r]")
                    .addStatement("workspace.targets[r] = outputs[from + r] = new $T[OUTPUT_SIZE]", type.scalar())
                    .endControlFlow()
                    .addStatement("forwardRows(workspace.inputs, workspace.zeroOffsets, workspace.targets,"
                            + " workspace.zeroOffsets, rows, workspace)")
                    .addStatement("release(workspace, rows)");
            builder.addMethod(chunk.build());
            builder.addMethod(MethodSpec.methodBuilder("release")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(workspace, "workspace")
                    .addParameter(int.class, "rows")
                    .addJavadoc("Drops the workspace's references to the caller's arrays, so a thread's workspace keeps no\n"
                            + "batch alive.\n")
                    .addStatement("$T.fill(workspace.inputs, 0, rows, null)", Arrays.class)
                    .addStatement("$T.fill(workspace.targets, 0, rows, null)", Arrays.class)
                    .build());
        }
    }

    /**
     * A batch through the workspace in chunks, every row checked before any is stored there (so a
     * bad row leaves no caller's row in the thread's workspace).
     */
    private CodeBlock chunkedBatch() {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < batch.length; r++)")
                .addStatement("$T.checkRow(INPUT_SIZE, batch[r], r)", InputWidth.class)
                .endControlFlow()
                .addStatement("$T outputs = new $T[batch.length][]", type.matrix(), type.scalar())
                .beginControlFlow("for (int from = 0; from < batch.length; from += $L)", CHUNK)
                .addStatement("predictChunk(batch, outputs, from, $T.min($L, batch.length - from))", Math.class, CHUNK)
                .endControlFlow()
                .addStatement("return outputs")
                .build();
    }

    /**
     * A batch of a kernel without workspace, row by row in one loop: the tutorial's batch of one
     * sample then costs little more than {@code predict(input)} (4→4→4: 3–5 ns more, against 6–15 ns
     * through the chunks).
     */
    private CodeBlock rowByRowBatch() {
        return CodeBlock.builder()
                .addStatement("$T outputs = new $T[batch.length][]", type.matrix(), type.scalar())
                .beginControlFlow("for (int r = 0; r < batch.length; r++)")
                .addStatement("$T output = new $T[OUTPUT_SIZE]", type.vector(), type.scalar())
                .addStatement("forward($T.checkRow(INPUT_SIZE, batch[r], r), 0, output, 0, null)", InputWidth.class)
                .addStatement("outputs[r] = output")
                .endControlFlow()
                .addStatement("return outputs")
                .build();
    }

    private void addPredictInto(TypeSpec.Builder builder) {
        builder.addMethod(MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(type.vector(), "input")
                .addParameter(type.vector(), "output")
                .addJavadoc("One sample into the caller's {@code output}; allocates nothing once the calling thread\n"
                        + "has used this class before. {@code input} and {@code output} may be the same array when\n"
                        + "a sample has as many outputs as inputs.\n\n"
                        + "@param input one sample, {@link #INPUT_SIZE} values\n"
                        + "@param output receives the {@link #OUTPUT_SIZE} outputs\n"
                        + "@throws IllegalArgumentException if {@code input} does not have {@link #INPUT_SIZE} values or\n"
                        + "    {@code output} does not have {@link #OUTPUT_SIZE}\n")
                .addStatement("$T.check(INPUT_SIZE, input.length)", InputWidth.class)
                .addStatement("$T.checkOutput(OUTPUT_SIZE, output.length)", InputWidth.class)
                .addStatement("forward(input, 0, output, 0, $L)", threadWorkspace())
                .build());
        builder.addMethod(MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(type.vector(), "input")
                .addParameter(type.vector(), "output")
                .addParameter(workspace, "workspace")
                .addJavadoc("As {@link #predict($T, $T)} with the caller's {@code workspace}; allocates nothing.\n\n"
                        + "@param input one sample, {@link #INPUT_SIZE} values\n"
                        + "@param output receives the {@link #OUTPUT_SIZE} outputs\n"
                        + "@param workspace scratch memory of the calling thread\n"
                        + "@throws IllegalArgumentException if {@code input} does not have {@link #INPUT_SIZE} values or\n"
                        + "    {@code output} does not have {@link #OUTPUT_SIZE}\n"
                        + "@throws NullPointerException if {@code workspace} is null\n", type.vector(), type.vector())
                .addStatement("$T.requireNonNull(workspace, \"workspace\")", Objects.class)
                .addStatement("$T.check(INPUT_SIZE, input.length)", InputWidth.class)
                .addStatement("$T.checkOutput(OUTPUT_SIZE, output.length)", InputWidth.class)
                .addStatement("forward(input, 0, output, 0, workspace)")
                .build());
    }

    private void addPredictFlatBatch(TypeSpec.Builder builder) {
        // Rows that keep their width may be computed in place; otherwise outputs would overwrite inputs not yet read.
        boolean inPlace = architecture.inputSize() == architecture.outputSize();
        String throwsBadBuffers = "@throws IllegalArgumentException if {@code rows} is negative or a buffer is too short"
                + (inPlace ? "" : ", or if\n    {@code inputs} and {@code outputs} are the same array") + "\n";
        builder.addMethod(MethodSpec.methodBuilder("predictBatch")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(type.vector(), "inputs")
                .addParameter(int.class, "rows")
                .addParameter(type.vector(), "outputs")
                .addJavadoc("A batch held row after row in one array ({@code rows} x {@link #INPUT_SIZE} values, as a\n"
                        + "C-order NumPy array), into {@code outputs} ({@code rows} x {@link #OUTPUT_SIZE}); allocates\n"
                        + "nothing once the calling thread has predicted a batch of as many rows (or of $L) with this\n"
                        + "class.$L\n\n"
                        + "@param inputs the samples, row after row\n"
                        + "@param rows how many samples\n"
                        + "@param outputs receives the outputs, row after row\n"
                        + throwsBadBuffers, CHUNK,
                        inPlace ? " {@code inputs} and\n{@code outputs} may be the same array (in place)." : "")
                .addStatement("predictBatchInto(inputs, rows, outputs, $L)", threadWorkspace())
                .build());
        builder.addMethod(MethodSpec.methodBuilder("predictBatch")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(type.vector(), "inputs")
                .addParameter(int.class, "rows")
                .addParameter(type.vector(), "outputs")
                .addParameter(workspace, "workspace")
                .addJavadoc("As {@link #predictBatch($T, int, $T)} with the caller's {@code workspace}; allocates nothing\n"
                        + "once {@code workspace} has served a batch of as many rows (or of $L).\n\n"
                        + "@param inputs the samples, row after row\n"
                        + "@param rows how many samples\n"
                        + "@param outputs receives the outputs, row after row\n"
                        + "@param workspace scratch memory of the calling thread\n"
                        + throwsBadBuffers
                        + "@throws NullPointerException if {@code workspace} is null\n",
                        type.vector(), type.vector(), CHUNK)
                .addStatement("$T.requireNonNull(workspace, \"workspace\")", Objects.class)
                .addStatement("predictBatchInto(inputs, rows, outputs, workspace)")
                .build());
        MethodSpec.Builder flat = MethodSpec.methodBuilder("predictBatchInto")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(type.vector(), "inputs")
                .addParameter(int.class, "rows")
                .addParameter(type.vector(), "outputs")
                .addParameter(workspace, "workspace")
                .addJavadoc("The batch of {@code predictBatch}, with {@code workspace} if the kernel uses one.\n")
                .addStatement("$T.checkBatch(INPUT_SIZE, OUTPUT_SIZE, inputs.length, rows, outputs.length)",
                        InputWidth.class);
        if (!inPlace) {
            flat.beginControlFlow("if (inputs == outputs)")
                    .addStatement("throw new $T(\"inputs and outputs are the same array, but a row of $L inputs has $L"
                            + " outputs; pass two arrays\")", IllegalArgumentException.class, architecture.inputSize(),
                            architecture.outputSize())
                    .endControlFlow();
        }
        if (!kernel.usesWorkspace()) {
            flat.beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("forward(inputs, r * INPUT_SIZE, outputs, r * OUTPUT_SIZE, null)")
                    .endControlFlow();
        } else {
            flat.beginControlFlow("for (int from = 0; from < rows; from += $L)", CHUNK)
                    .addStatement("int count = $T.min($L, rows - from)", Math.class, CHUNK)
                    .beginControlFlow("for (int r = 0; r < count; r++)")
                    .addStatement("workspace.inputs[r] = inputs")
                    .addStatement("workspace.offsets[r] = (from + r) * INPUT_SIZE")
                    .addStatement("workspace.targets[r] = outputs")
                    .addStatement("workspace.outputOffsets[r] = (from + r) * OUTPUT_SIZE")
                    .endControlFlow()
                    // Straight into the caller's rows: a chunk reads all its rows before it writes any, so
                    // outputs may be inputs when the widths are equal.
                    .addStatement("forwardRows(workspace.inputs, workspace.offsets, workspace.targets,"
                            + " workspace.outputOffsets, count, workspace)")
                    .addStatement("release(workspace, count)")
                    .endControlFlow();
        }
        builder.addMethod(flat.build());
    }

    private void addLayerOutputs(TypeSpec.Builder builder) {
        builder.addMethod(MethodSpec.methodBuilder("layerOutputs")
                .addModifiers(Modifier.PUBLIC)
                .returns(ArrayTypeName.of(type.matrix()))
                .addParameter(type.matrix(), "batch")
                .addJavadoc("Every layer's output for {@code batch}, in layer order, as the tutorial prints\n"
                        + "{@code dense1.output}, {@code activation1.output}, ... Element {@code [l][r]} is layer\n"
                        + "{@code l}'s output for row {@code r}. Computed by the reference interpreter: meant for looking\n"
                        + "inside the network, not for speed.\n\n"
                        + "@param batch one sample per row\n"
                        + "@return new arrays, one per layer\n"
                        + "@throws IllegalArgumentException if a row does not have {@link #INPUT_SIZE} values\n")
                .addStatement("return new $T($T.of(ARCHITECTURE, arrays())).layerOutputs(batch).toArray(new $T[0][][])",
                        Interpreter.class, Weights.class, type.scalar())
                .build());
    }
}

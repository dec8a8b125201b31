package dev.netc.codegen.kernel;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.internal.MatrixKernels;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.train.BatchMath;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The trainer's code for each layer (spec §6), as the {@link ForwardKernel}s are {@code predict}'s: its
 * buffers, its forward step keeping what backward needs ({@code X·W + b}, dropout, the activation), its
 * backward step (the activation's derivative, {@code Xᵀ·dZ} and the bias column sums with the penalties'
 * gradients, {@code dZ·Wᵀ}), the optimizer's update of its arrays and its regularization loss. Products go
 * through the runtime's {@link MatrixKernels} and everything else through {@link BatchMath}, with the widths
 * as constants. Each method returns one part per layer that has such code; the trainer's class outline puts
 * the parts into its methods.
 *
 * <p>Names the parts share with the outline, for layer {@code l}:
 * <pre>
 * x                      the batch's inputs, row after row, as every buffer holds rows
 * zl, al                 the layer's values before and after its activation (one array where it has none)
 * gl                     the gradient at al; backward turns it into the gradient at zl
 * maskl                  a dropout layer's scale per value: 0 for a dropped one
 * wl, bl                 a dense layer's weights (IN x OUT, row-major) and biases
 * gwl, mwl, cwl          their gradients and the optimizer's two state arrays (likewise gbl, mbl, cbl)
 * rows, training         parameters of the trainer's forward and backward methods
 * fused, dropout         fields: whether the loss's gradient is at the last activation's input already,
 *                        and the random numbers of dropout
 * optimizer, steps       fields: the optimizer and the steps taken before this one
 * start, states          the constructor's weights and optimizer.stateArrays()
 * arrays                 the list of NpyArray that a snapshot of the weights fills
 * </pre>
 */
public final class TrainerKernel {
    private final Architecture architecture;
    private final ScalarType type;
    private final List<Layer> layers;

    public TrainerKernel(Architecture architecture, ScalarType type) {
        this.architecture = architecture;
        this.type = type;
        this.layers = architecture.layers();
    }

    /** The buffer of the network's output, which the losses read. */
    public String output() {
        return layers.isEmpty() ? "x" : "a" + (layers.size() - 1);
    }

    /** The buffer of the gradient at the output, which the losses write. */
    public String outputGradient() {
        return "g" + (layers.size() - 1);
    }

    /** {@code KERNELS} and the activations' arguments: static, so before any other field in the class. */
    public void addConstants(TypeSpec.Builder trainer) {
        trainer.addField(FieldSpec.builder(MatrixKernels.class, "KERNELS", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .initializer("$T.get()", MatrixKernels.class).build());
        argumentFields(trainer);
    }

    /** Every dense layer's arrays and every layer's batch buffers. */
    public void addFields(TypeSpec.Builder trainer) {
        TypeName vector = type.vector();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                for (String name : parameterNames(l, dense)) {
                    // Not final: a deep network assigns them in several methods (the JVM's 64 KB limit).
                    trainer.addField(vector, name, Modifier.PRIVATE);
                    trainer.addField(vector, "g" + name, Modifier.PRIVATE);
                    trainer.addField(vector, "m" + name, Modifier.PRIVATE);
                    trainer.addField(vector, "c" + name, Modifier.PRIVATE);
                }
            }
        }
        trainer.addField(vector, "x", Modifier.PRIVATE);
        for (int l = 0; l < layers.size(); l++) {
            trainer.addField(vector, "z" + l, Modifier.PRIVATE);
            trainer.addField(vector, "a" + l, Modifier.PRIVATE);
            trainer.addField(vector, "g" + l, Modifier.PRIVATE);
            if (drops(layers.get(l))) {
                trainer.addField(vector, "mask" + l, Modifier.PRIVATE);
            }
        }
    }

    private static List<String> parameterNames(int l, DenseLayer dense) {
        return dense.useBias() ? List.of("w" + l, "b" + l) : List.of("w" + l);
    }

    /** Per dense layer: its arrays from {@code start}, zero gradients and {@code states} zero state arrays. */
    public List<CodeBlock> initialize() {
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                CodeBlock.Builder part = CodeBlock.builder();
                part.addStatement("w$L = start.$L($S)", l, type.weightsAccessor(), dense.weightsKey());
                if (dense.useBias()) {
                    part.addStatement("b$L = start.$L($S)", l, type.weightsAccessor(), dense.biasesKey());
                }
                for (String name : parameterNames(l, dense)) {
                    part.addStatement("g$L = new $T[$L.length]", name, type.scalar(), name);
                    part.addStatement("m$L = states >= 1 ? new $T[$L.length] : null", name, type.scalar(), name);
                    part.addStatement("c$L = states >= 2 ? new $T[$L.length] : null", name, type.scalar(), name);
                }
                parts.add(part.build());
            }
        }
        return parts;
    }

    /** {@code x} for {@code rows} rows. */
    public CodeBlock allocateInput() {
        return CodeBlock.builder().addStatement("x = new $T[rows * $L]", type.scalar(), architecture.inputSize()).build();
    }

    /** Per layer: its buffers for {@code rows} rows, the same array where two need not differ. */
    public List<CodeBlock> allocate() {
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int width = layer.outputSize();
            CodeBlock.Builder part = CodeBlock.builder();
            if (layer instanceof ActivationLayer) {
                part.addStatement("z$L = $L", l, input(l));
            } else {
                part.addStatement("z$L = new $T[rows * $L]", l, type.scalar(), width);
            }
            if (layer.activation().activation() == Activation.LINEAR && !(layer instanceof ActivationLayer)) {
                part.addStatement("a$L = z$L", l, l);
            } else {
                part.addStatement("a$L = new $T[rows * $L]", l, type.scalar(), width);
            }
            part.addStatement("g$L = new $T[rows * $L]", l, type.scalar(), width);
            if (drops(layer)) {
                part.addStatement("mask$L = new $T[rows * $L]", l, type.scalar(), width);
            }
            parts.add(part.build());
        }
        return parts;
    }

    /** The rows of the batch {@code inputs} into {@code x}. */
    public CodeBlock gatherInput() {
        return CodeBlock.builder().addStatement("$T.gather(inputs, $L, x)", BatchMath.class, architecture.inputSize())
                .build();
    }

    /** Per layer: {@code rows} rows through it, keeping its values before and after the activation. */
    public List<CodeBlock> forward() {
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            parts.add(forwardLayer(l));
        }
        return parts;
    }

    private CodeBlock forwardLayer(int l) {
        Layer layer = layers.get(l);
        String in = input(l);
        CodeBlock.Builder m = CodeBlock.builder().add("// $L\n", LayerText.describe(layer));
        if (layer instanceof DenseLayer dense) {
            m.addStatement("KERNELS.multiply($L, w$L, $L, z$L, rows, $L, $L)", in, l,
                    dense.useBias() ? "b" + l : "null", l, dense.inputSize(), dense.outputSize());
        } else if (layer instanceof DropoutLayer drop && !drops(drop)) {
            m.addStatement("System.arraycopy($L, 0, z$L, 0, rows * $L)", in, l, drop.outputSize());
        } else if (layer instanceof DropoutLayer drop) {
            m.beginControlFlow("if (training)")
                    .addStatement("$T.dropout($L, z$L, mask$L, rows * $L, $L, dropout)", BatchMath.class, in, l, l,
                            drop.outputSize(), drop.rate())
                    .nextControlFlow("else")
                    .addStatement("System.arraycopy($L, 0, z$L, 0, rows * $L)", in, l, drop.outputSize())
                    .endControlFlow();
        }
        Activation activation = layer.activation().activation();
        if (activation != Activation.LINEAR || layer instanceof ActivationLayer) {
            m.addStatement("$T.activate($T.$L, $L, z$L, a$L, rows, $L)", BatchMath.class, Activation.class,
                    activation.name(), argumentsName(l), l, l, layer.outputSize());
        }
        return m.build();
    }

    /**
     * From the last layer down to the lowest dense one: the gradient at the last layer's output (or, for a
     * fused loss, at its activation's input) is in its {@code g}; each layer turns its {@code g} into its
     * arrays' gradients and the layer below's {@code g}.
     */
    public List<CodeBlock> backward() {
        int lowestDense = -1;
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer) {
                lowestDense = l;
                break;
            }
        }
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = layers.size() - 1; lowestDense >= 0 && l >= lowestDense; l--) {
            parts.add(backwardLayer(l, l > lowestDense));
        }
        return parts;
    }

    /** @param below whether a dense layer lies below, which needs this layer's input gradient */
    private CodeBlock backwardLayer(int l, boolean below) {
        Layer layer = layers.get(l);
        int width = layer.outputSize();
        CodeBlock.Builder m = CodeBlock.builder().add("// $L\n", LayerText.describe(layer));
        Activation activation = layer.activation().activation();
        if (activation != Activation.LINEAR) {
            CodeBlock call = CodeBlock.of("$T.backward($T.$L, $L, z$L, a$L, g$L, rows, $L)", BatchMath.class,
                    Activation.class, activation.name(), argumentsName(l), l, l, l, width);
            if (l == layers.size() - 1) {
                m.beginControlFlow("if (!fused)").addStatement(call).endControlFlow();
            } else {
                m.addStatement(call);
            }
        }
        if (layer instanceof DenseLayer dense) {
            m.addStatement("KERNELS.multiplyTransposedA($L, g$L, gw$L, rows, $L, $L)", input(l), l, l,
                    dense.inputSize(), width);
            Regularization r = dense.regularization();
            if (r.l1() != 0 || r.l2() != 0) {
                m.addStatement("$T.regularize(gw$L, w$L, w$L.length, $L, $L)", BatchMath.class, l, l, l, r.l1(), r.l2());
            }
            if (dense.useBias()) {
                m.addStatement("KERNELS.columnSums(g$L, rows, $L, gb$L)", l, width, l);
                if (r.biasL1() != 0 || r.biasL2() != 0) {
                    m.addStatement("$T.regularize(gb$L, b$L, b$L.length, $L, $L)", BatchMath.class, l, l, l,
                            r.biasL1(), r.biasL2());
                }
            }
            if (below) {
                m.addStatement("KERNELS.multiplyTransposedB(g$L, w$L, g$L, rows, $L, $L)", l, l, l - 1, width,
                        dense.inputSize());
            }
        } else if (below) {
            if (drops(layer)) {
                m.addStatement("$T.mask(g$L, mask$L, rows * $L)", BatchMath.class, l, l, width);
            }
            m.addStatement("System.arraycopy(g$L, 0, g$L, 0, rows * $L)", l, l - 1, width);
        }
        return m.build();
    }

    /** Per dense layer: the optimizer's step on each of its arrays. */
    public List<CodeBlock> optimize() {
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                CodeBlock.Builder part = CodeBlock.builder();
                for (String name : parameterNames(l, dense)) {
                    part.addStatement("optimizer.update($L, g$L, $L.length, m$L, c$L, steps)", name, name, name, name,
                            name);
                }
                parts.add(part.build());
            }
        }
        return parts;
    }

    /** Per regularized dense layer: its regularization loss added to {@code sum}. */
    public List<CodeBlock> penalties() {
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense && !dense.regularization().isNone()) {
                Regularization r = dense.regularization();
                CodeBlock.Builder part = CodeBlock.builder()
                        .addStatement("sum += $T.penalty(w$L, w$L.length, $L, $L)", BatchMath.class, l, l, r.l1(), r.l2());
                if (dense.useBias()) {
                    part.addStatement("sum += $T.penalty(b$L, b$L.length, $L, $L)", BatchMath.class, l, l, r.biasL1(),
                            r.biasL2());
                }
                parts.add(part.build());
            }
        }
        return parts;
    }

    /** Per dense layer: its arrays added to {@code arrays} in the file layout. */
    public List<CodeBlock> snapshot() {
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                CodeBlock.Builder part = CodeBlock.builder().addStatement("arrays.add($T.$L($S, new int[] {$L, $L}, w$L))",
                        NpyArray.class, type.npyFactory(), dense.weightsKey(), dense.inputSize(), dense.outputSize(), l);
                if (dense.useBias()) {
                    part.addStatement("arrays.add($T.$L($S, new int[] {$L}, b$L))", NpyArray.class, type.npyFactory(),
                            dense.biasesKey(), dense.outputSize(), l);
                }
                parts.add(part.build());
            }
        }
        return parts;
    }

    /** The buffer that holds layer {@code l}'s input. */
    private static String input(int l) {
        return l == 0 ? "x" : "a" + (l - 1);
    }

    /** A dropout layer that drops something; at rate 0 it is the identity and draws no random numbers. */
    private static boolean drops(Layer layer) {
        return layer instanceof DropoutLayer drop && drop.rate() > 0;
    }

    /**
     * A layer's activation arguments: a constant array of the trainer's ({@link #argumentFields}), so that a
     * step does not allocate one per activation call.
     */
    private String argumentsName(int l) {
        return layers.get(l).activation().arguments().isEmpty() ? "NO_ARGUMENTS" : "ARGUMENTS" + l;
    }

    /** {@code NO_ARGUMENTS} and {@code ARGUMENTSl} for each layer {@code l} whose activation takes arguments. */
    private void argumentFields(TypeSpec.Builder trainer) {
        trainer.addField(FieldSpec.builder(double[].class, "NO_ARGUMENTS", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .initializer("{}").build());
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (!layer.activation().arguments().isEmpty()) {
                trainer.addField(FieldSpec.builder(double[].class, argumentsName(l), Modifier.PRIVATE, Modifier.STATIC,
                                Modifier.FINAL)
                        .initializer("{$L}", layer.activation().arguments().stream()
                                .map(v -> Double.toString(v)).collect(Collectors.joining(", ")))
                        .build());
            }
        }
    }
}

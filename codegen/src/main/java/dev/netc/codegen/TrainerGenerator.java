package dev.netc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.codegen.kernel.LayerText;
import dev.netc.codegen.kernel.ScalarType;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Weights;
import dev.netc.runtime.internal.MatrixKernels;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.train.Accuracy;
import dev.netc.runtime.train.BatchMath;
import dev.netc.runtime.train.Fit;
import dev.netc.runtime.train.FitLoop;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Loss;
import dev.netc.runtime.train.Losses;
import dev.netc.runtime.train.Optimizer;
import dev.netc.runtime.train.TrainingChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Generates a network's {@code trainer(Loss, Optimizer)} and its nested {@code Trainer} (spec §6): the
 * forward pass keeping what backward needs, the backward pass unrolled layer by layer with the widths
 * as constants (matrix products {@code X·W}, {@code Xᵀ·dZ}, {@code dZ·Wᵀ} through the runtime's
 * {@link MatrixKernels}), the optimizer on every array, and {@code fit}. Buffers grow to the largest
 * batch seen, so a step allocates nothing once warm.
 */
final class TrainerGenerator {
    /** Layers whose code one method holds; deeper networks spread each pass over several methods. */
    private static final int LAYERS_PER_METHOD = 50;

    private final Architecture architecture;
    private final ScalarType type;
    private final ClassName self;
    private final ClassName trainer;
    private final List<Layer> layers;

    TrainerGenerator(Architecture architecture, ScalarType type, ClassName self) {
        this.architecture = architecture;
        this.type = type;
        this.self = self;
        this.trainer = self.nestedClass(trainerName(self.simpleName()));
        this.layers = architecture.layers();
    }

    /** {@code Trainer}, or {@code Training} for a network itself named Trainer (Java forbids the clash). */
    static String trainerName(String className) {
        return className.equals("Trainer") ? "Training" : "Trainer";
    }

    void addTo(TypeSpec.Builder network) {
        network.addMethod(MethodSpec.methodBuilder("trainer")
                .addModifiers(Modifier.PUBLIC)
                .returns(trainer)
                .addParameter(Loss.class, "loss")
                .addParameter(Optimizer.class, "optimizer")
                .addJavadoc("A trainer that starts from a copy of this network's weights; this network does not change.\n\n"
                        + "@param loss what to minimize, e.g. {@code Loss.parse(\"categorical_crossentropy\")}\n"
                        + "@param optimizer how to step, e.g. {@code Optimizer.parse(\"adam(lr=0.02)\")}\n"
                        + "@return a new trainer, for one thread at a time\n"
                        + "@throws IllegalArgumentException if the loss does not fit the network's last layer\n")
                .addStatement("return new $T(this, loss, optimizer)", trainer)
                .build());
        network.addType(trainerType());
    }

    private TypeSpec trainerType() {
        TypeSpec.Builder t = TypeSpec.classBuilder(trainer)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Trains a copy of the network's weights, step by step or with {@code fit}, with the tutorial's\n"
                        + "losses, backpropagation and optimizers.\n\n"
                        + "<p>Mutable and not thread-safe: one thread at a time. {@link #network()} returns an immutable\n"
                        + "snapshot that any number of threads may use while training goes on.\n");
        t.addField(FieldSpec.builder(MatrixKernels.class, "KERNELS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.get()", MatrixKernels.class).build());
        argumentFields(t);
        t.addField(Loss.class, "loss", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(Optimizer.class, "optimizer", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(boolean.class, "fused", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(SplittableRandom.class, "dropout", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(long.class, "steps", Modifier.PRIVATE);
        t.addField(int.class, "capacity", Modifier.PRIVATE);
        t.addField(double.class, "correct", Modifier.PRIVATE);
        TypeName vector = type.vector();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                for (String name : parameterNames(l, dense)) {
                    // Not final: a deep network assigns them in several methods (the JVM's 64 KB limit).
                    t.addField(vector, name, Modifier.PRIVATE);
                    t.addField(vector, "g" + name, Modifier.PRIVATE);
                    t.addField(vector, "m" + name, Modifier.PRIVATE);
                    t.addField(vector, "c" + name, Modifier.PRIVATE);
                }
            }
        }
        t.addField(vector, "x", Modifier.PRIVATE);
        for (int l = 0; l < layers.size(); l++) {
            t.addField(vector, "z" + l, Modifier.PRIVATE);
            t.addField(vector, "a" + l, Modifier.PRIVATE);
            t.addField(vector, "g" + l, Modifier.PRIVATE);
            if (drops(layers.get(l))) {
                t.addField(vector, "mask" + l, Modifier.PRIVATE);
            }
        }
        t.addMethod(constructor(t));
        t.addMethod(stepLabels());
        t.addMethod(stepTargets());
        t.addMethod(evaluateLabels());
        t.addMethod(evaluateTargets());
        t.addMethod(update(t));
        t.addMethod(ensure(t));
        t.addMethod(forward(t));
        t.addMethod(backward(t));
        t.addMethod(penalty(t));
        t.addMethod(network(t));
        t.addMethod(MethodSpec.methodBuilder("steps")
                .addModifiers(Modifier.PUBLIC)
                .returns(long.class)
                .addJavadoc("@return the optimizer steps taken so far\n")
                .addStatement("return steps")
                .build());
        addFits(t);
        return t.build();
    }

    private static List<String> parameterNames(int l, DenseLayer dense) {
        return dense.useBias() ? List.of("w" + l, "b" + l) : List.of("w" + l);
    }

    private String output() {
        return layers.isEmpty() ? "x" : "a" + (layers.size() - 1);
    }

    private MethodSpec constructor(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(self, "network")
                .addParameter(Loss.class, "loss")
                .addParameter(Optimizer.class, "optimizer")
                .addStatement("$T.lossFits(ARCHITECTURE, loss)", TrainingChecks.class)
                .addStatement("this.loss = loss")
                .addStatement("this.optimizer = $T.requireNonNull(optimizer, $S)", Objects.class, "optimizer")
                .addStatement("this.fused = loss.lastActivation().isPresent()")
                .addStatement("this.dropout = new $T($LL)", SplittableRandom.class,
                        architecture.seed().orElse(0))
                .addStatement("$T start = $T.of(ARCHITECTURE, network.arrays())", Weights.class, Weights.class)
                .addStatement("int states = optimizer.stateArrays()");
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
        chunked(t, m, "init", parts, List.of(ParameterSpec.builder(Weights.class, "start").build(),
                ParameterSpec.builder(int.class, "states").build()), "start, states", false);
        return m.build();
    }

    /**
     * Adds {@code parts} to {@code main}, or for a deep network spreads them over methods
     * {@code name0, name1, ...} of {@link #LAYERS_PER_METHOD} parts each that {@code main} calls in order
     * (summing what they return when {@code sum}), so no method passes the JVM's 64 KB.
     */
    private static void chunked(TypeSpec.Builder t, MethodSpec.Builder main, String name, List<CodeBlock> parts,
            List<ParameterSpec> parameters, String arguments, boolean sum) {
        if (parts.size() <= LAYERS_PER_METHOD) {
            parts.forEach(main::addCode);
            return;
        }
        for (int from = 0, k = 0; from < parts.size(); from += LAYERS_PER_METHOD, k++) {
            MethodSpec.Builder chunk = MethodSpec.methodBuilder(name + k)
                    .addModifiers(Modifier.PRIVATE)
                    .addParameters(parameters);
            if (sum) {
                chunk.returns(double.class).addStatement("double sum = 0");
            }
            parts.subList(from, Math.min(parts.size(), from + LAYERS_PER_METHOD)).forEach(chunk::addCode);
            if (sum) {
                chunk.addStatement("return sum");
                main.addStatement("sum += $L$L($L)", name, k, arguments);
            } else {
                main.addStatement("$L$L($L)", name, k, arguments);
            }
            t.addMethod(chunk.build());
        }
    }

    private MethodSpec stepLabels() {
        return MethodSpec.methodBuilder("step")
                .addModifiers(Modifier.PUBLIC)
                .returns(type.scalar())
                .addParameter(type.matrix(), "inputs")
                .addParameter(int[].class, "labels")
                .addJavadoc("One optimizer step on a batch of rows with class labels (categorical_crossentropy).\n\n"
                        + "@param inputs one row per sample\n"
                        + "@param labels each row's class, from 0 to OUTPUT_SIZE - 1\n"
                        + "@return the batch's loss before the step: mean data loss plus regularization\n"
                        + "@throws IllegalArgumentException for rows or labels that do not fit, naming the row\n"
                        + "@throws ArithmeticException if the loss is NaN or infinite (the step is not taken)\n")
                .addStatement("$T.labelsFit(loss)", TrainingChecks.class)
                .addStatement("$T.inputs(inputs, INPUT_SIZE, $S)", TrainingChecks.class, "inputs")
                .addStatement("$T.labels(labels, inputs.length, OUTPUT_SIZE)", TrainingChecks.class)
                .addStatement("int rows = forward(inputs, true)")
                .addStatement("double value = $T.categoricalCrossentropy($L, rows, OUTPUT_SIZE, labels, g$L) + penalty()",
                        Losses.class, output(), layers.size() - 1)
                .addStatement("correct = $T.correct($L, rows, OUTPUT_SIZE, labels)", Accuracy.class, output())
                .addStatement("return update(rows, value)")
                .build();
    }

    private MethodSpec stepTargets() {
        return MethodSpec.methodBuilder("step")
                .addModifiers(Modifier.PUBLIC)
                .returns(type.scalar())
                .addParameter(type.matrix(), "inputs")
                .addParameter(type.matrix(), "targets")
                .addJavadoc("One optimizer step on a batch of rows with target rows (one-hot rows for the cross-entropies).\n\n"
                        + "@param inputs one row per sample\n"
                        + "@param targets one row of OUTPUT_SIZE values per sample\n"
                        + "@return the batch's loss before the step: mean data loss plus regularization\n"
                        + "@throws IllegalArgumentException for rows that do not fit, naming the row\n"
                        + "@throws ArithmeticException if the loss is NaN or infinite (the step is not taken)\n")
                .addStatement("$T.inputs(inputs, INPUT_SIZE, $S)", TrainingChecks.class, "inputs")
                .addStatement("$T.targets(targets, inputs.length, OUTPUT_SIZE)", TrainingChecks.class)
                .addStatement("int rows = forward(inputs, true)")
                .addStatement("double value = $T.of(loss, $L, rows, OUTPUT_SIZE, targets, g$L) + penalty()",
                        Losses.class, output(), layers.size() - 1)
                .addStatement("correct = loss.isClassification() ? $T.correct(loss, $L, rows, OUTPUT_SIZE, targets) : 0",
                        Accuracy.class, output())
                .addStatement("return update(rows, value)")
                .build();
    }

    private MethodSpec evaluateLabels() {
        return MethodSpec.methodBuilder("evaluate")
                .addModifiers(Modifier.PUBLIC)
                .returns(type.scalar())
                .addParameter(type.matrix(), "inputs")
                .addParameter(int[].class, "labels")
                .addJavadoc("The loss on a batch with class labels, with dropout off and no step taken.\n\n"
                        + "@param inputs one row per sample\n"
                        + "@param labels each row's class\n"
                        + "@return mean data loss plus regularization\n")
                .addStatement("$T.labelsFit(loss)", TrainingChecks.class)
                .addStatement("$T.inputs(inputs, INPUT_SIZE, $S)", TrainingChecks.class, "inputs")
                .addStatement("$T.labels(labels, inputs.length, OUTPUT_SIZE)", TrainingChecks.class)
                .addStatement("int rows = forward(inputs, false)")
                .addStatement("correct = $T.correct($L, rows, OUTPUT_SIZE, labels)", Accuracy.class, output())
                .addStatement("return $L", narrow(CodeBlock.of(
                        "$T.categoricalCrossentropy($L, rows, OUTPUT_SIZE, labels, null) + penalty()", Losses.class,
                        output())))
                .build();
    }

    private MethodSpec evaluateTargets() {
        return MethodSpec.methodBuilder("evaluate")
                .addModifiers(Modifier.PUBLIC)
                .returns(type.scalar())
                .addParameter(type.matrix(), "inputs")
                .addParameter(type.matrix(), "targets")
                .addJavadoc("The loss on a batch with target rows, with dropout off and no step taken.\n\n"
                        + "@param inputs one row per sample\n"
                        + "@param targets one row of OUTPUT_SIZE values per sample\n"
                        + "@return mean data loss plus regularization\n")
                .addStatement("$T.inputs(inputs, INPUT_SIZE, $S)", TrainingChecks.class, "inputs")
                .addStatement("$T.targets(targets, inputs.length, OUTPUT_SIZE)", TrainingChecks.class)
                .addStatement("int rows = forward(inputs, false)")
                .addStatement("correct = loss.isClassification() ? $T.correct(loss, $L, rows, OUTPUT_SIZE, targets) : 0",
                        Accuracy.class, output())
                .addStatement("return $L", narrow(CodeBlock.of(
                        "$T.of(loss, $L, rows, OUTPUT_SIZE, targets, null) + penalty()", Losses.class, output())))
                .build();
    }

    /** Checks the loss, runs backward and the optimizer on every array. */
    private MethodSpec update(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("update")
                .addModifiers(Modifier.PRIVATE)
                .returns(type.scalar())
                .addParameter(int.class, "rows")
                .addParameter(double.class, "value")
                .addStatement("$T.finiteLoss(value, steps)", TrainingChecks.class)
                .addStatement("backward(rows)");
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
        chunked(t, m, "optimize", parts, List.of(), "", false);
        return m.addStatement("steps++")
                .addStatement("return $L", narrow(CodeBlock.of("value")))
                .build();
    }

    /** Grows the batch buffers to {@code rows} rows; the only allocation of a warm trainer's step. */
    private MethodSpec ensure(TypeSpec.Builder t) {
        MethodSpec.Builder main = MethodSpec.methodBuilder("ensure")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "rows")
                .beginControlFlow("if (rows <= capacity)")
                .addStatement("return")
                .endControlFlow()
                .addStatement("capacity = rows")
                .addStatement("x = new $T[rows * $L]", type.scalar(), architecture.inputSize());
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int width = layer.outputSize();
            String in = l == 0 ? "x" : "a" + (l - 1);
            CodeBlock.Builder m = CodeBlock.builder();
            parts.add(null);
            if (layer instanceof ActivationLayer) {
                m.addStatement("z$L = $L", l, in);
            } else {
                m.addStatement("z$L = new $T[rows * $L]", l, type.scalar(), width);
            }
            if (layer.activation().activation() == Activation.LINEAR && !(layer instanceof ActivationLayer)) {
                m.addStatement("a$L = z$L", l, l);
            } else {
                m.addStatement("a$L = new $T[rows * $L]", l, type.scalar(), width);
            }
            m.addStatement("g$L = new $T[rows * $L]", l, type.scalar(), width);
            if (drops(layer)) {
                m.addStatement("mask$L = new $T[rows * $L]", l, type.scalar(), width);
            }
            parts.set(l, m.build());
        }
        chunked(t, main, "allocate", parts, List.of(ParameterSpec.builder(int.class, "rows").build()), "rows", false);
        return main.build();
    }

    private MethodSpec forward(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward")
                .addModifiers(Modifier.PRIVATE)
                .returns(int.class)
                .addParameter(type.matrix(), "inputs")
                .addParameter(boolean.class, "training")
                .addStatement("int rows = inputs.length")
                .addStatement("ensure(rows)")
                .addStatement("$T.gather(inputs, $L, x)", BatchMath.class, architecture.inputSize());
        List<CodeBlock> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            parts.add(forwardLayer(l));
        }
        chunked(t, m, "forward", parts, List.of(ParameterSpec.builder(int.class, "rows").build(),
                ParameterSpec.builder(boolean.class, "training").build()), "rows, training", false);
        return m.addStatement("return rows").build();
    }

    private CodeBlock forwardLayer(int l) {
        Layer layer = layers.get(l);
        String in = l == 0 ? "x" : "a" + (l - 1);
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
                    activation.name(), arguments(l), l, l, layer.outputSize());
        }
        return m.build();
    }

    /** A dropout layer that drops something; at rate 0 it is the identity and draws no random numbers. */
    private static boolean drops(Layer layer) {
        return layer instanceof DropoutLayer drop && drop.rate() > 0;
    }

    /** A double expression as the network's scalar: cast for float, as it is for double. */
    private CodeBlock narrow(CodeBlock value) {
        return type.isDouble() ? value : CodeBlock.of("(float) ($L)", value);
    }

    /**
     * A layer's activation arguments: a constant array of the trainer's ({@link #argumentFields}), so that a
     * step does not allocate one per activation call.
     */
    private CodeBlock arguments(int l) {
        return CodeBlock.of("$L", argumentsName(l));
    }

    private String argumentsName(int l) {
        return layers.get(l).activation().arguments().isEmpty() ? "NO_ARGUMENTS" : "ARGUMENTS" + l;
    }

    /** {@code NO_ARGUMENTS} and {@code ARGUMENTSl} for each layer {@code l} whose activation takes arguments. */
    private void argumentFields(TypeSpec.Builder t) {
        t.addField(FieldSpec.builder(double[].class, "NO_ARGUMENTS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("{}").build());
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (!layer.activation().arguments().isEmpty()) {
                t.addField(FieldSpec.builder(double[].class, argumentsName(l), Modifier.PRIVATE, Modifier.STATIC,
                                Modifier.FINAL)
                        .initializer("{$L}", layer.activation().arguments().stream()
                                .map(v -> Double.toString(v)).collect(Collectors.joining(", ")))
                        .build());
            }
        }
    }

    /**
     * The gradient at the last layer's output (or, for a fused loss, at its activation's input) is in
     * its {@code g}; each layer turns its {@code g} into its parameters' gradients and the previous
     * layer's {@code g}, down to the lowest dense layer.
     */
    private MethodSpec backward(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "rows");
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
        chunked(t, m, "backward", parts, List.of(ParameterSpec.builder(int.class, "rows").build()), "rows", false);
        return m.build();
    }

    /** @param below whether a dense layer lies below, which needs this layer's input gradient */
    private CodeBlock backwardLayer(int l, boolean below) {
        Layer layer = layers.get(l);
        int width = layer.outputSize();
        String in = l == 0 ? "x" : "a" + (l - 1);
        CodeBlock.Builder m = CodeBlock.builder().add("// $L\n", LayerText.describe(layer));
        Activation activation = layer.activation().activation();
        if (activation != Activation.LINEAR) {
            CodeBlock call = CodeBlock.of("$T.backward($T.$L, $L, z$L, a$L, g$L, rows, $L)", BatchMath.class,
                    Activation.class, activation.name(), arguments(l), l, l, l, width);
            if (l == layers.size() - 1) {
                m.beginControlFlow("if (!fused)").addStatement(call).endControlFlow();
            } else {
                m.addStatement(call);
            }
        }
        if (layer instanceof DenseLayer dense) {
            m.addStatement("KERNELS.multiplyTransposedA($L, g$L, gw$L, rows, $L, $L)", in, l, l, dense.inputSize(),
                    width);
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

    private MethodSpec penalty(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("penalty")
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addJavadoc("The regularization loss of the weights now.\n")
                .addStatement("double sum = 0");
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
        chunked(t, m, "penalty", parts, List.of(), "", true);
        return m.addStatement("return sum").build();
    }

    private MethodSpec network(TypeSpec.Builder t) {
        TypeName list = ParameterizedTypeName.get(List.class, NpyArray.class);
        MethodSpec.Builder m = MethodSpec.methodBuilder("network")
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addJavadoc("The network with the weights as they are now: an immutable, thread-safe snapshot that later\n"
                        + "steps do not change.\n\n"
                        + "@return a new network\n")
                .addStatement("$T arrays = new $T<>()", list, ArrayList.class);
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
        chunked(t, m, "snapshot", parts, List.of(ParameterSpec.builder(list, "arrays").build()), "arrays", false);
        return m.addStatement("return new $T($T.of(ARCHITECTURE, arrays))", self, Weights.class).build();
    }

    private void addFits(TypeSpec.Builder t) {
        TypeName matrix = type.matrix();
        String doc = "Trains for {@code fit.epochs()} epochs in batches of {@code fit.batchSize()} rows (the last batch of\n"
                + "an epoch takes the rest), shuffled before each epoch when {@code fit} has a seed.\n\n"
                + "@param inputs one row per sample (the rows are read, not copied or changed)\n"
                + "@param %s\n%s"
                + "@param fit epochs, batch size, shuffling and a per-epoch callback, e.g. {@code Fit.epochs(100)}\n"
                + "@return each epoch's loss and accuracy (accuracy for the cross-entropies)\n"
                + "@throws IllegalArgumentException for rows or answers that do not fit, before any step\n"
                + "@throws ArithmeticException if a loss comes out NaN or infinite\n";
        String validation = "@param validationInputs rows evaluated after each epoch\n"
                + "@param validation%s their %s\n";
        for (boolean labels : new boolean[] {true, false}) {
            TypeName answers = labels ? TypeName.get(int[].class) : matrix;
            String name = labels ? "labels" : "targets";
            String cast = labels ? "int[]" : matrix.toString();
            String check = labels
                    ? "$T.labelsFit(loss);\n$T.inputs(inputs, INPUT_SIZE, \"inputs\");\n$T.labels(labels, inputs.length, OUTPUT_SIZE)"
                    : "$T.inputs(inputs, INPUT_SIZE, \"inputs\");\n$T.targets(targets, inputs.length, OUTPUT_SIZE)";
            String answerDoc = labels ? "labels each row's class" : "targets one row of OUTPUT_SIZE values per sample";
            MethodSpec.Builder plain = MethodSpec.methodBuilder("fit")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(History.class)
                    .addParameter(matrix, "inputs")
                    .addParameter(answers, name)
                    .addParameter(Fit.class, "fit")
                    .addJavadoc(String.format(doc, answerDoc, ""))
                    .addStatement("return fit(inputs, $L, null, null, fit)", name);
            t.addMethod(plain.build());
            String upper = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            MethodSpec.Builder full = MethodSpec.methodBuilder("fit")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(History.class)
                    .addParameter(matrix, "inputs")
                    .addParameter(answers, name)
                    .addParameter(matrix, "validationInputs")
                    .addParameter(answers, "validation" + upper)
                    .addParameter(Fit.class, "fit")
                    .addJavadoc(String.format(doc, answerDoc, String.format(validation, upper, name)));
            Object[] checkArgs = labels ? new Object[] {TrainingChecks.class, TrainingChecks.class, TrainingChecks.class}
                    : new Object[] {TrainingChecks.class, TrainingChecks.class};
            full.addStatement(check, checkArgs)
                    .addStatement("$T.requireNonNull(fit, $S)", Objects.class, "fit")
                    .beginControlFlow("if (validationInputs != null)")
                    .addStatement("$T.inputs(validationInputs, INPUT_SIZE, $S)", TrainingChecks.class, "validationInputs");
            if (labels) {
                full.addStatement("$T.labels(validationLabels, validationInputs.length, OUTPUT_SIZE)", TrainingChecks.class);
            } else {
                full.addStatement("$T.targets(validationTargets, validationInputs.length, OUTPUT_SIZE)",
                        TrainingChecks.class);
            }
            full.endControlFlow()
                    .addStatement("return $T.run(inputs, $L, validationInputs, validation$L, fit,\n"
                                    + "(x, y) -> step(($T) x, ($L) y), (x, y) -> evaluate(($T) x, ($L) y), () -> correct,"
                                    + " loss.isClassification())",
                            FitLoop.class, name, upper, matrix, cast, matrix, cast);
            t.addMethod(full.build());
        }
    }
}

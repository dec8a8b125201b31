package dev.netc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.codegen.kernel.ScalarType;
import dev.netc.codegen.kernel.TrainerKernel;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.train.Accuracy;
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
import javax.lang.model.element.Modifier;

/**
 * Generates a network's {@code trainer(Loss, Optimizer)} and its nested {@code Trainer} (spec §6): the
 * class outline (its state, {@code step}, {@code evaluate}, {@code fit}, the snapshot {@code network()})
 * and the methods that hold a {@link TrainerKernel}'s code for every layer (the forward pass keeping what
 * backward needs, the backward pass, the optimizer on every array), spread over several methods in a deep
 * network. Buffers grow to the largest batch seen, so a step allocates nothing once warm.
 */
final class TrainerGenerator {
    /** Layers whose code one method holds; deeper networks spread each pass over several methods. */
    private static final int LAYERS_PER_METHOD = 50;

    private final Architecture architecture;
    private final ScalarType type;
    private final ClassName self;
    private final ClassName trainer;
    private final TrainerKernel kernel;

    TrainerGenerator(Architecture architecture, ScalarType type, ClassName self) {
        this.architecture = architecture;
        this.type = type;
        this.self = self;
        this.trainer = self.nestedClass(trainerName(self.simpleName()));
        this.kernel = new TrainerKernel(architecture, type);
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
        kernel.addConstants(t);
        t.addField(Loss.class, "loss", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(Optimizer.class, "optimizer", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(boolean.class, "fused", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(SplittableRandom.class, "dropout", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(long.class, "steps", Modifier.PRIVATE);
        t.addField(int.class, "capacity", Modifier.PRIVATE);
        t.addField(double.class, "correct", Modifier.PRIVATE);
        kernel.addFields(t);
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
        chunked(t, m, "init", kernel.initialize(), List.of(ParameterSpec.builder(Weights.class, "start").build(),
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
                .addStatement("double value = $T.categoricalCrossentropy($L, rows, OUTPUT_SIZE, labels, $L) + penalty()",
                        Losses.class, kernel.output(), kernel.outputGradient())
                .addStatement("correct = $T.correct($L, rows, OUTPUT_SIZE, labels)", Accuracy.class, kernel.output())
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
                .addStatement("double value = $T.of(loss, $L, rows, OUTPUT_SIZE, targets, $L) + penalty()",
                        Losses.class, kernel.output(), kernel.outputGradient())
                .addStatement("correct = loss.isClassification() ? $T.correct(loss, $L, rows, OUTPUT_SIZE, targets) : 0",
                        Accuracy.class, kernel.output())
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
                .addStatement("correct = $T.correct($L, rows, OUTPUT_SIZE, labels)", Accuracy.class, kernel.output())
                .addStatement("return $L", narrow(CodeBlock.of(
                        "$T.categoricalCrossentropy($L, rows, OUTPUT_SIZE, labels, null) + penalty()", Losses.class,
                        kernel.output())))
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
                        Accuracy.class, kernel.output())
                .addStatement("return $L", narrow(CodeBlock.of(
                        "$T.of(loss, $L, rows, OUTPUT_SIZE, targets, null) + penalty()", Losses.class, kernel.output())))
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
        chunked(t, m, "optimize", kernel.optimize(), List.of(), "", false);
        return m.addStatement("steps++")
                .addStatement("return $L", narrow(CodeBlock.of("value")))
                .build();
    }

    /** Grows the batch buffers to {@code rows} rows; the only allocation of a warm trainer's step. */
    private MethodSpec ensure(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("ensure")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "rows")
                .beginControlFlow("if (rows <= capacity)")
                .addStatement("return")
                .endControlFlow()
                .addStatement("capacity = rows")
                .addCode(kernel.allocateInput());
        chunked(t, m, "allocate", kernel.allocate(), List.of(ParameterSpec.builder(int.class, "rows").build()), "rows",
                false);
        return m.build();
    }

    private MethodSpec forward(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward")
                .addModifiers(Modifier.PRIVATE)
                .returns(int.class)
                .addParameter(type.matrix(), "inputs")
                .addParameter(boolean.class, "training")
                .addStatement("int rows = inputs.length")
                .addStatement("ensure(rows)")
                .addCode(kernel.gatherInput());
        chunked(t, m, "forward", kernel.forward(), List.of(ParameterSpec.builder(int.class, "rows").build(),
                ParameterSpec.builder(boolean.class, "training").build()), "rows, training", false);
        return m.addStatement("return rows").build();
    }

    /** A double expression as the network's scalar: cast for float, as it is for double. */
    private CodeBlock narrow(CodeBlock value) {
        return type.isDouble() ? value : CodeBlock.of("(float) ($L)", value);
    }

    /** The gradient at the output back through the layers into every array's gradient. */
    private MethodSpec backward(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "rows");
        chunked(t, m, "backward", kernel.backward(), List.of(ParameterSpec.builder(int.class, "rows").build()), "rows",
                false);
        return m.build();
    }

    private MethodSpec penalty(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("penalty")
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addJavadoc("The regularization loss of the weights now.\n")
                .addStatement("double sum = 0");
        chunked(t, m, "penalty", kernel.penalties(), List.of(), "", true);
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
        chunked(t, m, "snapshot", kernel.snapshot(), List.of(ParameterSpec.builder(list, "arrays").build()), "arrays",
                false);
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

package dev.netc.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Activations;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.InputWidth;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Summary;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Generates the Java class of one network (spec §5): constants, factories, {@code save},
 * {@code summary}, and a forward pass specialized to the network's widths and activations.
 *
 * <p>Weights are never embedded in the source: they come from {@code .npz} files or the seeded
 * generator at run time, so class-file limits do not depend on layer sizes. Generation is an
 * outline of small steps over one {@link TypeSpec.Builder}.
 */
public final class NetworkGenerator {
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    private static final int LAYERS_PER_METHOD = 100;

    private final Architecture architecture;
    private final ClassName self;
    private final boolean pretrained;
    private final String sourceName;
    private final boolean isDouble;
    private final TypeName scalar;
    private final TypeName vector;
    private final TypeName matrix;
    private final String suffix;

    private NetworkGenerator(Architecture architecture, String packageName, boolean pretrained, String sourceName) {
        this.architecture = architecture;
        this.self = ClassName.get(packageName, architecture.name());
        this.pretrained = pretrained;
        this.sourceName = sourceName;
        this.isDouble = architecture.precision() == Precision.DOUBLE;
        this.scalar = isDouble ? TypeName.DOUBLE : TypeName.FLOAT;
        this.vector = ArrayTypeName.of(scalar);
        this.matrix = ArrayTypeName.of(vector);
        this.suffix = isDouble ? "" : "f";
    }

    /**
     * The source file of the class for {@code architecture}.
     *
     * @param packageName the class's package, "" for the default package
     * @param pretrained whether the network has a {@code weights} directive, bundled as
     *     {@link #pretrainedResource(Architecture)} next to the class
     * @param sourceName the {@code .net} file it comes from, for the class comment
     */
    public static JavaFile generate(Architecture architecture, String packageName, boolean pretrained,
            String sourceName) {
        NetworkGenerator generator = new NetworkGenerator(architecture, packageName, pretrained, sourceName);
        return JavaFile.builder(packageName, generator.type())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /** The resource name of the bundled weights, relative to the class: {@code Mlp.npz}. */
    public static String pretrainedResource(Architecture architecture) {
        return architecture.name() + ".npz";
    }

    private TypeSpec type() {
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", NetworkGenerator.class.getName())
                        .addMember("comments", "$S", "from " + sourceName)
                        .build())
                .addJavadoc(classComment());
        addConstants(type);
        addLayerList(type);
        addWeightFields(type);
        addConstructor(type);
        addFactories(type);
        if (pretrained) {
            addPretrained(type);
        }
        addSave(type);
        addPredictOne(type);
        addPredictBatch(type);
        addLayerOutputs(type);
        addForward(type);
        addLayerMethods(type);
        addDescription(type);
        return type.build();
    }

    private CodeBlock classComment() {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The network of {@code $L}: $L inputs, $L outputs, computing in {@code $L}.\n\n", sourceName,
                        architecture.inputSize(), architecture.outputSize(), architecture.precision().keyword())
                .add("<pre>\n");
        for (Layer layer : architecture.layers()) {
            doc.add("$L\n", describe(layer));
        }
        return doc.add("</pre>\n\n")
                .add("<p>Thread-safe: weights are immutable after construction and {@code predict} keeps its\n")
                .add("working memory on the stack or in per-call arrays, so one instance may serve many threads.\n")
                .build();
    }

    private static String describe(Layer layer) {
        if (layer instanceof DenseLayer d) {
            return d.name() + ": dense " + d.inputSize() + " -> " + d.outputSize() + " " + d.activation()
                    + (d.useBias() ? "" : ", no bias");
        }
        return layer.name() + ": " + layer.activation();
    }

    // ---- constants and state

    private void addConstants(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, "INPUT_SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Values per sample {@code predict} takes.\n")
                .initializer("$L", architecture.inputSize())
                .build());
        type.addField(FieldSpec.builder(int.class, "OUTPUT_SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Values per sample {@code predict} returns.\n")
                .initializer("$L", architecture.outputSize())
                .build());
        type.addField(FieldSpec.builder(Architecture.class, "ARCHITECTURE", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .initializer(architectureLiteral())
                .build());
    }

    private CodeBlock architectureLiteral() {
        CodeBlock seed = architecture.seed().isPresent()
                ? CodeBlock.of("$T.of($LL)", OptionalLong.class, architecture.seed().getAsLong())
                : CodeBlock.of("$T.empty()", OptionalLong.class);
        return CodeBlock.of("new $T($S, $L, $T.$L, $L, layers())", Architecture.class, architecture.name(),
                architecture.inputSize(), Precision.class, architecture.precision().name(), seed);
    }

    /**
     * {@code layers()} and the methods it calls, each adding at most {@link #LAYERS_PER_METHOD}
     * layers, so that deep networks stay inside the JVM's 64 KB limit per method.
     */
    private void addLayerList(TypeSpec.Builder type) {
        TypeName list = ParameterizedTypeName.get(List.class, Layer.class);
        MethodSpec.Builder layers = MethodSpec.methodBuilder("layers")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(list)
                .addStatement("$T layers = new $T<>()", list, ArrayList.class);
        List<Layer> all = architecture.layers();
        for (int start = 0, part = 0; start < all.size(); start += LAYERS_PER_METHOD, part++) {
            String name = "addLayers" + part;
            layers.addStatement("$L(layers)", name);
            MethodSpec.Builder add = MethodSpec.methodBuilder(name)
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(list, "layers");
            for (Layer layer : all.subList(start, Math.min(all.size(), start + LAYERS_PER_METHOD))) {
                add.addStatement("layers.add($L)", layerLiteral(layer));
            }
            type.addMethod(add.build());
        }
        type.addMethod(layers.addStatement("return layers").build());
    }

    private static CodeBlock layerLiteral(Layer layer) {
        if (layer instanceof DenseLayer d) {
            return CodeBlock.of("new $T($S, $L, $L, $L, $L, $L, $L)", DenseLayer.class, d.name(), d.inputSize(),
                    d.outputSize(), activationLiteral(d.activation()), d.useBias(),
                    initializerLiteral(d.kernelInitializer()), initializerLiteral(d.biasInitializer()));
        }
        return CodeBlock.of("new $T($S, $L, $L)", ActivationLayer.class, layer.name(), layer.inputSize(),
                activationLiteral(layer.activation()));
    }

    private static CodeBlock activationLiteral(ActivationCall call) {
        return CodeBlock.of("new $T($T.$L, $L)", ActivationCall.class, Activation.class, call.activation().name(),
                doubleList(call.arguments()));
    }

    private static CodeBlock initializerLiteral(InitializerCall call) {
        return CodeBlock.of("new $T($T.$L, $L)", InitializerCall.class, dev.netc.runtime.Initializer.class,
                call.initializer().name(), doubleList(call.arguments()));
    }

    private static CodeBlock doubleList(List<Double> values) {
        return CodeBlock.of("$T.of($L)", List.class,
                values.stream().map(v -> Double.toString(v)).collect(Collectors.joining(", ")));
    }

    private void addWeightFields(TypeSpec.Builder type) {
        for (int k = 0; k < architecture.layers().size(); k++) {
            if (!(architecture.layers().get(k) instanceof DenseLayer layer)) {
                continue;
            }
            type.addField(FieldSpec.builder(vector, weights(k), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L: weights ($L, $L), row-major, as {@code inputs @ weights}.\n", layer.name(),
                            layer.inputSize(), layer.outputSize())
                    .build());
            if (layer.useBias()) {
                type.addField(FieldSpec.builder(vector, biases(k), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("$L: biases ($L,).\n", layer.name(), layer.outputSize())
                        .build());
            }
        }
    }

    private void addConstructor(TypeSpec.Builder type) {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(Weights.class, "weights");
        String read = isDouble ? "doubles" : "floats";
        for (int k = 0; k < architecture.layers().size(); k++) {
            if (!(architecture.layers().get(k) instanceof DenseLayer layer)) {
                continue;
            }
            constructor.addStatement("this.$N = weights.$L($S)", weights(k), read, layer.weightsKey());
            if (layer.useBias()) {
                constructor.addStatement("this.$N = weights.$L($S)", biases(k), read, layer.biasesKey());
            }
        }
        type.addMethod(constructor.build());
    }

    // ---- factories and persistence

    private void addFactories(TypeSpec.Builder type) {
        MethodSpec.Builder random = MethodSpec.methodBuilder("random")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self);
        if (architecture.seed().isPresent()) {
            random.addJavadoc("Weights drawn from each layer's initializer with the file's {@code seed $L}, the same"
                            + " on every run.\n", architecture.seed().getAsLong())
                    .addStatement("return random($LL)", architecture.seed().getAsLong());
        } else {
            random.addJavadoc("Fresh random weights from each layer's initializer, different on every call, as the"
                            + " tutorial's {@code np.random.randn(...) * 0.1} does.\n")
                    .addStatement("return random($T.current().nextLong())", ThreadLocalRandom.class);
        }
        type.addMethod(random.build());
        type.addMethod(MethodSpec.methodBuilder("random")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(long.class, "seed")
                .addJavadoc("Reproducible weights: with the default {@code normal(0.1)} initializer they equal\n"
                        + "{@code np.random.seed(seed); np.random.randn(IN, OUT) * 0.1}, layer after layer.\n")
                .addStatement("return new $T($T.random(ARCHITECTURE, seed))", self, Weights.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("load")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(Path.class, "npz")
                .addException(IOException.class)
                .addJavadoc("Weights from an {@code .npz} file written by {@code np.savez}, {@code np.savez_compressed}\n"
                        + "or {@link #save(Path)}, with arrays {@code LAYER.weights} and {@code LAYER.biases}.\n\n"
                        + "@throws IOException naming the array and what was expected when the file does not fit\n")
                .addStatement("return new $T($T.read(ARCHITECTURE, npz))", self, Weights.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("load")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(InputStream.class, "npz")
                .addException(IOException.class)
                .addJavadoc("As {@link #load(Path)}, from a stream (which is read but not closed).\n")
                .addStatement("return new $T($T.read(ARCHITECTURE, npz, $S))", self, Weights.class, "the input stream")
                .build());
    }

    private void addPretrained(TypeSpec.Builder type) {
        String resource = pretrainedResource(architecture);
        type.addField(FieldSpec.builder(self, "pretrained", Modifier.PRIVATE, Modifier.STATIC, Modifier.VOLATILE)
                .build());
        type.addMethod(MethodSpec.methodBuilder("pretrained")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addJavadoc("The network with the weights named by its {@code weights} directive, bundled as the\n"
                        + "resource {@code $L} next to this class. Loaded once, then shared (instances are immutable).\n\n"
                        + "@throws UncheckedIOException if the bundled resource is missing or unreadable\n", resource)
                .addStatement("$T network = pretrained", self)
                .beginControlFlow("if (network == null)")
                .beginControlFlow("synchronized ($T.class)", self)
                .addStatement("network = pretrained")
                .beginControlFlow("if (network == null)")
                .addStatement("network = loadResource($S)", resource)
                .addStatement("pretrained = network")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .addStatement("return network")
                .build());
        type.addMethod(MethodSpec.methodBuilder("loadResource")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(self)
                .addParameter(String.class, "name")
                .beginControlFlow("try ($T in = $T.class.getResourceAsStream(name))", InputStream.class, self)
                .beginControlFlow("if (in == null)")
                .addStatement("throw new $T(new $T(\"resource \" + name + \" is missing next to \" + $T.class.getName()"
                        + " + \"; netc:generate bundles it with the class\"))", UncheckedIOException.class,
                        IOException.class, self)
                .endControlFlow()
                .addStatement("return new $T($T.read(ARCHITECTURE, new $T(in), name))", self, Weights.class,
                        BufferedInputStream.class)
                .nextControlFlow("catch ($T e)", IOException.class)
                .addStatement("throw new $T(\"cannot load the pretrained weights \" + name, e)", UncheckedIOException.class)
                .endControlFlow()
                .build());
    }

    private void addSave(TypeSpec.Builder type) {
        List<CodeBlock> arrays = new ArrayList<>();
        String of = isDouble ? "ofDoubles" : "ofFloats";
        for (int k = 0; k < architecture.layers().size(); k++) {
            if (!(architecture.layers().get(k) instanceof DenseLayer layer)) {
                continue;
            }
            arrays.add(CodeBlock.of("$T.$L($S, new int[] {$L, $L}, $N)", NpyArray.class, of, layer.weightsKey(),
                    layer.inputSize(), layer.outputSize(), weights(k)));
            if (layer.useBias()) {
                arrays.add(CodeBlock.of("$T.$L($S, new int[] {$L}, $N)", NpyArray.class, of, layer.biasesKey(),
                        layer.outputSize(), biases(k)));
            }
        }
        type.addMethod(MethodSpec.methodBuilder("save")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(Path.class, "npz")
                .addException(IOException.class)
                .addJavadoc("Writes the weights to an {@code .npz} file that {@code np.load} and {@link #load(Path)} read.\n"
                        + "The file is replaced atomically.\n")
                .addStatement("$T.write(npz, $T.of(\n$>$>$L$<$<))", NpzWriter.class, List.class,
                        CodeBlock.join(arrays, ",\n"))
                .build());
    }

    // ---- the forward pass

    private void addPredictOne(TypeSpec.Builder type) {
        MethodSpec.Builder predict = MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .returns(vector)
                .addParameter(vector, "input")
                .addJavadoc("The network's output for one sample.\n\n"
                        + "@throws IllegalArgumentException if {@code input} does not have {@link #INPUT_SIZE} values\n")
                .addStatement("$T.check(INPUT_SIZE, input.length)", InputWidth.class)
                .addStatement("$T output = new $T[OUTPUT_SIZE]", vector, scalar);
        declareBuffers(predict);
        predict.addStatement("forward($L)", forwardArguments("input", "output"))
                .addStatement("return output");
        type.addMethod(predict.build());
    }

    private void addPredictBatch(TypeSpec.Builder type) {
        MethodSpec.Builder predict = MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .returns(matrix)
                .addParameter(matrix, "batch")
                .addJavadoc("The network's output for each row of {@code batch}, one row per sample, as the tutorial's\n"
                        + "{@code forward} on a batch.\n\n"
                        + "@throws IllegalArgumentException if a row does not have {@link #INPUT_SIZE} values\n")
                .addStatement("$T outputs = new $T[batch.length][]", matrix, scalar);
        declareBuffers(predict);
        predict.beginControlFlow("for (int r = 0; r < batch.length; r++)")
                .addStatement("$T input = batch[r]", vector)
                .beginControlFlow("if (input.length != INPUT_SIZE)")
                .addStatement("throw new $T($T.message(INPUT_SIZE, input.length, r))", IllegalArgumentException.class,
                        InputWidth.class)
                .endControlFlow()
                .addStatement("$T output = new $T[OUTPUT_SIZE]", vector, scalar)
                .addStatement("forward($L)", forwardArguments("input", "output"))
                .addStatement("outputs[r] = output")
                .endControlFlow()
                .addStatement("return outputs");
        type.addMethod(predict.build());
    }

    private void addLayerOutputs(TypeSpec.Builder type) {
        List<Layer> layers = architecture.layers();
        MethodSpec.Builder method = MethodSpec.methodBuilder("layerOutputs")
                .addModifiers(Modifier.PUBLIC)
                .returns(ArrayTypeName.of(matrix))
                .addParameter(matrix, "batch")
                .addJavadoc("Every layer's output for {@code batch}, in layer order ($L), as the tutorial prints\n"
                        + "{@code dense1.output}, {@code activation1.output}, ... Element {@code [l][r]} is layer\n"
                        + "{@code l}'s output for row {@code r}.\n\n"
                        + "@throws IllegalArgumentException if a row does not have {@link #INPUT_SIZE} values\n",
                        layers.stream().map(Layer::name).collect(Collectors.joining(", ")))
                .addStatement("$T outputs = new $T[$L][batch.length][]", ArrayTypeName.of(matrix), scalar,
                        layers.size())
                .beginControlFlow("for (int r = 0; r < batch.length; r++)")
                .addStatement("$T x = batch[r]", vector)
                .beginControlFlow("if (x.length != INPUT_SIZE)")
                .addStatement("throw new $T($T.message(INPUT_SIZE, x.length, r))", IllegalArgumentException.class,
                        InputWidth.class)
                .endControlFlow();
        method.addStatement("$T y", vector);
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (layer instanceof DenseLayer) {
                method.addStatement("y = new $T[$L]", scalar, layer.outputSize())
                        .addStatement("$L(x, y)", layerMethod(l));
            } else {
                method.addStatement("y = x.clone()")
                        .addStatement("$L(y)", layerMethod(l));
            }
            method.addStatement("outputs[$L][r] = y", l)
                    .addStatement("x = y");
        }
        type.addMethod(method.endControlFlow().addStatement("return outputs").build());
    }

    /**
     * Dense layers but the last write into two working rows used in turn (the last writes into the
     * result), so the number of rows, and of {@code forward}'s parameters, does not grow with depth.
     */
    private int workingRows() {
        return Math.min(2, Math.max(0, architecture.denseLayers().size() - 1));
    }

    /** The width of the working rows: the widest output of a dense layer that is not the last. */
    private int workingWidth() {
        List<DenseLayer> dense = architecture.denseLayers();
        return dense.subList(0, Math.max(0, dense.size() - 1)).stream().mapToInt(DenseLayer::outputSize).max()
                .orElse(0);
    }

    private void declareBuffers(MethodSpec.Builder method) {
        for (int k = 0; k < workingRows(); k++) {
            method.addStatement("$T $L = new $T[$L]", vector, buffer(k), scalar, workingWidth());
        }
    }

    private String forwardArguments(String input, String output) {
        List<String> names = new ArrayList<>();
        names.add(input);
        for (int k = 0; k < workingRows(); k++) {
            names.add(buffer(k));
        }
        names.add(output);
        return String.join(", ", names);
    }

    private void addForward(TypeSpec.Builder type) {
        MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(vector, "input");
        for (int k = 0; k < workingRows(); k++) {
            forward.addParameter(vector, buffer(k));
        }
        forward.addParameter(vector, "output");
        int denseCount = architecture.denseLayers().size();
        String current = "input";
        boolean inputCopied = false;
        if (denseCount == 0) {
            forward.addStatement("$T.arraycopy(input, 0, output, 0, INPUT_SIZE)", System.class);
            current = "output";
        }
        int k = 0;
        for (int l = 0; l < architecture.layers().size(); l++) {
            if (architecture.layers().get(l) instanceof DenseLayer) {
                String target = k == denseCount - 1 ? "output" : buffer(k);
                forward.addStatement("$L($L, $L)", layerMethod(l), current, target);
                current = target;
                k++;
            } else {
                if (current.equals("input") && !inputCopied) {
                    // An activation ahead of every dense layer must not change the caller's array.
                    forward.addStatement("input = input.clone()");
                    inputCopied = true;
                }
                forward.addStatement("$L($L)", layerMethod(l), current);
            }
        }
        type.addMethod(forward.build());
    }

    private void addLayerMethods(TypeSpec.Builder type) {
        for (int k = 0; k < architecture.layers().size(); k++) {
            Layer layer = architecture.layers().get(k);
            type.addMethod(layer instanceof DenseLayer dense ? denseMethod(k, dense) : activationMethod(k, layer));
        }
    }

    private MethodSpec denseMethod(int k, DenseLayer layer) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerMethod(k))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L: {@code out = $L(in @ weights$L)}.\n", layer.name(), layer.activation(),
                        layer.useBias() ? " + biases" : "")
                .addParameter(vector, "in")
                .addParameter(vector, "out")
                .addStatement("$T w = $N", vector, weights(k));
        if (layer.useBias()) {
            method.addStatement("$T.arraycopy($N, 0, out, 0, $L)", System.class, biases(k), out);
        } else {
            method.addStatement("$T.fill(out, 0, $L, 0$L)", java.util.Arrays.class, out, suffix);
        }
        method.beginControlFlow("for (int i = 0; i < $L; i++)", in)
                .addStatement("$T x = in[i]", scalar)
                .addStatement("int row = i * $L", out)
                .beginControlFlow("for (int j = 0; j < $L; j++)", out)
                .addStatement("out[j] += x * w[row + j]")
                .endControlFlow()
                .endControlFlow();
        addActivation(method, layer.activation(), "out", out);
        return method.build();
    }

    private MethodSpec activationMethod(int k, Layer layer) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerMethod(k))
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("$L: {@code row = $L(row)}, in place.\n", layer.name(), layer.activation())
                .addParameter(vector, "row");
        addActivation(method, layer.activation(), "row", layer.outputSize());
        return method.build();
    }

    /** Applies {@code call} in place to the first {@code width} values of {@code row}. */
    private void addActivation(MethodSpec.Builder method, ActivationCall call, String row, int width) {
        Activation activation = call.activation();
        if (activation == Activation.LINEAR) {
            return;
        }
        if (activation.isRowWise()) {
            method.addStatement("$T.$L($L, 0, $L)", Activations.class, activation.methodName(), row, width);
            return;
        }
        StringBuilder args = new StringBuilder();
        for (double value : call.argumentArray()) {
            args.append(", ").append(isDouble ? Double.toString(value) : Float.toString((float) value) + "f");
        }
        method.beginControlFlow("for (int j = 0; j < $L; j++)", width)
                .addStatement("$L[j] = $T.$L($L[j]$L)", row, Activations.class, activation.methodName(), row, args)
                .endControlFlow();
    }

    // ---- description

    private void addDescription(TypeSpec.Builder type) {
        type.addMethod(MethodSpec.methodBuilder("summary")
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addJavadoc("A Keras-style table of the layers, their output shapes, activations and parameter counts.\n")
                .addStatement("return $T.of(ARCHITECTURE)", Summary.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("architecture")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(Architecture.class)
                .addJavadoc("The network's layers as data, e.g. to run it in the reference interpreter.\n")
                .addStatement("return ARCHITECTURE")
                .build());
    }

    // ---- names

    private static String weights(int k) {
        return "weights" + k;
    }

    private static String biases(int k) {
        return "biases" + k;
    }

    /** The working row dense layer {@code k} (not the last) writes into. */
    private static String buffer(int k) {
        return k % 2 == 0 ? "a" : "b";
    }

    private static String layerMethod(int k) {
        return "layer" + k;
    }
}

package dev.netc.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.codegen.kernel.LayerText;
import dev.netc.codegen.kernel.ScalarType;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DoubleNetwork;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.FloatNetwork;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Summary;
import dev.netc.runtime.Weights;
import dev.netc.runtime.internal.Pretrained;
import dev.netc.runtime.internal.RuntimeVersion;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzWriter;
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
    private final ForwardPassGenerator forwardPass;

    private NetworkGenerator(Architecture architecture, String packageName, boolean pretrained, String sourceName) {
        this.architecture = architecture;
        this.self = ClassName.get(packageName, architecture.name());
        this.pretrained = pretrained;
        this.sourceName = sourceName;
        this.forwardPass = new ForwardPassGenerator(architecture, new ScalarType(architecture.precision()), self);
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
        // java.lang classes are imported by name: a network named String or Math in the same
        // package would otherwise hide them from the package's other generated classes.
        return JavaFile.builder(packageName, generator.type())
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
                .addSuperinterface(architecture.precision() == Precision.DOUBLE ? DoubleNetwork.class : FloatNetwork.class)
                .addJavadoc(classComment());
        addConstants(type);
        addLayerList(type);
        forwardPass.kernel().weightFields().addFields(type);
        addConstructor(type);
        addFactories(type);
        if (pretrained) {
            addPretrained(type);
        }
        addSave(type);
        forwardPass.addTo(type);
        new TrainerGenerator(architecture, new ScalarType(architecture.precision()), self).addTo(type);
        addDescription(type);
        return type.build();
    }

    private CodeBlock classComment() {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The network of {@code $L}: $L inputs, $L outputs, computing in {@code $L}.\n\n", sourceName,
                        architecture.inputSize(), architecture.outputSize(), architecture.precision().keyword())
                .add("<pre>\n");
        for (Layer layer : architecture.layers()) {
            doc.add("$L\n", LayerText.describe(layer));
        }
        String workspace = ForwardPassGenerator.workspaceName(architecture.name());
        return doc.add("</pre>\n\n")
                .add("<p>Thread-safe: weights are immutable after construction, and {@code predict} keeps its working\n")
                .add("memory in local variables or in a {@link $L} of the calling thread, so one instance may\n", workspace)
                .add("serve many threads. A {@code $L} passed in explicitly must not be shared between threads.\n", workspace)
                .build();
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
                .build());
        // The version check comes first, so that a class run with another runtime fails with a message
        // that says so rather than with whatever the first changed runtime call would throw. So the
        // constants that need the runtime are assigned here, after it, not where they are declared.
        CodeBlock.Builder init = CodeBlock.builder()
                .addStatement("$T.check($S, $T.class)", RuntimeVersion.class, GeneratorVersion.current(), self)
                .addStatement("ARCHITECTURE = $L", architectureLiteral());
        if (pretrained) {
            init.addStatement("PRETRAINED = $L", pretrainedHolder());
        }
        type.addStaticBlock(init.build());
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
        if (layer instanceof DenseLayer d && d.regularization().isNone()) {
            return CodeBlock.of("new $T($S, $L, $L, $L, $L, $L, $L)", DenseLayer.class, d.name(), d.inputSize(),
                    d.outputSize(), activationLiteral(d.activation()), d.useBias(),
                    initializerLiteral(d.kernelInitializer()), initializerLiteral(d.biasInitializer()));
        }
        if (layer instanceof DenseLayer d) {
            Regularization r = d.regularization();
            return CodeBlock.of("new $T($S, $L, $L, $L, $L, $L, $L, new $T($L, $L, $L, $L))", DenseLayer.class, d.name(),
                    d.inputSize(), d.outputSize(), activationLiteral(d.activation()), d.useBias(),
                    initializerLiteral(d.kernelInitializer()), initializerLiteral(d.biasInitializer()),
                    Regularization.class, Double.toString(r.l1()), Double.toString(r.l2()),
                    Double.toString(r.biasL1()), Double.toString(r.biasL2()));
        }
        if (layer instanceof DropoutLayer d) {
            return CodeBlock.of("new $T($S, $L, $L)", DropoutLayer.class, d.name(), d.inputSize(),
                    Double.toString(d.rate()));
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

    private void addConstructor(TypeSpec.Builder type) {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(Weights.class, "weights");
        forwardPass.kernel().weightFields().load(constructor);
        type.addMethod(constructor.build());
    }

    private void addFactories(TypeSpec.Builder type) {
        MethodSpec.Builder random = MethodSpec.methodBuilder("random")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self);
        if (architecture.seed().isPresent()) {
            random.addJavadoc("Weights drawn from each layer's initializer with the file's {@code seed $L}, the same"
                            + " on every run.\n", architecture.seed().getAsLong())
                    .addJavadoc("\n@return a new instance\n")
                    .addStatement("return random($LL)", architecture.seed().getAsLong());
        } else {
            random.addJavadoc("Fresh random weights from each layer's initializer, different on every call, as the"
                            + " tutorial's {@code np.random.randn(...) * 0.1} does.\n")
                    .addJavadoc("\n@return a new instance\n")
                    .addStatement("return random($T.current().nextLong())", ThreadLocalRandom.class);
        }
        type.addMethod(random.build());
        type.addMethod(MethodSpec.methodBuilder("random")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(long.class, "seed")
                .addJavadoc("Reproducible weights: with the default {@code normal(0.1)} initializer they equal\n"
                        + "{@code np.random.seed(seed); np.random.randn(IN, OUT) * 0.1}, layer after layer.\n\n"
                        + "@param seed NumPy's seed: 0 to 2^32 - 1, or any other 64-bit value\n"
                        + "@return a new instance, the same for the same seed\n")
                .addStatement("return new $T($T.random(ARCHITECTURE, seed))", self, Weights.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("load")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(Path.class, "npz")
                .addException(IOException.class)
                .addJavadoc("Weights from an {@code .npz} file written by {@code np.savez}, {@code np.savez_compressed}\n"
                        + "or {@link #save(Path)}, with arrays {@code LAYER.weights} and {@code LAYER.biases}.\n\n"
                        + "@param npz the weight file\n"
                        + "@return a new instance with those weights\n"
                        + "@throws IOException naming the array and what was expected when the file does not fit\n")
                .addStatement("return new $T($T.read(ARCHITECTURE, npz))", self, Weights.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("load")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(InputStream.class, "npz")
                .addException(IOException.class)
                .addJavadoc("As {@link #load(Path)}, from a stream (which is read but not closed).\n\n"
                        + "@param npz the weight file's bytes\n"
                        + "@return a new instance with those weights\n"
                        + "@throws IOException naming the array and what was expected when the stream does not fit\n")
                .addStatement("return new $T($T.read(ARCHITECTURE, npz, $S))", self, Weights.class, "the input stream")
                .build());
    }

    private void addPretrained(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(Pretrained.class), self), "PRETRAINED",
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .build());
        type.addMethod(MethodSpec.methodBuilder("pretrained")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addJavadoc("The network with the weights named by its {@code weights} directive, bundled as the\n"
                        + "resource {@code $L} next to this class. Loaded once, then shared (instances are immutable).\n\n"
                        + "@return the shared instance\n"
                        + "@throws $T if the bundled resource is missing or unreadable\n",
                        pretrainedResource(architecture), UncheckedIOException.class)
                .addStatement("return PRETRAINED.get()")
                .build());
    }

    /**
     * The holder of {@code pretrained()}'s instance. The class opens its own resource: one in a named
     * module is found only by a caller of that module.
     */
    private CodeBlock pretrainedHolder() {
        return CodeBlock.of("new $T<>($T.class, $S,\nname -> $T.class.getResourceAsStream(name),\n"
                        + "(npz, name) -> new $T($T.read(ARCHITECTURE, npz, name)))", Pretrained.class, self,
                pretrainedResource(architecture), self, self, Weights.class);
    }

    private void addSave(TypeSpec.Builder type) {
        type.addMethod(MethodSpec.methodBuilder("save")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(Path.class, "npz")
                .addException(IOException.class)
                .addJavadoc("Writes the weights to an {@code .npz} file that {@code np.load} and {@link #load(Path)} read.\n"
                        + "The file is replaced atomically: written beside it, then moved over it, so it has a new file's\n"
                        + "permissions and a symbolic link is replaced, not followed; missing folders are created.\n\n"
                        + "@param npz the file to write\n"
                        + "@throws IOException if the file cannot be written\n")
                .addStatement("$T.write(npz, arrays())", NpzWriter.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("arrays")
                .addModifiers(Modifier.PRIVATE)
                .returns(ParameterizedTypeName.get(List.class, NpyArray.class))
                .addJavadoc("The weights as arrays in the file layout.\n")
                .addStatement("return $T.of(\n$>$>$L$<$<)", List.class,
                        CodeBlock.join(forwardPass.kernel().weightFields().arrays(), ",\n"))
                .build());
    }

    // ---- description

    private void addDescription(TypeSpec.Builder type) {
        type.addMethod(MethodSpec.methodBuilder("inputSize")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("@return {@link #INPUT_SIZE}, for code that takes any network\n")
                .addStatement("return INPUT_SIZE")
                .build());
        type.addMethod(MethodSpec.methodBuilder("outputSize")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("@return {@link #OUTPUT_SIZE}, for code that takes any network\n")
                .addStatement("return OUTPUT_SIZE")
                .build());
        type.addMethod(MethodSpec.methodBuilder("summary")
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addJavadoc("A Keras-style table of the layers, their output shapes, activations and parameter counts.\n\n"
                        + "@return the table, one line per layer\n")
                .addStatement("return $T.of(ARCHITECTURE)", Summary.class)
                .build());
        type.addMethod(MethodSpec.methodBuilder("architecture")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(Architecture.class)
                .addJavadoc("The network's layers as data, e.g. to run it in the reference interpreter.\n\n"
                        + "@return the architecture, immutable\n")
                .addStatement("return ARCHITECTURE")
                .build());
    }
}

package dev.netc.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.dsl.check.ClassNames;
import dev.netc.dsl.diag.SourceText;
import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.runtime.Activation;
import dev.netc.runtime.Precision;
import dev.netc.runtime.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.SourceVersion;

/**
 * Turns the ONNX file of a trained multilayer perceptron into a netc network: a {@code .net} file
 * and its {@code .npz} weights.
 *
 * <p>It understands the graphs that exporters write for dense networks: PyTorch's {@code Gemm}
 * (with {@code transB}, {@code alpha}, {@code beta}, after {@code Flatten}) and {@code MatMul} +
 * {@code Add}; tf2onnx's {@code MatMul} + {@code Add} with {@code Identity} and {@code Reshape};
 * skl2onnx's {@code Cast}, {@code MatMul}, {@code Add}, activations, {@code Softmax}, and its
 * label and {@code ZipMap} outputs (left out; the probabilities are the network's output).
 * Every netc activation is recognised, whether written as one operator or as the formula in
 * primitive operators, and per-feature scalings and shifts (bias adds, BatchNormalization,
 * Keras' Normalization, skl2onnx's Scaler) are folded into the adjacent dense layer. Anything
 * else is refused with an {@link OnnxImportException} naming the node, its operator and why.
 *
 * <p>Thread-safe: stateless; concurrent imports need no lock.
 */
public final class OnnxImporter {
    private OnnxImporter() {}

    /** Imports {@code file}; the network is named after the file in UpperCamelCase ({@code iris_mlp.onnx} -> {@code IrisMlp}). */
    public static ImportedNetwork read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Imports {@code file} as the network {@code networkName}, or the file's name in UpperCamelCase
     * when it is null.
     *
     * @throws OnnxImportException if the file is not an ONNX model or its graph is not a dense network
     * @throws IOException if the file cannot be read
     */
    public static ImportedNetwork read(Path file, String networkName) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return read(bytes, file.getFileName().toString(), networkName);
    }

    /**
     * Imports the ONNX model in {@code bytes}; {@code fileName} names it in messages and gives the
     * file stem ({@code mlp.onnx} -> {@code mlp.net}, {@code mlp.npz}) and the default network name.
     */
    public static ImportedNetwork read(byte[] bytes, String fileName, String networkName) throws OnnxImportException {
        String stem = stem(fileName);
        String name = networkName != null ? networkName : className(stem);
        if (!SourceVersion.isName(name) || name.contains(".")) {
            throw new OnnxImportException(fileName, "'" + name + "' cannot name a Java class; choose another"
                    + " network name");
        }
        ModelProto model = parse(bytes, fileName);
        GraphImport.Result result;
        try {
            result = new GraphImport(model).run();
        } catch (Refusal e) {
            throw new OnnxImportException(fileName, e.getMessage());
        } catch (RuntimeException e) {
            throw new OnnxImportException(fileName, "malformed or unsupported ONNX graph (" + e + ")", e);
        }
        return build(result, fileName, stem, name, "netc".equals(model.getProducerName()));
    }

    private static ModelProto parse(byte[] bytes, String fileName) throws OnnxImportException {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            // ONNX files of large models pass protobuf's default 100 MB limit; the JVM's array size bounds them anyway.
            in.setSizeLimit(Integer.MAX_VALUE);
            ModelProto model = ModelProto.parseFrom(in);
            if (!model.hasGraph()) {
                throw new OnnxImportException(fileName, "not an ONNX model (no graph in "
                        + bytes.length + " bytes)");
            }
            return model;
        } catch (OnnxImportException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(fileName, "not an ONNX model (the protobuf data is malformed: "
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new OnnxImportException(fileName, "not an ONNX model (" + e.getMessage() + ")", e);
        }
    }

    /** @param fromNetc whether netc exported the model: its node names are netc's layer names, kept as they are */
    private static ImportedNetwork build(GraphImport.Result r, String fileName, String stem, String name,
            boolean fromNetc) {
        List<DenseStep> dense = r.steps().stream().filter(DenseStep.class::isInstance)
                .map(DenseStep.class::cast).toList();
        List<String> names = LayerNames.assign(dense.stream().map(d -> d.nameHints).toList(), fromNetc);
        boolean doubles = r.precision() == Precision.DOUBLE;
        List<NpyArray> arrays = new ArrayList<>();
        StringBuilder layers = new StringBuilder();
        int next = 0;
        for (Object step : r.steps()) {
            if (step instanceof DenseStep d) {
                String layer = names.get(next++);
                int[] shape = {d.in, d.out};
                arrays.add(doubles ? NpyArray.ofDoubles(layer + ".weights", shape, d.weights)
                        : NpyArray.ofFloats(layer + ".weights", shape, toFloats(d.weights)));
                if (d.biases != null) {
                    arrays.add(doubles ? NpyArray.ofDoubles(layer + ".biases", new int[] {d.out}, d.biases)
                            : NpyArray.ofFloats(layer + ".biases", new int[] {d.out}, toFloats(d.biases)));
                }
                layers.append("dense ").append(d.in).append(" -> ").append(d.out);
                if (d.activation.activation() != Activation.LINEAR) {
                    layers.append(' ').append(d.activation);
                }
                layers.append(" name=").append(layer);
                if (d.biases == null) {
                    layers.append(" bias=false");
                }
                layers.append(";\n");
            } else {
                layers.append(((ActivationStep) step).activation()).append(";\n");
            }
        }
        StringBuilder header = new StringBuilder();
        header.append("// Imported from ").append(clean(fileName));
        List<String> about = new ArrayList<>();
        if (!r.producer().isEmpty()) {
            about.add("written by " + clean(r.producer()));
        }
        about.add("ONNX opset " + r.opset());
        header.append(" (").append(String.join(", ", about)).append(") by netc.\n");
        header.append("// Input '").append(clean(r.inputName())).append("' ").append(r.inputShape())
                .append(", output '").append(clean(r.outputName())).append("'.\n");
        for (String note : r.notes()) {
            header.append("// Note: ").append(clean(note)).append(".\n");
        }
        String directives = "network " + name + ";\n"
                + "input " + r.inputWidth() + ";\n"
                + "precision " + r.precision().keyword() + ";\n";
        String weights = "weights \"" + stem.replace("\\", "\\\\").replace("\"", "\\\"") + ".npz\";\n";
        String body = directives + "\n" + layers;
        String text = header + directives + weights + "\n" + layers;
        // The architecture is what the language makes of the text, so the two cannot disagree.
        CheckResult check = NetFrontEnd.check(new SourceText(stem + ".net", header + body), stem + ".net", null, List.of());
        if (!check.ok()) {
            throw new IllegalStateException("the imported network does not check (a netc bug):\n" + check.report()
                    + text);
        }
        return new ImportedNetwork(name, stem, text, arrays, check.network().orElseThrow().architecture(), r.notes());
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Text fit for a one-line comment. */
    private static String clean(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    static String stem(String fileName) {
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        return base.toLowerCase(Locale.ROOT).endsWith(".onnx") ? base.substring(0, base.length() - 5) : base;
    }

    /** {@code iris_mlp} -> {@code IrisMlp}: split at anything but letters and digits, each part capitalised. */
    static String className(String stem) {
        StringBuilder name = new StringBuilder();
        for (String part : stem.split("[^\\p{L}\\p{N}]+")) {
            // As .net file names: IRIS_MLP.onnx -> IrisMlp, mixed case kept.
            name.append(ClassNames.capitalize(part));
        }
        if (name.length() == 0 || !Character.isJavaIdentifierStart(name.codePointAt(0))) {
            name.insert(0, "Net");
        }
        return name.toString();
    }
}

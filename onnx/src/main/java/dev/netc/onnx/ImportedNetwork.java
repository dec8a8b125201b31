package dev.netc.onnx;

import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.AtomicFiles;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A network imported from ONNX: the text of its {@code .net} file and the arrays of its {@code
 * .npz} weight file, named {@code LAYER.weights} (IN, OUT) and {@code LAYER.biases} (OUT,).
 * Immutable.
 *
 * <p>Thread-safe.
 */
public final class ImportedNetwork {
    private final String name;
    private final String fileStem;
    private final String netSource;
    private final List<NpyArray> arrays;
    private final Architecture architecture;
    private final List<String> notes;

    ImportedNetwork(String name, String fileStem, String netSource, List<NpyArray> arrays, Architecture architecture,
            List<String> notes) {
        this.name = name;
        this.fileStem = fileStem;
        this.netSource = netSource;
        this.arrays = List.copyOf(arrays);
        this.architecture = architecture;
        this.notes = List.copyOf(notes);
    }

    /** The network's class name, e.g. {@code IrisMlp}. */
    public String name() {
        return name;
    }

    /** The base name of the files {@link #writeTo(Path)} writes: {@code STEM.net} and {@code STEM.npz}. */
    public String fileStem() {
        return fileStem;
    }

    /** The {@code .net} file's text, with a {@code weights "STEM.npz";} directive. */
    public String netSource() {
        return netSource;
    }

    /** The weight arrays in layer order, in the network's precision. */
    public List<NpyArray> arrays() {
        return arrays;
    }

    /** The network as the {@code .net} file describes it. */
    public Architecture architecture() {
        return architecture;
    }

    /** The weights bound to {@link #architecture()}, e.g. for the {@link dev.netc.runtime.Interpreter}. */
    public Weights weights() {
        try {
            ByteArrayOutputStream npz = new ByteArrayOutputStream();
            NpzWriter.write(npz, arrays);
            return Weights.read(architecture, new ByteArrayInputStream(npz.toByteArray()), fileStem + ".npz");
        } catch (IOException e) {
            throw new IllegalStateException("imported weights do not fit the imported network", e);
        }
    }

    /** What the import changed or left out, as written in the {@code .net} file's header comment. */
    public List<String> notes() {
        return notes;
    }

    /**
     * Writes {@code STEM.net} and {@code STEM.npz} into {@code dir} (created if missing), replacing
     * files of those names unless they already hold the same bytes, and checks the result as the
     * build will.
     *
     * @return the {@code .net} file
     */
    public Path writeTo(Path dir) throws IOException {
        return write(dir).netFile();
    }

    /**
     * As {@link #writeTo(Path)}, also telling whether either file changed, for builds that report
     * only what they wrote.
     */
    public Written write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path npz = dir.resolve(fileStem + ".npz");
        Path net = dir.resolve(fileStem + ".net");
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        NpzWriter.write(weights, arrays);
        boolean changed = AtomicFiles.writeIfChanged(npz, weights.toByteArray());
        changed |= AtomicFiles.writeIfChanged(net, netSource.getBytes(StandardCharsets.UTF_8));
        CheckResult check = NetFrontEnd.check(net);
        if (!check.ok()) {
            throw new IOException("the imported network does not check (a netc bug):\n" + check.report());
        }
        return new Written(net, changed);
    }

    /**
     * What {@link #write(Path)} did.
     *
     * @param netFile the {@code .net} file
     * @param changed whether the {@code .net} or the {@code .npz} file was written (false: both held these bytes)
     */
    public record Written(Path netFile, boolean changed) {}

    @Override
    public String toString() {
        return "ImportedNetwork[" + name + ", " + architecture.layers().size() + " layers]";
    }
}

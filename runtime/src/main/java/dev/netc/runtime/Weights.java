package dev.netc.runtime;

import dev.netc.runtime.io.HeaderCheck;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpyHeader;
import dev.netc.runtime.io.NpzReader;
import dev.netc.runtime.io.NpzWriter;
import dev.netc.runtime.math.NumpyRandom;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The trained values of a network's dense layers, checked against its {@link Architecture}: for a
 * layer named {@code L}, {@code L.weights} of shape (IN, OUT) and, unless {@code bias=false},
 * {@code L.biases} of shape (OUT,) or (1, OUT). Immutable; accessors return copies.
 *
 * <p>Immutable and thread-safe; reading and writing files needs no lock either (each call uses its own
 * streams).
 */
public final class Weights {
    private final Architecture architecture;
    private final Map<String, NpyArray> arrays;

    private Weights(Architecture architecture, Map<String, NpyArray> arrays) {
        this.architecture = architecture;
        this.arrays = arrays;
    }

    /**
     * Reads an {@code .npz} file written by {@code np.savez} or {@code np.savez_compressed}.
     *
     * @throws IOException naming the file and array when the file is unreadable, malformed, lacks
     *     an array, has one too many, or has one whose shape or dtype does not fit
     */
    public static Weights read(Architecture architecture, Path file) throws IOException {
        return bind(architecture, shown(file), NpzReader.read(file, headerCheck(architecture)));
    }

    /** As {@link #read(Architecture, Path)}, from a stream; {@code sourceName} names it in messages. */
    public static Weights read(Architecture architecture, InputStream in, String sourceName) throws IOException {
        return bind(architecture, sourceName, NpzReader.read(in, sourceName, headerCheck(architecture)));
    }

    /**
     * Fresh values from each layer's initializers, drawn in layer order (weights, then biases) from
     * one NumPy-compatible generator seeded with {@code seed}: with the default {@code normal(0.1)}
     * the weights equal {@code np.random.seed(seed); np.random.randn(IN, OUT) * 0.1} layer by layer.
     */
    public static Weights random(Architecture architecture, long seed) {
        NumpyRandom random = new NumpyRandom(seed);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (DenseLayer layer : architecture.denseLayers()) {
            double[] weights = new double[layer.inputSize() * layer.outputSize()];
            layer.kernelInitializer().initializer().fill(weights, layer.inputSize(), layer.outputSize(),
                    layer.kernelInitializer().argumentArray(), random);
            arrays.put(layer.weightsKey(), architecture.precision().array(layer.weightsKey(),
                    new int[] {layer.inputSize(), layer.outputSize()}, weights));
            if (layer.useBias()) {
                double[] biases = new double[layer.outputSize()];
                layer.biasInitializer().initializer().fill(biases, layer.inputSize(), layer.outputSize(),
                        layer.biasInitializer().argumentArray(), random);
                arrays.put(layer.biasesKey(), architecture.precision().array(layer.biasesKey(), new int[] {layer.outputSize()},
                        biases));
            }
        }
        return new Weights(architecture, arrays);
    }

    /**
     * Weights from arrays already in memory, such as a generated class's own, checked as a file
     * would be.
     *
     * @throws IllegalArgumentException naming every array that is missing, extra or misshapen
     */
    public static Weights of(Architecture architecture, List<NpyArray> arrays) {
        Map<String, int[][]> expected = expectedShapes(architecture);
        List<String> problems = new ArrayList<>();
        for (NpyArray array : arrays) {
            String problem = headerProblem(expected, array.header());
            if (problem != null) {
                problems.add("array '" + array.name() + "': " + problem);
            }
        }
        problems.addAll(missing("arrays", expected, arrays.stream().map(NpyArray::name).toList()));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try {
            return bind(architecture, "arrays", arrays);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Every problem that would stop {@link #read(Architecture, Path)}, for build-time checks that
     * report them all at once; empty when the file loads.
     */
    public static List<String> problems(Architecture architecture, Path file) {
        List<String> problems = new ArrayList<>();
        Optional<NpzReader.Listing> listing = listing(file, problems);
        if (listing.isEmpty()) {
            return problems;
        }
        Map<String, int[][]> expected = expectedShapes(architecture);
        for (NpyHeader header : listing.get().headers()) {
            String problem = headerProblem(expected, header);
            if (problem != null) {
                problems.add(shown(file) + ": array '" + header.name() + "': " + problem);
            }
        }
        // An array that is there but unreadable is reported as such, not also as missing.
        List<String> present = new ArrayList<>(listing.get().refused().keySet());
        listing.get().headers().forEach(h -> present.add(h.name()));
        problems.addAll(missing(shown(file), expected, present));
        return problems;
    }

    /**
     * What makes {@code file} unreadable as weights for any network: not an {@code .npz} archive, damaged,
     * or holding arrays netc cannot read (such as an integer dtype). For a {@code weights} file of
     * a {@code .net} file with errors, whose network is not known; empty when {@code file} reads.
     */
    public static List<String> fileProblems(Path file) {
        List<String> problems = new ArrayList<>();
        listing(file, problems);
        return problems;
    }

    /**
     * The arrays of {@code file} as {@link NpzReader#listing} finds them, with the unreadable ones
     * already added to {@code problems}; empty after adding why the file as a whole cannot be read.
     */
    private static Optional<NpzReader.Listing> listing(Path file, List<String> problems) {
        try {
            // Reads and verifies the whole file as read() would, keeping no data: once the headers
            // fit, loading cannot fail, so the file is not read a second time.
            NpzReader.Listing listing = NpzReader.listing(file);
            problems.addAll(listing.refused().values());
            return Optional.of(listing);
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(shown(file) + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            problems.add(shown(file) + ": permission denied");
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        return Optional.empty();
    }

    /** How messages name {@code file}: by its file name, or whole when it has none (the root folder). */
    private static String shown(Path file) {
        return file.getFileName() != null ? file.getFileName().toString() : file.toString();
    }

    /** The architecture these weights belong to. */
    public Architecture architecture() {
        return architecture;
    }

    /** The array {@code key} in row-major order, as floats. */
    public float[] floats(String key) {
        return get(key).toFloatArray();
    }

    /** The array {@code key} in row-major order, as doubles. */
    public double[] doubles(String key) {
        return get(key).toDoubleArray();
    }

    /** Writes every array to an {@code .npz} file that {@code np.load} reads, in the network's precision. */
    public void write(Path file) throws IOException {
        NpzWriter.write(file, List.copyOf(arrays.values()));
    }

    private NpyArray get(String key) {
        NpyArray array = arrays.get(key);
        if (array == null) {
            throw new IllegalArgumentException("no array '" + key + "'; arrays are " + arrays.keySet());
        }
        return array;
    }

    private static HeaderCheck headerCheck(Architecture architecture) {
        Map<String, int[][]> expected = expectedShapes(architecture);
        return header -> {
            String problem = headerProblem(expected, header);
            if (problem != null) {
                throw new IOException(problem);
            }
        };
    }

    private static Weights bind(Architecture architecture, String source, List<NpyArray> read) throws IOException {
        Map<String, int[][]> expected = expectedShapes(architecture);
        List<String> missing = missing(source, expected, read.stream().map(NpyArray::name).toList());
        if (!missing.isEmpty()) {
            throw new IOException(String.join("; ", missing));
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (String key : expected.keySet()) {
            NpyArray array = read.stream().filter(a -> a.name().equals(key)).findFirst().orElseThrow();
            // (1, OUT) biases are stored as (OUT,), as the generated code and save() expect.
            int[] shape = expected.get(key)[0];
            arrays.put(key, architecture.precision() == Precision.DOUBLE
                    ? NpyArray.ofDoubles(key, shape, array.toDoubleArray())
                    : NpyArray.ofFloats(key, shape, array.toFloatArray()));
        }
        return new Weights(architecture, arrays);
    }

    /** For each array the network needs, the shapes it may have (the first is the canonical one). */
    private static Map<String, int[][]> expectedShapes(Architecture architecture) {
        Map<String, int[][]> expected = new LinkedHashMap<>();
        for (DenseLayer layer : architecture.denseLayers()) {
            expected.put(layer.weightsKey(), new int[][] {{layer.inputSize(), layer.outputSize()}});
            if (layer.useBias()) {
                expected.put(layer.biasesKey(), new int[][] {{layer.outputSize()}, {1, layer.outputSize()}});
            }
        }
        return expected;
    }

    private static String headerProblem(Map<String, int[][]> expected, NpyHeader header) {
        int[][] shapes = expected.get(header.name());
        String name = header.name();
        if (shapes == null && name.endsWith(".biases")
                && expected.containsKey(name.substring(0, name.length() - ".biases".length()) + ".weights")) {
            // The layer exists; its biases are not expected only because it has bias=false.
            return "layer '" + name.substring(0, name.length() - ".biases".length()) + "' has bias=false and takes"
                    + " no biases; remove this array, or drop bias=false from the layer";
        }
        if (shapes == null) {
            return "the network has no array of this name (a typo?); it expects "
                    + String.join(", ", expected.keySet());
        }
        for (int[] shape : shapes) {
            if (Arrays.equals(shape, header.shape())) {
                return null;
            }
        }
        return "shape " + header.shapeString() + " does not fit; expected "
                + Arrays.stream(shapes).map(Weights::shapeString).collect(Collectors.joining(" or "));
    }

    private static List<String> missing(String source, Map<String, int[][]> expected, List<String> present) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, int[][]> e : expected.entrySet()) {
            if (!present.contains(e.getKey())) {
                missing.add(source + ": array '" + e.getKey() + "' is missing; expected shape "
                        + shapeString(e.getValue()[0]));
            }
        }
        return missing;
    }

    static String shapeString(int[] shape) {
        return shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}

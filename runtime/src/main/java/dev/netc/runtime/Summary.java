package dev.netc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Keras-style {@code model.summary()} of an architecture: the input, then one row per layer with
 * its name and type, output shape, activation, parameter count and weight arrays; then the totals,
 * the memory the weights take in the network's precision and the floating-point operations per
 * sample.
 *
 * <pre>
 * Model: "SpiralClassifier"
 * ____________________________________________________________________________________
 *  Layer (type)                Output Shape   Activation   Param #   Weight shapes
 * ====================================================================================
 *  input (InputLayer)          (None, 2)      -                  0
 * ____________________________________________________________________________________
 *  hidden (Dense)              (None, 64)     relu             192   (2, 64) + (64,)
 * ...
 * Total params: 387 (3.02 KB)
 * </pre>
 *
 * Counting rules: a dense layer has IN·OUT weights plus OUT biases (none with {@code bias=false});
 * an activation or a dropout has none. A sample costs 2·IN·OUT floating-point operations per dense layer (a
 * multiply and an add per weight) plus OUT for the biases; activations are not counted, as in
 * most FLOP counters. Memory is parameters times 4 bytes ({@code float}) or 8 ({@code double}),
 * with KB = 1024 bytes as Keras prints it.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class Summary {
    private static final String[] HEADERS = {"Layer (type)", "Output Shape", "Activation", "Param #", "Weight shapes"};
    /** Columns whose cells are right-aligned (numbers). */
    private static final boolean[] RIGHT = {false, false, false, true, false};
    private static final int GAP = 3;

    private Summary() {}

    /** The table as text, lines separated by {@code \n}, without a trailing line break. */
    public static String of(Architecture architecture) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"input (InputLayer)", shape(architecture.inputSize()), "-", "0", ""});
        for (Layer layer : architecture.layers()) {
            rows.add(new String[] {
                layer.name() + " (" + type(layer) + ")",
                shape(layer.outputSize()),
                activation(layer),
                count(layer.parameterCount()),
                weightShapes(layer)
            });
        }
        int[] widths = new int[HEADERS.length];
        for (int c = 0; c < HEADERS.length; c++) {
            widths[c] = HEADERS[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        int total = 1 - GAP;
        for (int w : widths) {
            total += w + GAP;
        }
        String rule = "_".repeat(total);
        String doubleRule = "=".repeat(total);
        long params = architecture.parameterCount();
        Precision precision = architecture.precision();

        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(architecture.name()).append("\"\n");
        out.append(rule).append('\n');
        out.append(row(HEADERS, widths, new boolean[HEADERS.length])).append('\n');
        out.append(doubleRule).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            out.append(row(rows.get(r), widths, RIGHT)).append('\n');
            out.append(r == rows.size() - 1 ? doubleRule : rule).append('\n');
        }
        out.append("Total params: ").append(count(params)).append(" (").append(bytes(weightBytes(architecture)))
                .append(")\n");
        out.append("Trainable params: ").append(count(params)).append(" (").append(bytes(weightBytes(architecture)))
                .append(")\n");
        out.append("Non-trainable params: 0 (").append(bytes(0)).append(")\n");
        out.append("Weight memory: ").append(count(weightBytes(architecture))).append(" bytes (")
                .append(precision.keyword()).append(", ").append(precision.bytes()).append(" bytes per value)\n");
        out.append("FLOPs per sample: ").append(count(flopsPerSample(architecture))).append('\n');
        out.append(rule);
        return out.toString();
    }

    /** Widths a build-log line shows at most; a deeper network's middle ones are counted instead. */
    private static final int MAX_WIDTHS = 12;

    /**
     * One line for build logs: {@code SpiralClassifier: 2 -> 64 -> 3, 3 layers, 387 params (3.02 KB,
     * double), 707 FLOPs per sample}.
     */
    public static String line(Architecture architecture) {
        List<Integer> all = new ArrayList<>();
        all.add(architecture.inputSize());
        architecture.denseLayers().forEach(layer -> all.add(layer.outputSize()));
        StringBuilder widths = new StringBuilder();
        int head = MAX_WIDTHS / 2;
        int tail = all.size() - (MAX_WIDTHS - head);
        for (int i = 0; i < all.size(); i++) {
            if (all.size() > MAX_WIDTHS && i >= head && i < tail) {
                // A deep network's line stays readable: its first and last widths, and how many between.
                if (i == head) {
                    widths.append(" -> (").append(tail - head).append(" more)");
                }
                continue;
            }
            widths.append(i == 0 ? "" : " -> ").append(all.get(i));
        }
        int layers = architecture.layers().size();
        return architecture.name() + ": " + widths + ", " + layers + " layer" + (layers == 1 ? "" : "s") + ", "
                + count(architecture.parameterCount()) + " params (" + bytes(weightBytes(architecture)) + ", "
                + architecture.precision().keyword() + "), " + count(flopsPerSample(architecture))
                + " FLOPs per sample";
    }

    /** The layer's type as the table shows it, Keras' class name: {@code Dense}, {@code Activation} or {@code Dropout}. */
    public static String type(Layer layer) {
        if (layer instanceof DenseLayer) {
            return "Dense";
        }
        return layer instanceof DropoutLayer ? "Dropout" : "Activation";
    }

    /** The activation column: {@code relu}, {@code leaky_relu(0.2)}, or {@code -} for a dropout, which has none. */
    public static String activation(Layer layer) {
        return layer instanceof DropoutLayer ? "-" : layer.activation().toString();
    }

    /**
     * The shapes of a layer's arrays in a weight file: {@code (2, 64) + (64,)}, {@code (4, 3), no bias}
     * without biases, empty for an activation.
     */
    public static String weightShapes(Layer layer) {
        if (!(layer instanceof DenseLayer d)) {
            return "";
        }
        String weights = "(" + d.inputSize() + ", " + d.outputSize() + ")";
        return d.useBias() ? weights + " + (" + d.outputSize() + ",)" : weights + ", no bias";
    }

    /**
     * Floating-point operations to run one sample through the dense layers: a multiply and an add
     * per weight, plus one add per bias. Activations are not counted, as in most FLOP counters.
     */
    public static long flopsPerSample(Architecture architecture) {
        long flops = 0;
        for (DenseLayer layer : architecture.denseLayers()) {
            flops += 2L * layer.inputSize() * layer.outputSize() + (layer.useBias() ? layer.outputSize() : 0);
        }
        return flops;
    }

    /** Bytes the parameters take in the network's precision. */
    public static long weightBytes(Architecture architecture) {
        return architecture.parameterCount() * architecture.precision().bytes();
    }

    /** {@code 12,838}: digits grouped by thousands, whatever the default locale. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A byte count as Keras 3 prints it: {@code 512.00 B}, {@code 3.02 KB}, {@code 1.50 MB} (powers of 1024). */
    public static String bytes(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }

    private static String shape(int width) {
        return "(None, " + width + ")";
    }

    private static String row(String[] cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder(" ");
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(widths[c] - cells[c].length());
            line.append(right[c] ? pad + cells[c] : cells[c] + pad);
            if (c < cells.length - 1) {
                line.append(" ".repeat(GAP));
            }
        }
        return line.toString().stripTrailing();
    }
}

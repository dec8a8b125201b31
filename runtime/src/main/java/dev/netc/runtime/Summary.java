package dev.netc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Keras-style {@code model.summary()} table of an architecture: one row per layer with its type,
 * output shape, activation and parameter count, then totals, floating-point operations per sample
 * and the memory the weights take in the network's precision.
 */
public final class Summary {
    private static final String[] HEADERS = {"Layer (type)", "Output Shape", "Activation", "Param #"};

    private Summary() {}

    /** The table as text, lines separated by {@code \n}. */
    public static String of(Architecture architecture) {
        List<String[]> rows = new ArrayList<>();
        for (Layer layer : architecture.layers()) {
            String type = layer instanceof DenseLayer d ? (d.useBias() ? "Dense" : "Dense, no bias") : "Activation";
            rows.add(new String[] {
                layer.name() + " (" + type + ")",
                "(None, " + layer.outputSize() + ")",
                layer.activation().toString(),
                String.format(Locale.ROOT, "%,d", layer.parameterCount())
            });
        }
        int[] widths = new int[HEADERS.length];
        for (int c = 0; c < HEADERS.length; c++) {
            widths[c] = HEADERS[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        int total = 0;
        for (int w : widths) {
            total += w + 3;
        }
        String rule = "_".repeat(total);
        String doubleRule = "=".repeat(total);
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(architecture.name()).append("\" (input ").append(architecture.inputSize())
                .append(", precision ").append(architecture.precision().keyword()).append(")\n");
        out.append(rule).append('\n');
        out.append(row(HEADERS, widths)).append('\n');
        out.append(doubleRule).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            out.append(row(rows.get(r), widths)).append('\n');
            out.append(r == rows.size() - 1 ? doubleRule : rule).append('\n');
        }
        long params = architecture.parameterCount();
        out.append(String.format(Locale.ROOT, "Total params: %,d (%s)%n", params,
                bytes(params * architecture.precision().bytes())));
        out.append(String.format(Locale.ROOT, "Trainable params: %,d%n", params));
        out.append("Non-trainable params: 0\n");
        out.append(String.format(Locale.ROOT, "FLOPs per sample: %,d%n", flopsPerSample(architecture)));
        out.append(rule);
        return out.toString().replace(System.lineSeparator(), "\n");
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

    private static String row(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder(" ");
        for (int c = 0; c < cells.length; c++) {
            line.append(cells[c]).append(" ".repeat(widths[c] - cells[c].length() + 3));
        }
        return line.toString().stripTrailing();
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}

package dev.netc.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * Names for imported layers, taken from what the exporter called them: PyTorch's node
 * {@code /fc1/Gemm} or initializer {@code fc1.weight} give {@code fc1}, Keras'
 * {@code sequential/dense_1/MatMul} gives {@code dense_1}, {@code /layers/layers.0/Gemm} gives
 * {@code layers_0}. Generic names ({@code MatMul_3}, {@code onnx::MatMul_17}, {@code coefficient})
 * and names already taken fall back to netc's own {@code dense_N}.
 */
final class LayerNames {
    /** Path segments that say what a node or tensor is rather than which layer it belongs to. */
    private static final Pattern NOISE = Pattern.compile("(?i)(gemm|matmul|add|biasadd|mul|weight|weights|kernel"
            + "|bias|biases|readvariableop|identity|transpose|onnx|tensordot|read|w|b|coefficient|coefficients"
            + "|intercepts|reshape|cast|dropout|unnamed)(_?\\d+)?|node_\\w+_\\d+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private LayerNames() {}

    /** One name per layer, each hint list tried in order (node name, then weight name). */
    static List<String> assign(List<List<String>> hints) {
        return assign(hints, false);
    }

    /**
     * As {@link #assign(List)}; a model netc exported ({@code producer_name} netc) names each Gemm node after
     * its layer, so those names are kept as they are, also ones that look generic elsewhere ({@code w},
     * {@code bias}, {@code Gemm}): an export and import round trip keeps a network's names.
     */
    static List<String> assign(List<List<String>> hints, boolean fromNetc) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < hints.size(); i++) {
            String name = null;
            for (String hint : hints.get(i)) {
                String candidate = fromNetc && isLayerName(hint) ? hint : fromHint(hint);
                if (candidate != null && !used.contains(candidate)) {
                    name = candidate;
                    break;
                }
            }
            if (name == null) {
                name = "dense_" + i;
                while (used.contains(name)) {
                    name = name + "_";
                }
            }
            used.add(name);
            names.add(name);
        }
        return names;
    }

    /** A name netc accepts for a layer: an identifier, not a keyword, as the language's checks require. */
    private static boolean isLayerName(String hint) {
        return hint != null && IDENTIFIER.matcher(hint).matches() && !SourceVersion.isKeyword(hint);
    }

    static String fromHint(String hint) {
        if (hint == null || hint.isEmpty()) {
            return null;
        }
        // TensorFlow's tensor names end in ':0', the output index.
        String h = hint.replaceAll(":\\d+$", "");
        List<String> segments = new ArrayList<>();
        for (String s : h.split("[/.:]+")) {
            if (!s.isEmpty() && !NOISE.matcher(s).matches()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            return null;
        }
        String last = segments.get(segments.size() - 1);
        String name = last;
        if (last.chars().allMatch(Character::isDigit)) {
            if (segments.size() < 2 || segments.get(segments.size() - 2).chars().allMatch(Character::isDigit)) {
                return null;
            }
            name = segments.get(segments.size() - 2) + "_" + last;
        }
        name = name.replaceAll("[^A-Za-z0-9_]", "_");
        if (!IDENTIFIER.matcher(name).matches() || SourceVersion.isKeyword(name)
                || name.toLowerCase(Locale.ROOT).matches("activation_\\d+")) {
            return null;
        }
        return name;
    }
}

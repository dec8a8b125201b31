package dev.netc.runtime.train;

import dev.netc.runtime.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link Optimizer#parse}: each optimizer's name, parameters in positional order, the book's defaults and
 * its constructor, in one table, and a range error placed at the argument that set the value.
 */
final class OptimizerSyntax {
    private record Kind(List<String> parameters, double[] defaults, Function<double[], Optimizer> make) {}

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("sgd", new Kind(List.of("lr", "decay", "momentum"), new double[] {1.0, 0, 0},
                v -> new Optimizer.Sgd(v[0], v[1], v[2])));
        KINDS.put("adagrad", new Kind(List.of("lr", "decay", "epsilon"), new double[] {1.0, 0, 1e-7},
                v -> new Optimizer.AdaGrad(v[0], v[1], v[2])));
        KINDS.put("rmsprop", new Kind(List.of("lr", "decay", "epsilon", "rho"), new double[] {0.001, 0, 1e-7, 0.9},
                v -> new Optimizer.RmsProp(v[0], v[1], v[2], v[3])));
        KINDS.put("adam", new Kind(List.of("lr", "decay", "epsilon", "beta_1", "beta_2"),
                new double[] {0.001, 0, 1e-7, 0.9, 0.999}, v -> new Optimizer.Adam(v[0], v[1], v[2], v[3], v[4])));
    }

    private OptimizerSyntax() {}

    static Optimizer parse(String text) {
        CallText call = CallText.parse(text, "optimizer");
        Kind kind = KINDS.get(call.name());
        if (kind == null) {
            List<String> names = List.copyOf(KINDS.keySet());
            throw call.error(0, "unknown optimizer '" + call.name() + "'" + Suggestions.didYouMean(call.name(), names)
                    + " (optimizers: " + String.join(", ", names) + ")");
        }
        double[] values = call.bind(kind.parameters(), kind.defaults());
        try {
            return kind.make().apply(values);
        } catch (Optimizer.OutOfRange e) {
            throw call.error(call.columnOf(e.parameter, kind.parameters()), e.getMessage());
        }
    }
}

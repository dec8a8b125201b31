package dev.netc.runtime.train;

import dev.netc.runtime.Activation;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The losses a network trains on (spec §6), by their Keras names. The formulas live in
 * {@link Losses}; {@code c = clip(p, 1e-7, 1 - 1e-7)}.
 *
 * <p>Thread-safe: an enum constant holds no mutable state.
 */
public enum Loss {
    /**
     * {@code −log c[label]} per row (labels) or {@code −Σ t·log c} (one-hot targets); the network must end in
     * softmax, whose gradient is fused: {@code (p − t) / N}.
     */
    CATEGORICAL_CROSSENTROPY("categorical_crossentropy", List.of("sparse_categorical_crossentropy"),
            Optional.of(Activation.SOFTMAX)),
    /**
     * The mean over outputs of {@code −(t·log c + (1 − t)·log(1 − c))} per row; the network must end in sigmoid,
     * whose gradient is fused: {@code (p − t) / (N·OUT)}.
     */
    BINARY_CROSSENTROPY("binary_crossentropy", List.of(), Optional.of(Activation.SIGMOID)),
    /** The mean over outputs of {@code (t − p)²}; gradient {@code 2(p − t) / (N·OUT)}. */
    MEAN_SQUARED_ERROR("mean_squared_error", List.of("mse"), Optional.empty()),
    /** The mean over outputs of {@code |t − p|}; gradient {@code sign(p − t) / (N·OUT)}. */
    MEAN_ABSOLUTE_ERROR("mean_absolute_error", List.of("mae"), Optional.empty());

    private final String keyword;
    private final List<String> aliases;
    private final Optional<Activation> lastActivation;

    Loss(String keyword, List<String> aliases, Optional<Activation> lastActivation) {
        this.keyword = keyword;
        this.aliases = aliases;
        this.lastActivation = lastActivation;
    }

    /** The name in the language, Keras' name. */
    public String keyword() {
        return keyword;
    }

    /** Other accepted names ({@code mse}, {@code mae}, {@code sparse_categorical_crossentropy}). */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * The activation the network must end in, whose gradient this loss computes together with its own:
     * softmax for categorical, sigmoid for binary cross-entropy; none for the others, whose gradient passes
     * back through the last activation like any other.
     */
    public Optional<Activation> lastActivation() {
        return lastActivation;
    }

    /** True for the cross-entropies, whose training reports an accuracy. */
    public boolean isClassification() {
        return lastActivation.isPresent();
    }

    /** True when rows may be given as class indices ({@code int[] labels}) instead of target rows. */
    public boolean takesLabels() {
        return this == CATEGORICAL_CROSSENTROPY;
    }

    /** The loss named {@code name} (keyword or alias), if any. */
    public static Optional<Loss> byName(String name) {
        return Arrays.stream(values()).filter(l -> l.keyword.equals(name) || l.aliases.contains(name)).findFirst();
    }

    /** Every accepted name, for "did you mean" and documentation. */
    public static List<String> allNames() {
        return Arrays.stream(values()).flatMap(l -> Stream.concat(Stream.of(l.keyword), l.aliases.stream())).toList();
    }

    /**
     * The loss {@code text} names, in the language's call syntax: {@code "categorical_crossentropy"} (also
     * {@code "mse"}, or with empty parentheses).
     *
     * @throws IllegalArgumentException naming the column and what was expected, with "did you mean"
     */
    public static Loss parse(String text) {
        CallText call = CallText.parse(text, "loss");
        Loss loss = byName(call.name()).orElseThrow(() -> call.error(0,
                "unknown loss '" + call.name() + "'" + dev.netc.runtime.Suggestions.didYouMean(call.name(), allNames())
                        + " (losses: " + String.join(", ", Arrays.stream(values()).map(Loss::keyword).toList()) + ")"));
        if (!call.arguments().isEmpty()) {
            throw call.error(call.arguments().get(0).column(), "'" + loss.keyword + "' takes no arguments");
        }
        return loss;
    }

    @Override
    public String toString() {
        return keyword;
    }
}

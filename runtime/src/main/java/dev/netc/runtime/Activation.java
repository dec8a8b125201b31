package dev.netc.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every activation netc knows: its name in the language (the Keras 3 name), aliases, parameters with
 * their defaults, and how to apply it. The formulas themselves live in {@link Activations}; the
 * generated code calls the method named {@link #methodName()} there, the interpreter calls
 * {@link #apply(float[], int, int, double[])}, and a test pins the two together.
 *
 * <p>Thread-safe: an enum constant holds no mutable state; {@code apply} works only on the arrays it is
 * given.
 */
public enum Activation {
    LINEAR("linear"),
    RELU("relu"),
    RELU6("relu6"),
    LEAKY_RELU("leaky_relu", List.of(), List.of(new Parameter("a", 0.01))),
    ELU("elu", List.of(), List.of(new Parameter("a", 1.0))),
    SELU("selu"),
    SIGMOID("sigmoid"),
    HARD_SIGMOID("hard_sigmoid"),
    TANH("tanh"),
    SOFTPLUS("softplus"),
    SOFTSIGN("softsign"),
    SILU("silu", List.of("swish"), List.of()),
    HARD_SILU("hard_silu", List.of("hard_swish"), List.of()),
    GELU("gelu"),
    GELU_TANH("gelu_tanh"),
    MISH("mish"),
    EXPONENTIAL("exponential"),
    /** Per row; subtracts the row maximum before {@code exp}. */
    SOFTMAX("softmax"),
    /** Per row, in the stable form x − max − ln Σ e^(x−max). */
    LOG_SOFTMAX("log_softmax");

    private final String keyword;
    private final List<String> aliases;
    private final List<Parameter> parameters;

    Activation(String keyword) {
        this(keyword, List.of(), List.of());
    }

    Activation(String keyword, List<String> aliases, List<Parameter> parameters) {
        this.keyword = keyword;
        this.aliases = aliases;
        this.parameters = parameters;
    }

    /** The name used in {@code .net} files. */
    public String keyword() {
        return keyword;
    }

    /** Other accepted names, such as {@code swish} for {@code silu}. */
    public List<String> aliases() {
        return aliases;
    }

    /** Parameters in positional order, e.g. {@code a} of {@code leaky_relu(a=0.01)}. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** True for softmax and log_softmax, which need a whole row; all others act on each value alone. */
    public boolean isRowWise() {
        return this == SOFTMAX || this == LOG_SOFTMAX;
    }

    /** The name of the static method in {@link Activations} that implements this activation. */
    public String methodName() {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : keyword.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    /** The activation named {@code name} (keyword or alias), if any. */
    public static Optional<Activation> byName(String name) {
        for (Activation a : values()) {
            if (a.keyword.equals(name) || a.aliases.contains(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Every accepted name, keywords and aliases, for "did you mean" suggestions and documentation. */
    public static List<String> allNames() {
        return java.util.Arrays.stream(values())
                .flatMap(a -> java.util.stream.Stream.concat(java.util.stream.Stream.of(a.keyword), a.aliases.stream()))
                .toList();
    }

    /**
     * Applies this activation in place to {@code len} values of {@code v} from {@code off}, which
     * form one row (one sample's layer output).
     *
     * @param args one value per {@link #parameters() parameter}, defaults filled in
     */
    public void apply(float[] v, int off, int len, double[] args) {
        int end = off + len;
        switch (this) {
            case LINEAR -> { }
            case RELU -> { for (int i = off; i < end; i++) v[i] = Activations.relu(v[i]); }
            case RELU6 -> { for (int i = off; i < end; i++) v[i] = Activations.relu6(v[i]); }
            case LEAKY_RELU -> {
                float a = (float) args[0];
                for (int i = off; i < end; i++) v[i] = Activations.leakyRelu(v[i], a);
            }
            case ELU -> {
                float a = (float) args[0];
                for (int i = off; i < end; i++) v[i] = Activations.elu(v[i], a);
            }
            case SELU -> { for (int i = off; i < end; i++) v[i] = Activations.selu(v[i]); }
            case SIGMOID -> { for (int i = off; i < end; i++) v[i] = Activations.sigmoid(v[i]); }
            case HARD_SIGMOID -> { for (int i = off; i < end; i++) v[i] = Activations.hardSigmoid(v[i]); }
            case TANH -> { for (int i = off; i < end; i++) v[i] = Activations.tanh(v[i]); }
            case SOFTPLUS -> { for (int i = off; i < end; i++) v[i] = Activations.softplus(v[i]); }
            case SOFTSIGN -> { for (int i = off; i < end; i++) v[i] = Activations.softsign(v[i]); }
            case SILU -> { for (int i = off; i < end; i++) v[i] = Activations.silu(v[i]); }
            case HARD_SILU -> { for (int i = off; i < end; i++) v[i] = Activations.hardSilu(v[i]); }
            case GELU -> { for (int i = off; i < end; i++) v[i] = Activations.gelu(v[i]); }
            case GELU_TANH -> { for (int i = off; i < end; i++) v[i] = Activations.geluTanh(v[i]); }
            case MISH -> { for (int i = off; i < end; i++) v[i] = Activations.mish(v[i]); }
            case EXPONENTIAL -> { for (int i = off; i < end; i++) v[i] = Activations.exponential(v[i]); }
            case SOFTMAX -> Activations.softmax(v, off, len);
            case LOG_SOFTMAX -> Activations.logSoftmax(v, off, len);
            default -> throw new AssertionError(this);
        }
    }

    /** As {@link #apply(float[], int, int, double[])}, in double precision. */
    public void apply(double[] v, int off, int len, double[] args) {
        int end = off + len;
        switch (this) {
            case LINEAR -> { }
            case RELU -> { for (int i = off; i < end; i++) v[i] = Activations.relu(v[i]); }
            case RELU6 -> { for (int i = off; i < end; i++) v[i] = Activations.relu6(v[i]); }
            case LEAKY_RELU -> { for (int i = off; i < end; i++) v[i] = Activations.leakyRelu(v[i], args[0]); }
            case ELU -> { for (int i = off; i < end; i++) v[i] = Activations.elu(v[i], args[0]); }
            case SELU -> { for (int i = off; i < end; i++) v[i] = Activations.selu(v[i]); }
            case SIGMOID -> { for (int i = off; i < end; i++) v[i] = Activations.sigmoid(v[i]); }
            case HARD_SIGMOID -> { for (int i = off; i < end; i++) v[i] = Activations.hardSigmoid(v[i]); }
            case TANH -> { for (int i = off; i < end; i++) v[i] = Activations.tanh(v[i]); }
            case SOFTPLUS -> { for (int i = off; i < end; i++) v[i] = Activations.softplus(v[i]); }
            case SOFTSIGN -> { for (int i = off; i < end; i++) v[i] = Activations.softsign(v[i]); }
            case SILU -> { for (int i = off; i < end; i++) v[i] = Activations.silu(v[i]); }
            case HARD_SILU -> { for (int i = off; i < end; i++) v[i] = Activations.hardSilu(v[i]); }
            case GELU -> { for (int i = off; i < end; i++) v[i] = Activations.gelu(v[i]); }
            case GELU_TANH -> { for (int i = off; i < end; i++) v[i] = Activations.geluTanh(v[i]); }
            case MISH -> { for (int i = off; i < end; i++) v[i] = Activations.mish(v[i]); }
            case EXPONENTIAL -> { for (int i = off; i < end; i++) v[i] = Activations.exponential(v[i]); }
            case SOFTMAX -> Activations.softmax(v, off, len);
            case LOG_SOFTMAX -> Activations.logSoftmax(v, off, len);
            default -> throw new AssertionError(this);
        }
    }

    @Override
    public String toString() {
        return keyword.toLowerCase(Locale.ROOT);
    }
}

package dev.netc.dsl;

import dev.netc.runtime.Activation;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.Parameter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Regularization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Random valid {@code .net} files, with what each must check to: random widths (1 to 70), every
 * activation and initializer of the runtime's catalogue with random arguments (positional or named),
 * dropout layers and regularization options, options in random order, random directives in random order, and random whitespace, comments and
 * line breaks (LF, CRLF, CR, tabs) between all tokens. Also used by the generator's tests (test jar).
 */
public final class RandomNetworks {
    /** The widest layer drawn. */
    public static final int MAX_WIDTH = 70;

    private RandomNetworks() {}

    /** What a drawn layer is. */
    public enum Kind { DENSE, ACTIVATION, DROPOUT }

    /**
     * A dense layer, a standalone activation or a dropout as drawn; {@code name} is null where the
     * default applies to an activation or dropout, {@code rate} 0 but for dropouts.
     */
    public record Layer(Kind kind, String name, int inputs, int outputs, Activation activation,
            List<Double> activationArgs, boolean bias, Initializer init, List<Double> initArgs,
            Initializer biasInit, List<Double> biasInitArgs, Regularization regularization, double rate) {
        public boolean dense() {
            return kind == Kind.DENSE;
        }
    }

    /**
     * A drawn network.
     *
     * @param text the {@code .net} source
     * @param className the class it must be named
     * @param input its input width
     * @param precision its precision
     * @param seed its seed directive, if any
     * @param layers its layers in order, with default arguments filled in
     */
    public record Network(String fileName, String text, String className, int input, Precision precision,
            OptionalLong seed, List<Layer> layers) {
        /** The width of the last layer's output. */
        public int outputSize() {
            int width = input;
            for (Layer layer : layers) {
                if (layer.dense()) {
                    width = layer.outputs();
                }
            }
            return width;
        }
    }

    /**
     * A random network whose default class name, when it has no {@code network} directive, comes
     * from {@code fileName}.
     *
     * @param maxLayers the most layers (dense and standalone activations), at least 1
     */
    public static Network generate(Random random, String fileName, int maxLayers) {
        return generate(random, fileName, maxLayers, MAX_WIDTH);
    }

    /** As {@link #generate(Random, String, int)}, with widths from 1 to {@code maxWidth}. */
    public static Network generate(Random random, String fileName, int maxLayers, int maxWidth) {
        Precision precision = random.nextBoolean() ? Precision.FLOAT : Precision.DOUBLE;
        int input = 1 + random.nextInt(maxWidth);
        int count = 1 + random.nextInt(maxLayers);
        boolean inputDirective = random.nextInt(3) == 0;
        List<Layer> layers = new ArrayList<>();
        int width = input;
        int dense = 0;
        for (int i = 0; i < count; i++) {
            // Without an input directive the first layer must be dense: it gives the input width.
            boolean isDense = (i == 0 && !inputDirective) || random.nextInt(3) > 0;
            boolean isDropout = !isDense && random.nextInt(3) == 0;
            Activation activation = Activation.values()[random.nextInt(Activation.values().length)];
            List<Double> activationArgs = arguments(random, activation.parameters());
            if (isDense) {
                int outputs = 1 + random.nextInt(maxWidth);
                String name = random.nextInt(3) == 0 ? "dense_" + dense : "layer" + i + "_" + word(random);
                boolean bias = random.nextInt(4) > 0;
                Initializer init = Initializer.values()[random.nextInt(Initializer.values().length)];
                Initializer biasInit = Initializer.values()[random.nextInt(Initializer.values().length)];
                layers.add(new Layer(Kind.DENSE, name, width, outputs, activation, activationArgs, bias, init,
                        initArguments(random, init), biasInit, initArguments(random, biasInit),
                        regularization(random), 0));
                width = outputs;
                dense++;
            } else if (isDropout) {
                // Named layerN_dropout so that no name drawn can be a default one.
                String name = random.nextBoolean() ? null : "layer" + i + "_dropout";
                layers.add(new Layer(Kind.DROPOUT, name, width, width, Activation.LINEAR, List.of(), false, null,
                        List.of(), null, List.of(), Regularization.NONE, value(random, 0, 0.999)));
            } else {
                layers.add(new Layer(Kind.ACTIVATION, null, width, width, activation, activationArgs, false, null,
                        List.of(), null, List.of(), Regularization.NONE, 0));
            }
        }
        boolean networkDirective = random.nextBoolean();
        String className = networkDirective ? "Net" + word(random) + random.nextInt(1000)
                : dev.netc.dsl.check.ClassNames.fromFileName(fileName);
        OptionalLong seed = random.nextBoolean() ? OptionalLong.of(random.nextInt(Integer.MAX_VALUE))
                : OptionalLong.empty();

        List<List<String>> directives = new ArrayList<>();
        if (networkDirective) {
            directives.add(List.of("network", className, ";"));
        }
        if (inputDirective) {
            directives.add(List.of("input", Integer.toString(input), ";"));
        }
        if (precision == Precision.DOUBLE || random.nextBoolean()) {
            directives.add(List.of("precision", precision.keyword(), ";"));
        }
        if (seed.isPresent()) {
            directives.add(List.of("seed", Long.toString(seed.getAsLong()), ";"));
        }
        Collections.shuffle(directives, random);
        List<String> tokens = new ArrayList<>();
        directives.forEach(tokens::addAll);
        for (Layer layer : layers) {
            tokens.addAll(switch (layer.kind()) {
                case DENSE -> denseTokens(random, layer);
                case ACTIVATION -> activationTokens(random, layer);
                case DROPOUT -> dropoutTokens(random, layer);
            });
            tokens.add(";");
        }
        return new Network(fileName, format(random, tokens), className, input, precision, seed, layers);
    }

    private static List<String> denseTokens(Random random, Layer layer) {
        List<List<String>> parts = new ArrayList<>();
        if (layer.activation() != Activation.LINEAR || random.nextBoolean()) {
            parts.add(call(random, layer.activation().keyword(), layer.activation().parameters(),
                    layer.activation().parameters(), layer.activationArgs()));
        }
        if (!layer.name().startsWith("dense_") || random.nextBoolean()) {
            parts.add(List.of("name", "=", layer.name()));
        }
        if (!layer.bias() || random.nextInt(3) == 0) {
            parts.add(List.of("bias", "=", Boolean.toString(layer.bias())));
        }
        parts.add(option(random, "init", layer.init(), layer.initArgs()));
        Regularization r = layer.regularization();
        penalty(random, parts, "l1", r.l1());
        penalty(random, parts, "l2", r.l2());
        penalty(random, parts, "bias_l1", r.biasL1());
        penalty(random, parts, "bias_l2", r.biasL2());
        if (layer.bias()) {
            parts.add(option(random, "bias_init", layer.biasInit(), layer.biasInitArgs()));
        }
        Collections.shuffle(parts, random);
        List<String> tokens = new ArrayList<>(List.of("dense", Integer.toString(layer.inputs()), "->",
                Integer.toString(layer.outputs())));
        parts.forEach(tokens::addAll);
        return tokens;
    }

    /** {@code key=value} when the penalty is set, and now and then when it is 0, the default. */
    private static void penalty(Random random, List<List<String>> parts, String key, double value) {
        if (value != 0 || random.nextInt(4) == 0) {
            parts.add(List.of(key, "=", number(random, value)));
        }
    }

    /** Penalties of 0 mostly, and small ones such as the tutorial's 5e-4. */
    private static Regularization regularization(Random random) {
        double[] values = new double[4];
        for (int k = 0; k < 4; k++) {
            values[k] = random.nextInt(3) == 0 ? value(random, 0, 0.01) : 0;
        }
        return new Regularization(values[0], values[1], values[2], values[3]);
    }

    private static List<String> dropoutTokens(Random random, Layer layer) {
        List<String> tokens = new ArrayList<>(List.of("dropout", number(random, layer.rate())));
        if (layer.name() != null) {
            tokens.addAll(List.of("name", "=", layer.name()));
        }
        return tokens;
    }

    private static List<String> activationTokens(Random random, Layer layer) {
        return call(random, layer.activation().keyword(), layer.activation().parameters(),
                layer.activation().parameters(), layer.activationArgs());
    }

    private static List<String> option(Random random, String key, Initializer init, List<Double> args) {
        List<String> tokens = new ArrayList<>(List.of(key, "="));
        if (init == Initializer.NORMAL && args.get(0) == 0.0 && random.nextBoolean()) {
            // The tutorial's form: a single positional argument is the standard deviation.
            tokens.addAll(List.of("normal", "(", number(random, args.get(1)), ")"));
        } else if (init == Initializer.NORMAL) {
            // Both arguments, so that a lone positional one is never taken for the standard deviation.
            int positional = random.nextInt(3);
            List<String> arguments = new ArrayList<>();
            for (int i = 0; i < positional; i++) {
                arguments.add(number(random, args.get(i)));
            }
            List<String> named = new ArrayList<>();
            for (int i = positional; i < 2; i++) {
                named.add(init.parameters().get(i).name() + "=" + number(random, args.get(i)));
            }
            Collections.shuffle(named, random);
            arguments.addAll(named);
            tokens.addAll(List.of("normal", "("));
            for (int i = 0; i < arguments.size(); i++) {
                if (i > 0) {
                    tokens.add(",");
                }
                String[] parts = arguments.get(i).split("=", 2);
                if (parts.length == 2) {
                    tokens.addAll(List.of(parts[0], "=", parts[1]));
                } else {
                    tokens.add(parts[0]);
                }
            }
            tokens.add(")");
        } else {
            tokens.addAll(call(random, init.keyword(), init.parameters(), init.parameters(), args));
        }
        return tokens;
    }

    /** {@code name}, {@code name()}, {@code name(1, 2)}, {@code name(b=2, a=1)} or a mix, all meaning {@code args}. */
    private static List<String> call(Random random, String name, List<Parameter> parameters,
            List<Parameter> positional, List<Double> args) {
        List<String> tokens = new ArrayList<>(List.of(name));
        boolean allDefault = true;
        for (int i = 0; i < parameters.size(); i++) {
            allDefault &= args.get(i) == parameters.get(i).defaultValue();
        }
        if (parameters.isEmpty() || allDefault) {
            if (random.nextBoolean()) {
                tokens.add("(");
                tokens.add(")");
            }
            return tokens;
        }
        tokens.add("(");
        // Positional arguments bind in the order of `positional`; the rest by name, in any order.
        int positionalCount = random.nextInt(positional.size() + 1);
        List<String> arguments = new ArrayList<>();
        List<Parameter> bound = new ArrayList<>();
        for (int i = 0; i < positionalCount; i++) {
            Parameter p = positional.get(i);
            arguments.add(number(random, args.get(parameters.indexOf(p))));
            bound.add(p);
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (!bound.contains(p) && (args.get(i) != p.defaultValue() || random.nextBoolean())) {
                named.add(p.name() + "\u0000" + number(random, args.get(i)));
            }
        }
        Collections.shuffle(named, random);
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                tokens.add(",");
            }
            tokens.add(arguments.get(i));
        }
        for (String n : named) {
            if (tokens.size() > 2) {
                tokens.add(",");
            }
            String[] kv = n.split("\u0000");
            tokens.add(kv[0]);
            tokens.add("=");
            tokens.add(kv[1]);
        }
        tokens.add(")");
        return tokens;
    }

    /** Modest random arguments, so that any chain of layers stays within float range. */
    private static List<Double> arguments(Random random, List<Parameter> parameters) {
        List<Double> args = new ArrayList<>();
        for (Parameter p : parameters) {
            args.add(random.nextInt(3) == 0 ? p.defaultValue() : value(random, 0, 1));
        }
        return args;
    }

    private static List<Double> initArguments(Random random, Initializer init) {
        List<Parameter> parameters = init.parameters();
        return switch (init) {
            case CONSTANT -> List.of(random.nextBoolean() ? 0.0 : value(random, -0.5, 0.5));
            case NORMAL -> List.of(random.nextBoolean() ? 0.0 : value(random, -0.5, 0.5),
                    random.nextBoolean() ? 0.1 : value(random, 0, 0.5));
            case UNIFORM -> {
                double a = value(random, -0.5, 0.5);
                double b = value(random, -0.5, 0.5);
                yield random.nextInt(4) == 0 ? List.of(-0.05, 0.05) : List.of(Math.min(a, b), Math.max(a, b));
            }
            default -> parameters.stream().map(Parameter::defaultValue).toList();
        };
    }

    /** A value with at most three decimals, so every spelling of it parses to exactly it. */
    private static double value(Random random, double lo, double hi) {
        return Math.round((lo + (hi - lo) * random.nextDouble()) * 1000) / 1000.0;
    }

    /** {@code value} spelt one of several ways: 0.25, .25, 25e-2, 2.5E-1, 0.250. */
    private static String number(Random random, double value) {
        String plain = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return switch (random.nextInt(5)) {
            case 0 -> plain;
            case 1 -> plain.startsWith("0.") ? plain.substring(1) : plain.startsWith("-0.") ? "-" + plain.substring(2)
                    : plain;
            case 2 -> new java.math.BigDecimal(plain).scaleByPowerOfTen(3).stripTrailingZeros().toPlainString() + "e-3";
            case 3 -> String.format(Locale.ROOT, "%.3E", value);
            default -> plain.contains(".") ? plain + "0" : plain + ".0";
        };
    }

    private static String word(Random random) {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
        StringBuilder w = new StringBuilder();
        w.append((char) ('a' + random.nextInt(26)));
        for (int i = random.nextInt(8); i > 0; i--) {
            w.append(letters.charAt(random.nextInt(letters.length())));
        }
        return w.toString();
    }

    private static final List<String> SPACES = List.of(" ", "  ", "\t", "\n", "\r\n", "\r", " \t ", "\n\n",
            "/* c */", "/**/", "/* multi\n line * / ** */", "// line comment\n", "// \t crlf comment\r\n",
            "\f", "\u000B", "\uFEFF");

    /** Joins tokens with random whitespace and comments; nothing only where the lexer needs no break. */
    private static String format(Random random, List<String> tokens) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(4) == 0) {
            text.append("// a random network\n");
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                boolean needsBreak = isWordLike(tokens.get(i - 1)) && isWordLike(tokens.get(i));
                int n = needsBreak ? 1 + random.nextInt(2) : random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    text.append(SPACES.get(random.nextInt(SPACES.size())));
                }
            }
            text.append(tokens.get(i));
        }
        if (random.nextBoolean()) {
            text.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        return text.toString();
    }

    /** Names, numbers, and "->" (which a following negative number would otherwise run into). */
    private static boolean isWordLike(String token) {
        char c = token.charAt(0);
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }
}

package dev.netc.dsl.check;

import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.LayerOption;
import dev.netc.dsl.ast.Name;
import dev.netc.dsl.ast.NetFile;
import dev.netc.dsl.ast.NumberLiteral;
import dev.netc.dsl.ast.Statement;
import dev.netc.dsl.ast.StringLiteral;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.Excerpt;
import dev.netc.dsl.diag.Position;
import dev.netc.dsl.diag.SourceText;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The semantic checks of one {@code .net} file: directives, names, activations, initializers,
 * options, numbers and the chain of widths. Every problem is reported, not only the first; the
 * architecture is built only when there are none.
 *
 * <p>Thread-safe to use: each {@link #check} call works on its own instance.
 */
public final class Checker {
    /** The largest Java array, and so the most weights one layer may have. */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /**
     * The most layers a network may have. The generated class describes every layer in its static
     * initializer, which the JVM limits to 64 KB of bytecode; this bound keeps well inside it.
     */
    public static final int MAX_LAYERS = 1000;

    /**
     * The longest network or layer name. A network's name names the generated class and its
     * {@code .java}, {@code .npz}, {@code .txt} and {@code .svg} files, which file systems limit to
     * 255 bytes; a layer's name is part of its array names in weight files and of string constants in
     * the generated class.
     */
    public static final int MAX_NAME_LENGTH = 200;

    private static final List<String> OPTIONS =
            List.of("name", "bias", "init", "bias_init", "l1", "l2", "bias_l1", "bias_l2");
    private static final List<String> DROPOUT_OPTIONS = List.of("name");
    private static final InitializerCall DEFAULT_KERNEL_INIT = InitializerCall.of(Initializer.NORMAL);
    private static final InitializerCall DEFAULT_BIAS_INIT = InitializerCall.of(Initializer.ZEROS);

    private final SourceText source;
    private final String fileName;
    private final boolean parsedCleanly;
    private final Problems problems;
    private final Map<String, Statement> directives = new LinkedHashMap<>();
    private final List<LayerDraft> layers = new ArrayList<>();
    private final Map<String, Position> layerNames = new HashMap<>();

    private String className;
    private OptionalInt input = OptionalInt.empty();
    private Precision precision = Precision.FLOAT;
    private OptionalLong seed = OptionalLong.empty();
    private Optional<StringLiteral> weights = Optional.empty();
    private Position firstLayer;
    private int denseCount;

    private Checker(SourceText source, String fileName, boolean parsedCleanly) {
        this.source = source;
        this.fileName = fileName;
        this.parsedCleanly = parsedCleanly;
        this.problems = new Problems(source);
    }

    /**
     * Checks {@code file}.
     *
     * @param fileName the file's name without folders, from which the class name defaults
     * @param parsedCleanly false when the parser reported syntax errors: then a file without layers
     *     is not reported, as its layers may be what failed to parse (an unterminated comment)
     */
    public static Result check(SourceText source, String fileName, NetFile file, boolean parsedCleanly) {
        return new Checker(source, fileName, parsedCleanly).run(file);
    }

    /**
     * The outcome of the checks.
     *
     * @param architecture present when there are no diagnostics
     * @param weights the {@code weights} directive's path, if any, for the weight-file check
     */
    public record Result(Optional<Architecture> architecture, Optional<StringLiteral> weights,
            List<Diagnostic> diagnostics) {}

    private Result run(NetFile file) {
        for (Statement statement : file.statements()) {
            if (statement instanceof Statement.Dense dense) {
                firstLayer = firstLayer == null ? dense.position() : firstLayer;
                layers.add(dense(dense));
            } else if (statement instanceof Statement.Dropout dropout) {
                firstLayer = firstLayer == null ? dropout.position() : firstLayer;
                layers.add(dropout(dropout));
            } else if (statement instanceof Statement.ActivationStatement activation) {
                firstLayer = firstLayer == null ? activation.position() : firstLayer;
                layers.add(standaloneActivation(activation));
            } else if (statement instanceof Statement.Broken) {
                layers.add(LayerDraft.BROKEN);
            } else {
                directive(statement);
            }
        }
        if (className == null) {
            className = ClassNames.fromFileName(fileName);
            if (!ClassNames.isValid(className)) {
                problems.error(Position.START, "cannot name the class after the file '" + Excerpt.shorten(fileName)
                        + "': '" + Excerpt.shorten(className) + "' is not a Java class name; add a directive such as"
                        + " 'network MyNetwork;'");
            } else if (className.length() > MAX_NAME_LENGTH) {
                problems.error(Position.START, "cannot name the class after the file '" + Excerpt.shorten(fileName)
                        + "': the name would be " + className.length() + " characters long, at most "
                        + MAX_NAME_LENGTH + "; add a directive such as 'network MyNetwork;'");
            }
        }
        List<Layer> built = chain();
        boolean syntaxErrors = !parsedCleanly || layers.contains(LayerDraft.BROKEN);
        if (!problems.isEmpty() || syntaxErrors) {
            return new Result(Optional.empty(), weights, problems.diagnostics());
        }
        return new Result(Optional.of(new Architecture(className, input.getAsInt(), precision, seed, built)),
                weights, List.of());
    }

    // ---- directives

    private void directive(Statement statement) {
        String keyword = keyword(statement);
        Statement first = directives.putIfAbsent(keyword, statement);
        if (first != null) {
            problems.error(statement.position(), "duplicate '" + keyword + "' directive; the first is on line "
                    + first.position().line());
            return;
        }
        if (firstLayer != null) {
            problems.error(statement.position(), "directive '" + keyword + "' must come before the first layer"
                    + " (line " + firstLayer.line() + ")");
        }
        if (statement instanceof Statement.NetworkDirective d) {
            networkName(d.name());
        } else if (statement instanceof Statement.InputDirective d) {
            input = Numbers.width(problems, d.size(), "input size");
        } else if (statement instanceof Statement.PrecisionDirective d) {
            precision(d.type());
        } else if (statement instanceof Statement.SeedDirective d) {
            seed = Numbers.seed(problems, d.value());
        } else if (statement instanceof Statement.WeightsDirective d) {
            if (d.path().value().isBlank()) {
                problems.error(d.path().position(), "the weights file name is empty");
            } else {
                weights = Optional.of(d.path());
            }
        }
    }

    private static String keyword(Statement directive) {
        if (directive instanceof Statement.NetworkDirective) {
            return "network";
        } else if (directive instanceof Statement.InputDirective) {
            return "input";
        } else if (directive instanceof Statement.PrecisionDirective) {
            return "precision";
        } else if (directive instanceof Statement.SeedDirective) {
            return "seed";
        }
        return "weights";
    }

    private void networkName(Name name) {
        className = name.text();
        if (!ClassNames.isValid(name.text())) {
            problems.error(name.position(), "network name '" + name.text() + "' is a Java "
                    + (ClassNames.isRestricted(name.text()) ? "restricted identifier, which cannot name a class"
                            : "keyword") + "; choose another");
        } else if (name.text().length() > MAX_NAME_LENGTH) {
            problems.error(name.position(), "network name '" + Excerpt.shorten(name.text()) + "' is "
                    + name.text().length() + " characters long; at most " + MAX_NAME_LENGTH + " (it names the"
                    + " generated class and its files, and file names are limited to 255 bytes)");
        }
    }

    private void precision(Name type) {
        Optional<Precision> p = Precision.byKeyword(type.text());
        if (p.isEmpty()) {
            problems.error(type.position(), "unknown precision '" + Excerpt.shorten(type.text())
                    + "'; expected 'float' or 'double'"
                    + Suggestions.didYouMean(type.text(), List.of("float", "double")));
        } else {
            precision = p.get();
        }
    }

    // ---- layers

    private enum Kind { DENSE, ACTIVATION, DROPOUT, BROKEN }

    /**
     * A layer as far as it could be understood: {@code dense}, {@code activation} or {@code rate} is
     * null when part of it failed its checks (already reported). A dropout's {@code name} is null
     * until {@link #chain} gives it its default.
     */
    private record LayerDraft(Kind kind, DenseLayer dense, ActivationCall activation, Double rate, String name,
            OptionalInt inputs, OptionalInt outputs, Position inputsPosition) {
        static final LayerDraft BROKEN = new LayerDraft(Kind.BROKEN, null, null, null, null, OptionalInt.empty(),
                OptionalInt.empty(), null);
    }

    private LayerDraft dense(Statement.Dense dense) {
        int index = denseCount++;
        OptionalInt inputs = Numbers.width(problems, dense.inputs(), "layer width");
        OptionalInt outputs = Numbers.width(problems, dense.outputs(), "layer width");
        Optional<ActivationCall> activation = dense.activations().isEmpty()
                ? Optional.of(ActivationCall.of(Activation.LINEAR))
                : activation(dense.activations().get(0), Activation.allNames());
        for (Call extra : dense.activations().subList(Math.min(1, dense.activations().size()),
                dense.activations().size())) {
            problems.error(extra.name().position(), "a layer has one activation, but '"
                    + Excerpt.shorten(extra.name().text()) + "' follows '"
                    + Excerpt.shorten(dense.activations().get(0).name().text()) + "'; add a standalone activation"
                    + " statement to apply another");
            activation = Optional.empty();
        }

        Map<String, LayerOption> options = options(dense.options(), OPTIONS, "");
        String name = options.containsKey("name") ? givenName(options.get("name")) : "dense_" + index;
        if (name != null) {
            registerName(name, options.containsKey("name") ? position(options.get("name")) : dense.position());
        }
        Optional<Boolean> useBias = options.containsKey("bias") ? bias(options.get("bias")) : Optional.of(true);
        Optional<InitializerCall> kernelInit = options.containsKey("init")
                ? initializer(options.get("init")) : Optional.of(DEFAULT_KERNEL_INIT);
        Optional<InitializerCall> biasInit = options.containsKey("bias_init")
                ? initializer(options.get("bias_init")) : Optional.of(DEFAULT_BIAS_INIT);
        if (options.containsKey("bias_init") && useBias.isPresent() && !useBias.get()) {
            problems.error(options.get("bias_init").key().position(),
                    "option 'bias_init' has no effect on a layer with bias=false; remove one of them");
        }
        Optional<Regularization> regularization = regularization(options);
        String shownName = name == null ? "dense_" + index : Excerpt.shorten(name);
        if (inputs.isPresent() && outputs.isPresent()
                && (long) inputs.getAsInt() * outputs.getAsInt() > MAX_ARRAY_LENGTH) {
            problems.error(dense.position(), "layer '" + shownName + "' would have " + inputs.getAsInt() + " x "
                    + outputs.getAsInt() + " = " + (long) inputs.getAsInt() * outputs.getAsInt()
                    + " weights, more than a Java array holds (" + MAX_ARRAY_LENGTH + ")");
            inputs = OptionalInt.empty();
        }
        DenseLayer layer = null;
        if (name != null && inputs.isPresent() && outputs.isPresent() && activation.isPresent() && useBias.isPresent()
                && kernelInit.isPresent() && biasInit.isPresent() && regularization.isPresent()) {
            layer = new DenseLayer(name, inputs.getAsInt(), outputs.getAsInt(), activation.get(), useBias.get(),
                    kernelInit.get(), biasInit.get(), regularization.get());
        }
        return new LayerDraft(Kind.DENSE, layer, null, null, shownName, inputs, outputs, dense.inputs().position());
    }

    private LayerDraft standaloneActivation(Statement.ActivationStatement statement) {
        // A statement of one word may also be a misspelt 'dropout' (whose rate was forgotten too).
        List<String> statementWords = new ArrayList<>(Activation.allNames());
        statementWords.add("dropout");
        ActivationCall activation = activation(statement.activation(), statementWords).orElse(null);
        return new LayerDraft(Kind.ACTIVATION, null, activation, null, null, OptionalInt.empty(), OptionalInt.empty(),
                statement.position());
    }

    /** {@code dropout RATE [name=NAME];} named {@code dropout_0}, {@code dropout_1}, ... by {@link #chain} unless named. */
    private LayerDraft dropout(Statement.Dropout dropout) {
        Map<String, LayerOption> options = options(dropout.options(), DROPOUT_OPTIONS, " of a dropout layer");
        String name = null;
        if (options.containsKey("name")) {
            name = givenName(options.get("name"));
            if (name != null) {
                registerName(name, position(options.get("name")));
            }
        }
        List<Call> calls = dropout.calls();
        Double rate = null;
        if (dropout.rate().isPresent()) {
            rate = dropoutRate(dropout.rate().get());
        } else if (!calls.isEmpty()) {
            problems.error(calls.get(0).name().position(), "dropout takes a rate, a number from 0 up to (not"
                    + " including) 1, not '" + Excerpt.shorten(calls.get(0).name().text()) + "'");
            calls = calls.subList(1, calls.size());
        } else if (dropout.options().stream().noneMatch(o -> o.key().text().equals("rate"))) {
            problems.error(dropout.position(), "dropout needs a rate, the fraction of values dropped while"
                    + " training, such as 'dropout 0.5;'");
        }
        for (Call call : calls) {
            problems.error(call.name().position(), "a dropout layer has no activation; write '"
                    + Excerpt.shorten(call.name().text()) + (call.hasParentheses() ? "(...)" : "")
                    + ";' as a statement of its own");
        }
        return new LayerDraft(Kind.DROPOUT, null, null, rate, name, OptionalInt.empty(), OptionalInt.empty(),
                dropout.position());
    }

    /** Keras' {@code 0 <= rate < 1}: a rate of 1 would drop every value, and scale by 1/0. */
    private Double dropoutRate(NumberLiteral literal) {
        Optional<Double> rate = Numbers.real(problems, literal);
        if (rate.isEmpty()) {
            return null;
        }
        if (!(rate.get() >= 0 && rate.get() < 1)) {
            problems.error(literal.position(), "dropout rate must be at least 0 and less than 1, got "
                    + Excerpt.shorten(literal.text()));
            return null;
        }
        return rate.get();
    }

    /**
     * A layer's options by key, each known and given once; unknown and repeated ones are reported.
     *
     * @param ofWhat how unknown-option messages name the layer kind, e.g. {@code " of a dropout layer"}
     */
    private Map<String, LayerOption> options(List<LayerOption> given, List<String> known, String ofWhat) {
        Map<String, LayerOption> options = new HashMap<>();
        for (LayerOption option : given) {
            String key = option.key().text();
            if (!known.contains(key)) {
                String hint = key.equals("rate") && known == DROPOUT_OPTIONS
                        ? "; the rate comes right after 'dropout', as in 'dropout 0.5;'"
                        : "; expected " + (known.size() == 1 ? known.get(0) : "one of " + String.join(", ", known))
                                + Suggestions.didYouMean(key, known);
                problems.error(option.key().position(), "unknown option '" + Excerpt.shorten(key) + "'" + ofWhat + hint);
            } else if (options.putIfAbsent(key, option) != null) {
                problems.error(option.key().position(), "option '" + key + "' is given twice");
            }
        }
        return options;
    }

    /** The name a {@code name=} option gives, or null after reporting why it cannot be one. */
    private String givenName(LayerOption option) {
        String name = layerName(option).orElse(null);
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            problems.error(position(option), "layer name '" + Excerpt.shorten(name) + "' is " + name.length()
                    + " characters long; at most " + MAX_NAME_LENGTH + " (it names the layer's arrays in"
                    + " weight files)");
            return null;
        }
        return name;
    }

    /** Claims {@code name} for a layer, reporting a name already taken. */
    private void registerName(String name, Position position) {
        Position first = layerNames.putIfAbsent(name, position);
        if (first != null) {
            problems.error(position, "duplicate layer name '" + Excerpt.shorten(name) + "'; it is first used on line "
                    + first.line());
        }
    }

    /** {@code l1=}, {@code l2=}, {@code bias_l1=} and {@code bias_l2=}, each 0 unless given. */
    private Optional<Regularization> regularization(Map<String, LayerOption> options) {
        Optional<Double> l1 = penalty(options.get("l1"));
        Optional<Double> l2 = penalty(options.get("l2"));
        Optional<Double> biasL1 = penalty(options.get("bias_l1"));
        Optional<Double> biasL2 = penalty(options.get("bias_l2"));
        if (l1.isEmpty() || l2.isEmpty() || biasL1.isEmpty() || biasL2.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Regularization(l1.get(), l2.get(), biasL1.get(), biasL2.get()));
    }

    /** One penalty factor: a number from 0 that the network's precision holds; 0 when the option is absent. */
    private Optional<Double> penalty(LayerOption option) {
        if (option == null) {
            return Optional.of(0.0);
        }
        String key = option.key().text();
        if (!(option.value() instanceof NumberLiteral literal)) {
            problems.error(position(option), "option '" + key + "' takes a number such as 0.01");
            return Optional.empty();
        }
        Optional<Double> value = Numbers.real(problems, literal);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() < 0) {
            problems.error(literal.position(), "option '" + key + "' must not be negative, got "
                    + Excerpt.shorten(literal.text()));
            return Optional.empty();
        }
        if (value.get() > precision.largest()) {
            problems.error(literal.position(), "option '" + key + "' = " + Excerpt.shorten(literal.text())
                    + " does not fit a " + precision.keyword() + " (at most " + precision.largestText() + ")");
            return Optional.empty();
        }
        return value;
    }

    private static Position position(LayerOption option) {
        return option.value() instanceof Call call ? call.name().position()
                : ((NumberLiteral) option.value()).position();
    }

    private Optional<String> layerName(LayerOption option) {
        if (option.value() instanceof Call call && call.arguments().isEmpty() && !call.hasParentheses()) {
            return Optional.of(call.name().text());
        }
        problems.error(position(option), "option 'name' takes a name such as 'hidden'");
        return Optional.empty();
    }

    private Optional<Boolean> bias(LayerOption option) {
        if (option.value() instanceof Call call && !call.hasParentheses()
                && (call.name().text().equals("true") || call.name().text().equals("false"))) {
            return Optional.of(call.name().text().equals("true"));
        }
        problems.error(position(option), "option 'bias' takes true or false");
        return Optional.empty();
    }

    /** @param suggestions the names "did you mean" chooses from */
    private Optional<ActivationCall> activation(Call call, List<String> suggestions) {
        String name = call.name().text();
        Optional<Activation> activation = Activation.byName(name);
        if (activation.isEmpty()) {
            if (Initializer.byName(name).isPresent()) {
                problems.error(call.name().position(), "'" + name + "' is an initializer, not an activation;"
                        + " write init=" + name);
            } else {
                problems.error(call.name().position(), "unknown activation '" + Excerpt.shorten(name) + "'"
                        + Suggestions.didYouMean(name, suggestions));
            }
            return Optional.empty();
        }
        Activation a = activation.get();
        Optional<ActivationCall> bound = Arguments.bind(problems, "activation '" + name + "'", call, a.parameters(),
                a.parameters()).map(args -> new ActivationCall(a, args));
        Optional<String> invalid = bound.flatMap(b -> b.checkArguments(precision));
        invalid.ifPresent(message -> problems.error(call.name().position(), message));
        return invalid.isPresent() ? Optional.empty() : bound;
    }

    private Optional<InitializerCall> initializer(LayerOption option) {
        String key = option.key().text();
        if (!(option.value() instanceof Call call)) {
            problems.error(position(option), "option '" + key + "' takes an initializer such as he_normal or"
                    + " normal(0.1)");
            return Optional.empty();
        }
        String name = call.name().text();
        Optional<Initializer> initializer = Initializer.byName(name);
        if (initializer.isEmpty()) {
            problems.error(call.name().position(), "unknown initializer '" + Excerpt.shorten(name) + "'"
                    + Suggestions.didYouMean(name, Initializer.allNames()));
            return Optional.empty();
        }
        Initializer init = initializer.get();
        Optional<List<Double>> args = Arguments.bind(problems, "initializer '" + name + "'", call, init.parameters(),
                init.positional(call.arguments().size()));
        if (args.isEmpty()) {
            return Optional.empty();
        }
        InitializerCall bound = new InitializerCall(init, args.get());
        Optional<String> invalid = init.checkArguments(bound.argumentArray(), precision);
        invalid.ifPresent(message -> problems.error(call.name().position(), message));
        return invalid.isPresent() ? Optional.empty() : Optional.of(bound);
    }

    // ---- the whole network

    /** Checks that each layer takes what the one before produces, and builds the layers when all is well. */
    private List<Layer> chain() {
        boolean broken = layers.stream().anyMatch(l -> l.kind() == Kind.BROKEN);
        Optional<LayerDraft> firstDense = layers.stream().filter(l -> l.kind() == Kind.DENSE).findFirst();
        if (layers.isEmpty()) {
            if (parsedCleanly) {
                problems.error(Position.START, "the network has no layers; add one such as 'dense 4 -> 4 relu;'");
            }
            return List.of();
        }
        if (!directives.containsKey("input")) {
            input = firstDense.map(LayerDraft::inputs).orElse(OptionalInt.empty());
            if (firstDense.isEmpty() && !broken) {
                problems.error(Position.START, "cannot tell the network's input width; add 'input N;' or a"
                        + " dense layer");
            }
        }
        if (layers.size() > MAX_LAYERS) {
            problems.error(Position.START, "the network has " + layers.size() + " layers; at most " + MAX_LAYERS
                    + " fit in one generated class (the JVM limits a class's static initializer to 64 KB of code)");
        }
        OptionalInt width = input;
        String producer = directives.containsKey("input")
                ? "the network input ('input' on line " + directives.get("input").position().line() + ") has"
                : "the network input has";
        List<Layer> built = new ArrayList<>();
        int activations = 0;
        int dropouts = 0;
        for (LayerDraft draft : layers) {
            switch (draft.kind()) {
                case BROKEN -> width = OptionalInt.empty();
                case ACTIVATION -> {
                    if (draft.activation() != null && width.isPresent()) {
                        built.add(new ActivationLayer(defaultName("activation_", activations), width.getAsInt(),
                                draft.activation()));
                    }
                    activations++;
                }
                case DROPOUT -> {
                    if (draft.rate() != null && width.isPresent()) {
                        String name = draft.name() != null ? draft.name() : defaultName("dropout_", dropouts);
                        built.add(new DropoutLayer(name, width.getAsInt(), draft.rate()));
                    }
                    dropouts++;
                }
                case DENSE -> {
                    if (width.isPresent() && draft.inputs().isPresent()
                            && draft.inputs().getAsInt() != width.getAsInt()) {
                        problems.error(draft.inputsPosition(), "layer '" + draft.name() + "' takes "
                                + draft.inputs().getAsInt() + " inputs but " + producer + " " + width.getAsInt());
                    }
                    if (draft.dense() != null) {
                        built.add(draft.dense());
                    }
                    width = draft.outputs();
                    producer = "'" + draft.name() + "' produces";
                }
            }
        }
        return built;
    }

    /**
     * Standalone activations are named activation_0, activation_1, ..., dropouts dropout_0,
     * dropout_1, ..., skipping names other layers already use.
     */
    private String defaultName(String prefix, int index) {
        String name = prefix + index;
        while (layerNames.containsKey(name)) {
            name = name + "_";
        }
        return name;
    }
}

package dev.netc.codegen.kernel;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.math.FloatExp;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * The forward pass of a small network as straight-line code: every value of every layer is a
 * local variable, every weight is read once with a constant index, and bias and activation are
 * part of each output's expression. No loops, no scratch arrays, nothing allocated.
 *
 * <p>Row-wise activations are written out with the operations of
 * {@link dev.netc.runtime.Activations#softmax(float[], int, int)} and its siblings, in an order that
 * shortens the chain of dependent operations (see {@link #rowWise}). {@link StraightLineSize} keeps
 * {@code forward} small enough for the JIT to compile.
 */
public final class UnrolledKernel implements ForwardKernel {
    /** Most multiply-adds (weights) over all layers: about 4400 of the JIT's 8000 bytes. */
    static final int MAX_WEIGHTS = 400;
    /** Widest layer written out value by value. */
    static final int MAX_WIDTH = 64;
    /** Most values (the input and every layer's outputs) written out. */
    static final int MAX_VALUES = 128;

    private final Architecture architecture;
    private final ScalarType type;
    private final ClassName workspace;
    private final WeightFields fields;

    public UnrolledKernel(Architecture architecture, ScalarType type, ClassName workspace) {
        this.architecture = architecture;
        this.type = type;
        this.workspace = workspace;
        this.fields = new WeightFields(architecture, type);
    }

    /**
     * Whether {@code architecture} is small enough for this kernel: within the limits above, and
     * {@code forward} small enough for the JIT to compile it ({@link StraightLineSize}).
     */
    public static boolean fits(Architecture architecture) {
        return withinLimits(architecture)
                && StraightLineSize.bytes(architecture) <= StraightLineSize.COMPILED_LIMIT;
    }

    /** Whether {@code architecture} keeps to {@link #MAX_WEIGHTS}, {@link #MAX_WIDTH} and {@link #MAX_VALUES}. */
    static boolean withinLimits(Architecture architecture) {
        return weights(architecture) <= MAX_WEIGHTS && widest(architecture) <= MAX_WIDTH
                && values(architecture) <= MAX_VALUES;
    }

    private static long values(Architecture architecture) {
        long values = architecture.inputSize();
        for (Layer layer : architecture.layers()) {
            values += layer.outputSize();
        }
        return values;
    }

    private static long weights(Architecture architecture) {
        long weights = 0;
        for (DenseLayer dense : architecture.denseLayers()) {
            weights += (long) dense.inputSize() * dense.outputSize();
        }
        return weights;
    }

    private static int widest(Architecture architecture) {
        int widest = architecture.inputSize();
        for (Layer layer : architecture.layers()) {
            widest = Math.max(widest, layer.outputSize());
        }
        return widest;
    }

    @Override
    public WeightFields weightFields() {
        return fields;
    }

    @Override
    public boolean usesWorkspace() {
        return false;
    }

    @Override
    public void addWorkspaceFields(TypeSpec.Builder builder, MethodSpec.Builder constructor) {
        // Everything lives in local variables.
    }

    @Override
    public void addForwardMethods(TypeSpec.Builder builder) {
        builder.addMethod(forward());
    }

    /** {@code forward(x, xo, y, yo, workspace)}. */
    private MethodSpec forward() {
        MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(type.vector(), "x").addParameter(int.class, "xo")
                .addParameter(type.vector(), "y").addParameter(int.class, "yo")
                .addParameter(workspace, "workspace");
        for (int j = 0; j < architecture.inputSize(); j++) {
            forward.addStatement("$T $L = x[xo + $L]", type.scalar(), value(0, j), j);
        }
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            forward.addCode("// $L\n", LayerText.describe(layer));
            if (layer instanceof DenseLayer dense) {
                dense(forward, l, dense);
            } else {
                activation(forward, l, layer.activation(), layer.outputSize());
            }
        }
        int last = architecture.layers().size();
        for (int j = 0; j < architecture.outputSize(); j++) {
            forward.addStatement("y[yo + $L] = $L", j, value(last, j));
        }
        return forward.build();
    }

    /**
     * Each output: the activation of fused multiply-adds that start from the bias, in two chains
     * from four inputs on, one over the first half of the inputs and one over the second, added at
     * the end: a small network's forward pass is one chain of dependent operations, and two half
     * chains shorten it (4→4→4: 15–20 % faster per sample together with {@link #rowWise}'s
     * unrounded exponentials).
     */
    private void dense(MethodSpec.Builder forward, int l, DenseLayer layer) {
        forward.addStatement("$T w$L = $N", type.vector(), l, WeightFields.weights(l));
        if (layer.useBias()) {
            forward.addStatement("$T $L = $N", type.vector(), "c" + l, WeightFields.biases(l));
        }
        boolean rowWise = layer.activation().activation().isRowWise();
        int inputs = layer.inputSize();
        int half = inputs < 4 ? inputs : (inputs + 1) / 2;
        for (int j = 0; j < layer.outputSize(); j++) {
            CodeBlock start = layer.useBias() ? CodeBlock.of("c$L[$L]", l, j) : CodeBlock.of("$L", type.literal(0));
            CodeBlock sum = multiplyAdds(l, layer, j, 0, half, start);
            if (half < inputs) {
                CodeBlock product = CodeBlock.of("$L * w$L[$L]", value(l, half), l, weightIndex(layer, half, j));
                sum = CodeBlock.of("($L + $L)", sum, multiplyAdds(l, layer, j, half + 1, inputs, product));
            }
            forward.addStatement("$T $L = $L", type.scalar(), value(l + 1, j),
                    rowWise ? sum : ActivationCode.scalar(layer.activation(), sum, type));
        }
        if (rowWise) {
            rowWise(forward, l + 1, layer.activation(), layer.outputSize());
        }
    }

    /** {@code start} plus inputs {@code from} to {@code to - 1} times their weights for output {@code j}, chained. */
    private CodeBlock multiplyAdds(int l, DenseLayer layer, int j, int from, int to, CodeBlock start) {
        CodeBlock sum = start;
        for (int i = from; i < to; i++) {
            sum = CodeBlock.of("$T.fma($L, w$L[$L], $L)", Math.class, value(l, i), l, weightIndex(layer, i, j), sum);
        }
        return sum;
    }

    private static int weightIndex(DenseLayer layer, int i, int j) {
        return i * layer.outputSize() + j;
    }

    private void activation(MethodSpec.Builder forward, int l, ActivationCall call, int width) {
        for (int j = 0; j < width; j++) {
            CodeBlock input = CodeBlock.of("$L", value(l, j));
            forward.addStatement("$T $L = $L", type.scalar(), value(l + 1, j),
                    call.activation().isRowWise() ? input : ActivationCode.scalar(call, input, type));
        }
        if (call.activation().isRowWise()) {
            rowWise(forward, l + 1, call, width);
        }
    }

    /**
     * Softmax or log-softmax of the values of one stage, in place, with the operations of the
     * runtime's row functions, except that the row maximum and the sum of the exponentials are
     * taken in pairs, a tree rather than a chain: a small network's forward pass is one chain of
     * dependent operations, and the tree shortens it (4→4→4: 12–17 % faster per sample). The
     * maximum is the same value either way; the double-precision sum may differ in its last bit.
     * In float, the exponentials are summed and scaled as {@link FloatExp#expUnrounded(float)}
     * gives them, before their rounding to float: two conversions fewer in that chain, and one
     * rounding instead of two in each output (within one ulp of the runtime's).
     */
    private void rowWise(MethodSpec.Builder forward, int stage, ActivationCall call, int width) {
        // A block of its own, so that javac reuses the temporaries' local slots for the next stage.
        forward.addCode("{\n$>");
        String max = rowMaximum(forward, stage, 0, width);
        String sum = "sum" + stage;
        if (call.activation() == Activation.SOFTMAX) {
            for (int j = 0; j < width; j++) {
                forward.addStatement("double $L = $L", exponential(stage, j),
                        exp(CodeBlock.of("$L - $L", value(stage, j), max)));
            }
            forward.addStatement("double $L = $L", sum,
                    pairwiseSum(0, width, j -> CodeBlock.of("$L", exponential(stage, j))));
            if (type.isDouble()) {
                for (int j = 0; j < width; j++) {
                    forward.addStatement("$L = $L / $L", value(stage, j), exponential(stage, j), sum);
                }
            } else {
                String scale = "scale" + stage;
                forward.addStatement("double $L = 1d / $L", scale, sum);
                for (int j = 0; j < width; j++) {
                    forward.addStatement("$L = (float) ($L * $L)", value(stage, j), exponential(stage, j), scale);
                }
            }
        } else {
            forward.addStatement("double $L = $L", sum,
                    pairwiseSum(0, width, j -> exp(CodeBlock.of("$L - $L", value(stage, j), max))));
            String logSum = "logSum" + stage;
            forward.addStatement("double $L = $T.log($L)", logSum, Math.class, sum);
            for (int j = 0; j < width; j++) {
                forward.addStatement(type.isDouble() ? "$L = $L - $L - $L" : "$L = (float) ((double) ($L - $L) - $L)",
                        value(stage, j), value(stage, j), max, logSum);
            }
        }
        forward.addCode("$<}\n");
    }

    /** e to the power of {@code argument}, a double: {@code Math.exp} or, in float, the unrounded {@code FloatExp}. */
    private CodeBlock exp(CodeBlock argument) {
        return type.isDouble()
                ? CodeBlock.of("$T.exp($L)", Math.class, argument)
                : CodeBlock.of("$T.expUnrounded($L)", FloatExp.class, argument);
    }

    /**
     * Declares the maximum of values {@code from} to {@code to - 1} of {@code stage}, taken in pairs,
     * and returns the local holding it. A comparison rather than {@code Math.max}: cheaper, and the
     * first of equal values wins as in a chain that starts from −∞. Where the runtime's
     * {@code Math.max} would give NaN this may not, but a NaN reaches every output through the
     * exponentials either way, so the results are those of the runtime's row functions.
     */
    private String rowMaximum(MethodSpec.Builder forward, int stage, int from, int to) {
        if (to - from == 1) {
            return value(stage, from);
        }
        int middle = (from + to) >>> 1;
        String left = rowMaximum(forward, stage, from, middle);
        String right = rowMaximum(forward, stage, middle, to);
        String max = "max" + stage + "_" + from + "_" + to;
        forward.addStatement("$T $L = $L > $L ? $L : $L", type.scalar(), max, right, left, right, left);
        return max;
    }

    /** The sum of the doubles {@code term(from)} to {@code term(to - 1)}, added in pairs. */
    private static CodeBlock pairwiseSum(int from, int to, IntFunction<CodeBlock> term) {
        if (to - from == 1) {
            return term.apply(from);
        }
        int middle = (from + to) >>> 1;
        return CodeBlock.of("($L + $L)", pairwiseSum(from, middle, term), pairwiseSum(middle, to, term));
    }

    /** The local holding the exponential of value {@code j} of {@code stage} in a softmax. */
    private static String exponential(int stage, int j) {
        return "e" + stage + "_" + j;
    }

    /** The local holding value {@code j} after {@code stage} layers (stage 0 is the input). */
    private static String value(int stage, int j) {
        return "v" + stage + "_" + j;
    }
}

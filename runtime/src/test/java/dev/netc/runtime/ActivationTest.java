package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The catalogue of activations: names as the spec lists them, and {@link Activation#apply} doing
 * exactly what the static method named {@link Activation#methodName()} does, which is what
 * generated code calls. Together these pin the interpreter to the generated code's formula.
 */
class ActivationTest {

    /** The spec's list (section 2), keywords and aliases. */
    private static final List<String> SPEC_NAMES = List.of("linear", "relu", "relu6", "leaky_relu", "elu", "selu",
            "sigmoid", "hard_sigmoid", "tanh", "softplus", "softsign", "silu", "swish", "hard_silu", "hard_swish",
            "gelu", "gelu_tanh", "mish", "exponential", "softmax", "log_softmax");

    /** Values that exercise every branch and tail, plus seeded random ones. */
    private static final double[] INPUTS = inputs();

    private static double[] inputs() {
        List<Double> xs = new ArrayList<>(List.of(0.0, -0.0, 1e-30, -1e-30, 1e-7, -1e-7, 0.5, -0.5, 1.0, -1.0, 2.9,
                -2.9, 3.0, -3.0, 3.1, -3.1, 5.9, 6.0, 6.1, -6.0, 20.0, -20.0, 50.0, -50.0, 88.0, 89.0, -104.0, 709.0,
                710.0, -745.0, -800.0, 800.0, 1e30, -1e30, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            xs.add(random.nextGaussian() * 4);
            xs.add(Math.scalb(random.nextDouble() - 0.5, random.nextInt(40) - 20));
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void allNamesAreTheSpecsKeywordsAndAliases() {
        assertThat(Activation.allNames()).containsExactlyInAnyOrderElementsOf(SPEC_NAMES).doesNotHaveDuplicates();
    }

    @Test
    void byNameFindsKeywordsAndAliases() {
        for (Activation a : Activation.values()) {
            assertThat(Activation.byName(a.keyword())).contains(a);
            assertThat(a.toString()).isEqualTo(a.keyword());
        }
        assertThat(Activation.byName("swish")).contains(Activation.SILU);
        assertThat(Activation.byName("hard_swish")).contains(Activation.HARD_SILU);
        assertThat(Activation.SILU.aliases()).containsExactly("swish");
        assertThat(Activation.HARD_SILU.aliases()).containsExactly("hard_swish");
        assertThat(Activation.byName("leaky_relu")).contains(Activation.LEAKY_RELU);
        assertThat(Activation.byName("log_softmax")).contains(Activation.LOG_SOFTMAX);
    }

    @Test
    void byNameIsExactAndCaseSensitive() {
        for (String name : List.of("Relu", "RELU", "softmax ", " relu", "", "relu_6", "leakyRelu", "LEAKY_RELU",
                "gelu_exact", "hardswish", "linear()")) {
            assertThat(Activation.byName(name)).as("'%s'", name).isEmpty();
        }
    }

    @Test
    void onlySoftmaxAndLogSoftmaxAreRowWise() {
        assertThat(Arrays.stream(Activation.values()).filter(Activation::isRowWise))
                .containsExactlyInAnyOrder(Activation.SOFTMAX, Activation.LOG_SOFTMAX);
    }

    @Test
    void onlyLeakyReluAndEluTakeAnArgument() {
        for (Activation a : Activation.values()) {
            List<Parameter> expected = switch (a) {
                case LEAKY_RELU -> List.of(new Parameter("a", 0.01));
                case ELU -> List.of(new Parameter("a", 1.0));
                default -> List.of();
            };
            assertThat(a.parameters()).as("%s", a).isEqualTo(expected);
        }
    }

    @Test
    void methodNamesAreTheKeywordsInLowerCamelCase() {
        assertThat(Activation.LEAKY_RELU.methodName()).isEqualTo("leakyRelu");
        assertThat(Activation.LOG_SOFTMAX.methodName()).isEqualTo("logSoftmax");
        assertThat(Activation.GELU_TANH.methodName()).isEqualTo("geluTanh");
        assertThat(Activation.HARD_SIGMOID.methodName()).isEqualTo("hardSigmoid");
        assertThat(Activation.HARD_SILU.methodName()).isEqualTo("hardSilu");
        assertThat(Activation.RELU6.methodName()).isEqualTo("relu6");
        assertThat(Activation.EXPONENTIAL.methodName()).isEqualTo("exponential");
    }

    /** Generated code calls {@code Activations.<methodName>(...)}: the method must exist in both precisions. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void methodNameNamesPublicStaticMethodsInBothPrecisions(Activation a) throws NoSuchMethodException {
        for (Method m : methods(a)) {
            assertThat(Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                    .as("%s is public static", m).isTrue();
        }
        if (a.isRowWise()) {
            assertThat(methods(a)).extracting(Method::getReturnType).containsOnly(void.class);
        } else {
            assertThat(methods(a).get(0).getReturnType()).isEqualTo(float.class);
            assertThat(methods(a).get(1).getReturnType()).isEqualTo(double.class);
        }
    }

    /** [float method, double method] for {@code a}, with the signature its parameters call for. */
    private static List<Method> methods(Activation a) throws NoSuchMethodException {
        String name = a.methodName();
        if (a.isRowWise()) {
            return List.of(Activations.class.getMethod(name, float[].class, int.class, int.class),
                    Activations.class.getMethod(name, double[].class, int.class, int.class));
        }
        assertThat(a.parameters()).as("the (x) / (x, a) signatures cover at most one parameter").hasSizeLessThan(2);
        if (a.parameters().isEmpty()) {
            return List.of(Activations.class.getMethod(name, float.class),
                    Activations.class.getMethod(name, double.class));
        }
        return List.of(Activations.class.getMethod(name, float.class, float.class),
                Activations.class.getMethod(name, double.class, double.class));
    }

    /**
     * {@code apply} gives bit for bit what calling the named method gives, with the argument cast to
     * float in float precision: the interpreter computes what generated code computes.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void applyIsExactlyTheNamedMethod(Activation a) throws Exception {
        Method f = methods(a).get(0);
        Method d = methods(a).get(1);
        List<double[]> argumentLists = new ArrayList<>();
        argumentLists.add(ActivationCall.of(a).argumentArray());
        if (!a.parameters().isEmpty()) {
            argumentLists.add(new double[] {0.3});
            argumentLists.add(new double[] {0.1}); // not a float: the float path must use (float) 0.1
            argumentLists.add(new double[] {2.5});
        }
        for (double[] args : argumentLists) {
            if (a.isRowWise()) {
                for (int start = 0; start + 5 <= INPUTS.length; start += 5) {
                    double[] row = Arrays.copyOfRange(INPUTS, start, start + 5);
                    double[] viaApply = row.clone();
                    a.apply(viaApply, 0, 5, args);
                    double[] viaMethod = row.clone();
                    d.invoke(null, viaMethod, 0, 5);
                    assertThat(bits(viaApply)).as("%s%s", a, Arrays.toString(row)).isEqualTo(bits(viaMethod));
                    float[] rowF = toFloats(row);
                    float[] viaApplyF = rowF.clone();
                    a.apply(viaApplyF, 0, 5, args);
                    float[] viaMethodF = rowF.clone();
                    f.invoke(null, viaMethodF, 0, 5);
                    assertThat(bits(viaApplyF)).as("%s%s", a, Arrays.toString(rowF)).isEqualTo(bits(viaMethodF));
                }
                continue;
            }
            double[] viaApply = INPUTS.clone();
            a.apply(viaApply, 0, viaApply.length, args);
            float[] viaApplyF = toFloats(INPUTS);
            a.apply(viaApplyF, 0, viaApplyF.length, args);
            for (int i = 0; i < INPUTS.length; i++) {
                double x = INPUTS[i];
                Object expected = args.length == 0 ? d.invoke(null, x) : d.invoke(null, x, args[0]);
                assertThat(Double.doubleToLongBits(viaApply[i])).as("%s(%s, %s)", a, x, Arrays.toString(args))
                        .isEqualTo(Double.doubleToLongBits((Double) expected));
                float xf = (float) x;
                Object expectedF = args.length == 0 ? f.invoke(null, xf) : f.invoke(null, xf, (float) args[0]);
                assertThat(Float.floatToIntBits(viaApplyF[i])).as("%s(%sf, %s)", a, xf, Arrays.toString(args))
                        .isEqualTo(Float.floatToIntBits((Float) expectedF));
            }
        }
    }

    /** {@code apply} acts on {@code len} values from {@code off} and leaves the rest alone. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void applyTouchesOnlyItsRange(Activation a) {
        double[] args = ActivationCall.of(a).argumentArray();
        double[] v = {-7, 7, -1.5, 0.25, 2, 7, -7};
        a.apply(v, 2, 3, args);
        double[] alone = {-1.5, 0.25, 2};
        a.apply(alone, 0, 3, args);
        assertThat(v).containsExactly(-7, 7, alone[0], alone[1], alone[2], 7, -7);
        float[] f = {-7, 7, -1.5f, 0.25f, 2, 7, -7};
        a.apply(f, 2, 3, args);
        float[] aloneF = {-1.5f, 0.25f, 2};
        a.apply(aloneF, 0, 3, args);
        assertThat(f).containsExactly(-7, 7, aloneF[0], aloneF[1], aloneF[2], 7, -7);
    }

    @Test
    void applyUsesTheArgumentItIsGiven() {
        double[] v = {-2, 3};
        Activation.LEAKY_RELU.apply(v, 0, 2, new double[] {0.25});
        assertThat(v).containsExactly(-0.5, 3);
        float[] f = {-2, 3};
        Activation.ELU.apply(f, 0, 2, new double[] {0.5});
        assertThat(f).containsExactly((float) (0.5 * Math.expm1(-2)), 3f);
    }

    // ------------------------------------------------------------------ ActivationCall

    @Test
    void activationCallOfFillsTheDefaults() {
        assertThat(ActivationCall.of(Activation.LEAKY_RELU).arguments()).containsExactly(0.01);
        assertThat(ActivationCall.of(Activation.ELU).argumentArray()).containsExactly(1.0);
        assertThat(ActivationCall.of(Activation.RELU).arguments()).isEmpty();
    }

    @Test
    void activationCallPrintsAsTheLanguageWritesIt() {
        assertThat(ActivationCall.of(Activation.RELU)).hasToString("relu");
        assertThat(ActivationCall.of(Activation.LOG_SOFTMAX)).hasToString("log_softmax");
        assertThat(new ActivationCall(Activation.LEAKY_RELU, List.of(0.2))).hasToString("leaky_relu(0.2)");
        assertThat(ActivationCall.of(Activation.ELU)).hasToString("elu(1)");
        assertThat(new ActivationCall(Activation.ELU, List.of(-0.5))).hasToString("elu(-0.5)");
    }

    @Test
    void activationCallChecksTheArgumentCount() {
        assertThatThrownBy(() -> new ActivationCall(Activation.RELU, List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("relu takes 0 arguments, got 1");
        assertThatThrownBy(() -> new ActivationCall(Activation.LEAKY_RELU, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leaky_relu takes 1 arguments, got 0");
    }

    @Test
    void activationCallIsImmutable() {
        List<Double> args = new ArrayList<>(List.of(0.2));
        ActivationCall call = new ActivationCall(Activation.LEAKY_RELU, args);
        args.set(0, 0.5);
        assertThat(call.arguments()).containsExactly(0.2);
        assertThatThrownBy(() -> call.arguments().add(1.0)).isInstanceOf(UnsupportedOperationException.class);
        call.argumentArray()[0] = 9;
        assertThat(call.argumentArray()).containsExactly(0.2);
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToLongBits).toArray();
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToIntBits(values[i]);
        }
        return out;
    }
}

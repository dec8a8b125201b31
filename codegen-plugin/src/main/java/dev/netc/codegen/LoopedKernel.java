package dev.netc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * The forward pass of a network too large to write out value by value, as loops the JIT
 * vectorizes. Each dense layer has its own method with its widths as constants:
 * <ul>
 *   <li>weights are held one array per input, so the inner loop reads {@code w[i][j]}, writes
 *       {@code y[j]} and nothing else, which is what C2 needs to vectorize it;
 *   <li>outputs start from the bias, and every pass over them adds four inputs with fused
 *       multiply-adds, which quarters the loads and stores of the outputs;
 *   <li>{@code forward2} runs two samples through each layer together, so each weight row
 *       loaded from cache serves both;
 *   <li>the activation runs over the row right after it is complete, while it is in L1.
 * </ul>
 * Intermediate rows live in a {@code Workspace} (two rows per sample, used in turn).
 */
final class LoopedKernel implements ForwardKernel {
    /** Inputs added per pass over a layer's outputs. */
    private static final int INPUTS_PER_PASS = 4;

    private final Architecture architecture;
    private final ScalarType type;
    private final ClassName workspace;
    private final WeightFields fields;

    LoopedKernel(Architecture architecture, ScalarType type, ClassName workspace) {
        this.architecture = architecture;
        this.type = type;
        this.workspace = workspace;
        this.fields = new WeightFields(architecture, type, true);
    }

    @Override
    public WeightFields weightFields() {
        return fields;
    }

    @Override
    public boolean needsWorkspace() {
        return true;
    }

    /** Rows {@code a0}, {@code b0} for the first sample and {@code a1}, {@code b1} for the second. */
    @Override
    public void addWorkspaceFields(TypeSpec.Builder builder, MethodSpec.Builder constructor) {
        int width = architecture.inputSize();
        for (Layer layer : architecture.layers()) {
            width = Math.max(width, layer.outputSize());
        }
        for (String row : new String[] {"a0", "b0", "a1", "b1"}) {
            builder.addField(FieldSpec.builder(type.vector(), row, Modifier.FINAL).build());
            constructor.addStatement("$L = new $T[$L]", row, type.scalar(), width);
        }
    }

    @Override
    public void addForwardMethods(TypeSpec.Builder builder) {
        builder.addMethod(forward(1));
        builder.addMethod(forward(2));
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            if (layer instanceof DenseLayer dense) {
                builder.addMethod(denseMethod(l, dense, 1));
                builder.addMethod(denseMethod(l, dense, 2));
            } else {
                builder.addMethod(activationMethod(l, layer));
            }
        }
    }

    /**
     * {@code forward} (one sample) or {@code forward2} (two): each layer reads the row the previous
     * one wrote, and writes the workspace row that does not hold its input.
     */
    private MethodSpec forward(int lanes) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(lanes == 1 ? "forward" : "forward2")
                .addModifiers(Modifier.PRIVATE);
        for (int s = 0; s < lanes; s++) {
            method.addParameter(type.vector(), input(lanes, s)).addParameter(int.class, input(lanes, s) + "o");
        }
        for (int s = 0; s < lanes; s++) {
            method.addParameter(type.vector(), output(lanes, s)).addParameter(int.class, output(lanes, s) + "o");
        }
        method.addParameter(workspace, "workspace");
        String current = null;
        for (int l = 0; l < architecture.layers().size(); l++) {
            Layer layer = architecture.layers().get(l);
            if (layer instanceof DenseLayer) {
                String target = "a".equals(current) ? "b" : "a";
                CodeBlock.Builder args = CodeBlock.builder();
                for (int s = 0; s < lanes; s++) {
                    args.add(current == null ? "$L, $Lo, " : "workspace.$L$L, 0, ",
                            current == null ? input(lanes, s) : current, current == null ? input(lanes, s) : s);
                }
                for (int s = 0; s < lanes; s++) {
                    args.add(s == 0 ? "workspace.$L$L" : ", workspace.$L$L", target, s);
                }
                method.addStatement("$L($L)", layerMethod(l), args.build());
                current = target;
            } else {
                if (current == null) {
                    // Activations ahead of every dense layer work on a copy, never on the caller's input.
                    for (int s = 0; s < lanes; s++) {
                        method.addStatement("$T.arraycopy($L, $Lo, workspace.a$L, 0, $L)", System.class,
                                input(lanes, s), input(lanes, s), s, architecture.inputSize());
                    }
                    current = "a";
                }
                for (int s = 0; s < lanes; s++) {
                    method.addStatement("$L(workspace.$L$L)", layerMethod(l), current, s);
                }
            }
        }
        for (int s = 0; s < lanes; s++) {
            method.addStatement("$T.arraycopy(workspace.$L$L, 0, $L, $Lo, $L)", System.class, current, s,
                    output(lanes, s), output(lanes, s), architecture.outputSize());
        }
        return method.build();
    }

    private MethodSpec denseMethod(int l, DenseLayer layer, int lanes) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerMethod(l))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L, $L.\n", UnrolledKernel.describe(layer), lanes == 1 ? "one sample" : "two samples at once");
        for (int s = 0; s < lanes; s++) {
            method.addParameter(type.vector(), "x" + s).addParameter(int.class, "o" + s);
        }
        for (int s = 0; s < lanes; s++) {
            method.addParameter(type.vector(), "y" + s);
        }
        method.addStatement("$T w = $N", type.matrix(), WeightFields.weights(l));
        for (int s = 0; s < lanes; s++) {
            if (layer.useBias()) {
                method.addStatement("$T.arraycopy($N, 0, y$L, 0, $L)", System.class, WeightFields.biases(l), s, out);
            } else {
                method.addStatement("$T.fill(y$L, 0, $L, $L)", Arrays.class, s, out, type.literal(0));
            }
        }
        int full = in - in % INPUTS_PER_PASS;
        if (full > 0) {
            method.addStatement("int i = 0")
                    .beginControlFlow("for (; i < $L; i += $L)", full, INPUTS_PER_PASS);
            for (int s = 0; s < lanes; s++) {
                for (int k = 0; k < INPUTS_PER_PASS; k++) {
                    method.addStatement("$T x$L_$L = x$L[o$L + $L]", type.scalar(), s, k, s, s, plus("i", k));
                }
            }
            for (int k = 0; k < INPUTS_PER_PASS; k++) {
                method.addStatement("$T w$L = w[$L]", type.vector(), k, plus("i", k));
            }
            method.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            for (int s = 0; s < lanes; s++) {
                CodeBlock sum = CodeBlock.of("y$L[j]", s);
                for (int k = 0; k < INPUTS_PER_PASS; k++) {
                    sum = CodeBlock.of("$T.fma(x$L_$L, w$L[j], $L)", Math.class, s, k, k, sum);
                }
                method.addStatement("y$L[j] = $L", s, sum);
            }
            method.endControlFlow().endControlFlow();
        }
        for (int i = full; i < in; i++) {
            method.addStatement("$T r$L = w[$L]", type.vector(), i, i);
            method.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            for (int s = 0; s < lanes; s++) {
                method.addStatement("y$L[j] = $T.fma(x$L[o$L + $L], r$L[j], y$L[j])", s, Math.class, s, s, i, i, s);
            }
            method.endControlFlow();
        }
        for (int s = 0; s < lanes; s++) {
            applyActivation(method, layer.activation(), "y" + s, out);
        }
        return method.build();
    }

    private MethodSpec activationMethod(int l, Layer layer) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerMethod(l))
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("$L, in place.\n", UnrolledKernel.describe(layer))
                .addParameter(type.vector(), "row");
        applyActivation(method, layer.activation(), "row", layer.outputSize());
        return method.build();
    }

    private void applyActivation(MethodSpec.Builder method, ActivationCall call, String row, int width) {
        if (call.activation().isRowWise()) {
            method.addStatement("$L", ActivationCode.rowWise(call, row, width));
        } else if (call.activation() != dev.netc.runtime.Activation.LINEAR) {
            method.beginControlFlow("for (int j = 0; j < $L; j++)", width)
                    .addStatement("$L[j] = $L", row, ActivationCode.elementwise(call, CodeBlock.of("$L[j]", row), type))
                    .endControlFlow();
        }
    }

    /** {@code i}, {@code i + 1}, ... */
    private static String plus(String variable, int k) {
        return k == 0 ? variable : variable + " + " + k;
    }

    private static String input(int lanes, int s) {
        return lanes == 1 ? "x" : "x" + s;
    }

    private static String output(int lanes, int s) {
        return lanes == 1 ? "y" : "y" + s;
    }

    private static String layerMethod(int l) {
        return "layer" + l;
    }
}

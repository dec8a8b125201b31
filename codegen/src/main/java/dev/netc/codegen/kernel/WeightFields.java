package dev.netc.codegen.kernel;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.internal.WeightRows;
import dev.netc.runtime.internal.ZeroInputs;
import dev.netc.runtime.io.NpyArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import javax.lang.model.element.Modifier;

/**
 * The fields that hold a network's weights, named after the layer's position ({@code weights0},
 * {@code biases0}), in one of two layouts: the file's row-major array of shape (IN, OUT), or one
 * array per input row for the looped kernel (then, on the Vector API, also a row-major copy,
 * {@code rowMajor0}); layers whose zero inputs a sample skips get a flag that says whether all their
 * weights are finite ({@code finiteWeights1}).
 */
public final class WeightFields {
    private final Architecture architecture;
    private final ScalarType type;
    private final boolean rows;
    private final IntPredicate finiteFlags;
    private String rowMajorFlag;

    /** Each layer's weights in one row-major array, as the file holds them; no other fields. */
    WeightFields(Architecture architecture, ScalarType type) {
        this(architecture, type, false, layer -> false);
    }

    /**
     * @param rows whether weight matrices are held as one array per input row
     * @param finiteFlags which dense layers, by position, get a {@link #finite} flag: those whose
     *     zero inputs the kernel skips
     */
    WeightFields(Architecture architecture, ScalarType type, boolean rows, IntPredicate finiteFlags) {
        this.architecture = architecture;
        this.type = type;
        this.rows = rows;
        this.finiteFlags = finiteFlags;
    }

    /**
     * Also a row-major copy of every layer's weights ({@link #rowMajor}), made only where the static
     * boolean field {@code flag} of the generated class holds, and {@code null} elsewhere.
     */
    WeightFields withRowMajorCopies(String flag) {
        this.rowMajorFlag = flag;
        return this;
    }

    static String rowMajor(int layer) {
        return "rowMajor" + layer;
    }

    static String weights(int layer) {
        return "weights" + layer;
    }

    static String biases(int layer) {
        return "biases" + layer;
    }

    /** Whether {@code layer}'s weights are all finite, for layers whose zero inputs a sample skips. */
    static String finite(int layer) {
        return "finiteWeights" + layer;
    }

    /** Whether dense layer {@code layer} gets a {@link #finite} flag. */
    private boolean hasFiniteFlag(int layer) {
        return finiteFlags.test(layer);
    }

    public void addFields(TypeSpec.Builder builder) {
        TypeName weightsType = rows ? type.matrix() : type.vector();
        for (int k = 0; k < architecture.layers().size(); k++) {
            if (!(architecture.layers().get(k) instanceof DenseLayer layer)) {
                continue;
            }
            builder.addField(FieldSpec.builder(weightsType, weights(k), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L: weights ($L, $L), $L.\n", layer.name(), layer.inputSize(), layer.outputSize(),
                            rows ? "one array per input" : "row-major, as {@code inputs @ weights}")
                    .build());
            if (rowMajorFlag != null) {
                builder.addField(FieldSpec.builder(type.vector(), rowMajor(k), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("$L: the same weights row-major, for the Vector API's products; {@code null} "
                                + "without them.\n", layer.name())
                        .build());
            }
            if (layer.useBias()) {
                builder.addField(FieldSpec.builder(type.vector(), biases(k), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("$L: biases ($L,).\n", layer.name(), layer.outputSize())
                        .build());
            }
            if (hasFiniteFlag(k)) {
                builder.addField(FieldSpec.builder(boolean.class, finite(k), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("$L: whether every weight is finite; only then does a sample skip the rows of its "
                                + "zero inputs (0 × ∞ is NaN).\n", layer.name())
                        .build());
            }
        }
    }

    /** Assigns every field from the constructor's {@code weights} parameter. */
    public void load(MethodSpec.Builder constructor) {
        for (int k = 0; k < architecture.layers().size(); k++) {
            if (!(architecture.layers().get(k) instanceof DenseLayer layer)) {
                continue;
            }
            CodeBlock flat = CodeBlock.of("weights.$L($S)", type.weightsAccessor(), layer.weightsKey());
            if (rowMajorFlag != null) {
                // The file's array is already row-major (and a copy of its own): read it once, keep it.
                String local = "flat" + k;
                constructor.addStatement("$T $L = $L", type.vector(), local, flat);
                flat = CodeBlock.of("$L", local);
            }
            if (rows) {
                constructor.addStatement("this.$N = $T.rows($L, $L, $L)", weights(k), WeightRows.class, flat,
                        layer.inputSize(), layer.outputSize());
            } else {
                constructor.addStatement("this.$N = $L", weights(k), flat);
            }
            if (rowMajorFlag != null) {
                constructor.addStatement("this.$N = $L ? $L : null", rowMajor(k), rowMajorFlag, flat);
            }
            if (layer.useBias()) {
                constructor.addStatement("this.$N = weights.$L($S)", biases(k), type.weightsAccessor(),
                        layer.biasesKey());
            }
            if (hasFiniteFlag(k)) {
                constructor.addStatement("this.$N = $T.finite(this.$N)", finite(k), ZeroInputs.class, weights(k));
            }
        }
    }

    /** Every weight and bias as an {@link NpyArray} in the file layout, for {@code save}. */
    public List<CodeBlock> arrays() {
        List<CodeBlock> arrays = new ArrayList<>();
        for (int k = 0; k < architecture.layers().size(); k++) {
            if (!(architecture.layers().get(k) instanceof DenseLayer layer)) {
                continue;
            }
            CodeBlock flat = rows ? CodeBlock.of("$T.flatten($N)", WeightRows.class, weights(k))
                    : CodeBlock.of("$N", weights(k));
            arrays.add(CodeBlock.of("$T.$L($S, new int[] {$L, $L}, $L)", NpyArray.class, type.npyFactory(),
                    layer.weightsKey(), layer.inputSize(), layer.outputSize(), flat));
            if (layer.useBias()) {
                arrays.add(CodeBlock.of("$T.$L($S, new int[] {$L}, $N)", NpyArray.class, type.npyFactory(),
                        layer.biasesKey(), layer.outputSize(), biases(k)));
            }
        }
        return arrays;
    }
}

package dev.netc.codegen.kernel;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import dev.netc.runtime.Precision;

/** The Java types and literals of a network's precision: {@code float} or {@code double}. */
public record ScalarType(Precision precision) {

    public boolean isDouble() {
        return precision == Precision.DOUBLE;
    }

    /** {@code float} or {@code double}. */
    public TypeName scalar() {
        return isDouble() ? TypeName.DOUBLE : TypeName.FLOAT;
    }

    /** {@code float[]} or {@code double[]}. */
    public TypeName vector() {
        return ArrayTypeName.of(scalar());
    }

    /** {@code float[][]} or {@code double[][]}. */
    public TypeName matrix() {
        return ArrayTypeName.of(vector());
    }

    /** {@code value} as a Java literal of this type: {@code 0.2f} or {@code 0.2}. */
    public String literal(double value) {
        return isDouble() ? Double.toString(value) : Float.toString((float) value) + "f";
    }

    /** The NpyArray factory for this type: {@code ofFloats} or {@code ofDoubles}. */
    public String npyFactory() {
        return isDouble() ? "ofDoubles" : "ofFloats";
    }

    /** The Weights accessor for this type: {@code floats} or {@code doubles}. */
    public String weightsAccessor() {
        return isDouble() ? "doubles" : "floats";
    }
}

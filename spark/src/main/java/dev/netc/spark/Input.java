package dev.netc.spark;

import dev.netc.runtime.internal.InputWidth;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * Where a network's input is in a row, checked against the schema on the driver: one column of
 * {@code array<float>}, {@code array<double>} or Spark ML {@code Vector}, or several numeric columns, one value
 * each. Reads a row's values into a batch; a row whose input is null is skipped and gets null outputs.
 */
final class Input implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String ACCEPTED_VALUE = "array<float>, array<double> or a Spark ML Vector (dense or sparse)";

    static final String ACCEPTED = "array<float>, array<double>, a Spark ML Vector (dense or sparse),"
            + " or a list of numeric columns";

    private enum Kind { VALUE, COLUMNS }

    private final Kind kind;
    private final String name;
    private final int[] ordinals;
    private final int width;

    private Input(Kind kind, String name, int[] ordinals, int width) {
        this.kind = kind;
        this.name = name;
        this.ordinals = ordinals;
        this.width = width;
    }

    /**
     * Finds {@code columns} in {@code schema} for a network taking {@code width} values.
     *
     * @throws IllegalArgumentException naming the column, its type and what is accepted
     */
    static Input resolve(StructType schema, List<String> columns, int width) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("netc-spark: no input column given; the input must be " + ACCEPTED);
        }
        int[] ordinals = new int[columns.size()];
        DataType[] types = new DataType[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            if (!Arrays.asList(schema.fieldNames()).contains(column)) {
                throw new IllegalArgumentException("netc-spark: no input column '" + column + "' in the schema "
                        + schema.simpleString());
            }
            ordinals[i] = schema.fieldIndex(column);
            types[i] = schema.fields()[ordinals[i]].dataType();
        }
        if (columns.size() == 1) {
            DataType type = types[0];
            if (type instanceof ArrayType array
                    && (array.elementType() == DataTypes.FloatType || array.elementType() == DataTypes.DoubleType)) {
                return new Input(Kind.VALUE, "column '" + columns.get(0) + "'", ordinals, width);
            }
            if (type instanceof VectorUDT) {
                return new Input(Kind.VALUE, "column '" + columns.get(0) + "'", ordinals, width);
            }
            if (!isNumeric(type)) {
                throw unaccepted(columns.get(0), type);
            }
            if (width != 1) {
                throw new IllegalArgumentException("netc-spark: input column '" + columns.get(0) + "' is "
                        + type.simpleString() + ", one value per row, but the network takes " + width
                        + "; the input must be " + ACCEPTED);
            }
        }
        for (int i = 0; i < types.length; i++) {
            if (!isNumeric(types[i])) {
                throw new IllegalArgumentException("netc-spark: input column '" + columns.get(i) + "' is "
                        + types[i].simpleString() + "; a list of input columns must all be numeric (byte, short,"
                        + " int, long, float, double or decimal)");
            }
        }
        if (columns.size() != width) {
            throw new IllegalArgumentException("netc-spark: " + columns.size() + " input columns " + columns
                    + " but the network takes " + width + " values");
        }
        return new Input(Kind.COLUMNS, "columns " + columns, ordinals, width);
    }

    private static IllegalArgumentException unaccepted(String column, DataType type) {
        return new IllegalArgumentException("netc-spark: input column '" + column + "' is " + type.simpleString()
                + "; the input must be " + ACCEPTED);
    }

    private static boolean isNumeric(DataType type) {
        return type == DataTypes.ByteType || type == DataTypes.ShortType || type == DataTypes.IntegerType
                || type == DataTypes.LongType || type == DataTypes.FloatType || type == DataTypes.DoubleType
                || type instanceof DecimalType;
    }

    /** The argument of the SQL function {@code function}, an array or a Vector. */
    static Input argument(String function, int width) {
        return new Input(Kind.VALUE, "of function " + function + "(...)", new int[0], width);
    }

    /** Whether the row has no input: a null column, or a null in any of several columns. */
    boolean isNull(Row row) {
        for (int ordinal : ordinals) {
            if (row.isNullAt(ordinal)) {
                return true;
            }
        }
        return false;
    }

    /** The row's {@code width} values, as floats, into {@code batch} from {@code offset}. */
    void read(Row row, float[] batch, int offset) {
        if (kind == Kind.COLUMNS) {
            for (int i = 0; i < width; i++) {
                batch[offset + i] = ((Number) row.get(ordinals[i])).floatValue();
            }
        } else {
            read(row.get(ordinals[0]), batch, offset);
        }
    }

    /** The row's {@code width} values, as doubles, into {@code batch} from {@code offset}. */
    void read(Row row, double[] batch, int offset) {
        if (kind == Kind.COLUMNS) {
            for (int i = 0; i < width; i++) {
                batch[offset + i] = ((Number) row.get(ordinals[i])).doubleValue();
            }
        } else {
            read(row.get(ordinals[0]), batch, offset);
        }
    }

    /** One non-null column value (an array as a Scala {@code Seq}, or a {@code Vector}), as floats. */
    void read(Object value, float[] batch, int offset) {
        if (value instanceof DenseVector dense) {
            checkWidth(dense.size());
            double[] values = dense.values();
            for (int i = 0; i < width; i++) {
                batch[offset + i] = (float) values[i];
            }
        } else if (value instanceof SparseVector sparse) {
            checkWidth(sparse.size());
            Arrays.fill(batch, offset, offset + width, 0f);
            int[] indices = sparse.indices();
            double[] values = sparse.values();
            for (int k = 0; k < indices.length; k++) {
                batch[offset + indices[k]] = (float) values[k];
            }
        } else {
            scala.collection.Seq<?> values = seq(value);
            checkWidth(values.length());
            for (int i = 0; i < width; i++) {
                batch[offset + i] = element(values.apply(i), i).floatValue();
            }
        }
    }

    /** One non-null column value (an array as a Scala {@code Seq}, or a {@code Vector}), as doubles. */
    void read(Object value, double[] batch, int offset) {
        if (value instanceof DenseVector dense) {
            checkWidth(dense.size());
            System.arraycopy(dense.values(), 0, batch, offset, width);
        } else if (value instanceof SparseVector sparse) {
            checkWidth(sparse.size());
            Arrays.fill(batch, offset, offset + width, 0d);
            int[] indices = sparse.indices();
            double[] values = sparse.values();
            for (int k = 0; k < indices.length; k++) {
                batch[offset + indices[k]] = values[k];
            }
        } else {
            scala.collection.Seq<?> values = seq(value);
            checkWidth(values.length());
            for (int i = 0; i < width; i++) {
                batch[offset + i] = element(values.apply(i), i).doubleValue();
            }
        }
    }

    /**
     * An array column as the Row decoder hands it: a Seq of boxed values (Spark 4.0 boxes every element, whether or
     * not the array may hold nulls), so there is no primitive array to take here; a Vector column comes unboxed.
     */
    private scala.collection.Seq<?> seq(Object value) {
        if (value instanceof scala.collection.Seq<?> values) {
            return values;
        }
        throw new IllegalArgumentException("netc-spark: input " + name + " got a " + value.getClass().getName()
                + "; it takes " + ACCEPTED_VALUE);
    }

    /** A row of the wrong width fails its task, in the runtime's words, naming where the input is. */
    private void checkWidth(int actual) {
        if (actual != width) {
            throw new IllegalArgumentException("netc-spark: input " + name + ": " + InputWidth.message(width, actual));
        }
    }

    private Number element(Object value, int index) {
        if (value == null) {
            throw new IllegalArgumentException("netc-spark: input " + name + " has a row with a null at"
                    + " index " + index + "; a whole null input gives null outputs, a null value inside one is an"
                    + " error");
        }
        return (Number) value;
    }
}

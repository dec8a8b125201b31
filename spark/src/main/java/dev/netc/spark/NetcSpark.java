package dev.netc.spark;

import dev.netc.runtime.DoubleNetwork;
import dev.netc.runtime.FloatNetwork;
import dev.netc.runtime.Precision;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a {@code Dataset<Row>} with a netc network on Spark's executors.
 *
 * <pre>{@code
 * Dataset<Row> scored = NetcSpark.predict(flowers, Iris::pretrained, "features", "probabilities",
 *         ScoringOptions.defaults().withPredictionCol("prediction"));
 * NetcSpark.register(spark, "iris", Iris::pretrained);   // SELECT iris(features) FROM flowers
 * }</pre>
 *
 * <p>The input is one column of {@code array<float>}, {@code array<double>} or Spark ML {@code Vector} (dense
 * or sparse), or a list of numeric columns; the output column is {@code array<float>} ({@code array<double>}
 * for a {@link DoubleNetwork}), null where the input is null. The schema is checked here on the driver, before
 * any task runs. The supplier runs once per JVM (the driver's, to learn the network's widths, and each
 * executor's), and each task scores its partition in batches through {@code predictBatch}. A row of the wrong
 * width fails its task with a message naming the column, the row's width and the network's.
 */
public final class NetcSpark {
    private NetcSpark() {}

    /** Appends {@code outputCol}, the outputs of a float network for {@code inputCol}, as {@code array<float>}. */
    public static Dataset<Row> predict(Dataset<Row> data, SerializableSupplier<? extends FloatNetwork> network,
            String inputCol, String outputCol) {
        return predict(data, network, List.of(inputCol), outputCol, ScoringOptions.defaults());
    }

    /** As {@link #predict(Dataset, SerializableSupplier, String, String)}, with a prediction column or batch size. */
    public static Dataset<Row> predict(Dataset<Row> data, SerializableSupplier<? extends FloatNetwork> network,
            String inputCol, String outputCol, ScoringOptions options) {
        return predict(data, network, List.of(inputCol), outputCol, options);
    }

    /** The network's input is {@code inputCols}, numeric columns, one value each, in that order. */
    public static Dataset<Row> predict(Dataset<Row> data, SerializableSupplier<? extends FloatNetwork> network,
            List<String> inputCols, String outputCol, ScoringOptions options) {
        return score(data, NetworkRef.of(network), inputCols, outputCol, options);
    }

    /** Appends {@code outputCol}, the outputs of a double network, as {@code array<double>}. */
    public static Dataset<Row> predictDouble(Dataset<Row> data, SerializableSupplier<? extends DoubleNetwork> network,
            String inputCol, String outputCol) {
        return predictDouble(data, network, List.of(inputCol), outputCol, ScoringOptions.defaults());
    }

    public static Dataset<Row> predictDouble(Dataset<Row> data, SerializableSupplier<? extends DoubleNetwork> network,
            String inputCol, String outputCol, ScoringOptions options) {
        return predictDouble(data, network, List.of(inputCol), outputCol, options);
    }

    public static Dataset<Row> predictDouble(Dataset<Row> data, SerializableSupplier<? extends DoubleNetwork> network,
            List<String> inputCols, String outputCol, ScoringOptions options) {
        return score(data, NetworkRef.ofDouble(network), inputCols, outputCol, options);
    }

    /**
     * Registers a float network as the SQL function {@code name} of one column ({@code array<float>},
     * {@code array<double>} or a Vector; {@code array(a, b, c)} makes one of several columns), returning
     * {@code array<float>}: {@code SELECT name(features) FROM t}. It scores row by row; for large tables
     * {@link #predict} is faster.
     */
    public static UserDefinedFunction register(SparkSession spark, String name,
            SerializableSupplier<? extends FloatNetwork> network) {
        NetworkRef ref = NetworkRef.of(network);
        return spark.udf().register(name, functions.udf(new SqlFunction.Float(ref, Input.argument(name,
                ref.inputSize())), outputType(ref.precision())));
    }

    /** As {@link #register}, for a double network, returning {@code array<double>}. */
    public static UserDefinedFunction registerDouble(SparkSession spark, String name,
            SerializableSupplier<? extends DoubleNetwork> network) {
        NetworkRef ref = NetworkRef.ofDouble(network);
        return spark.udf().register(name, functions.udf(new SqlFunction.Double(ref, Input.argument(name,
                ref.inputSize())), outputType(ref.precision())));
    }

    static Dataset<Row> score(Dataset<Row> data, NetworkRef network, List<String> inputCols, String outputCol,
            ScoringOptions options) {
        Plan plan = plan(data.schema(), network, inputCols, outputCol, options);
        // The row encoder drops the columns' metadata (such as a VectorAssembler's ML attributes); to() restores it.
        return data.mapPartitions(new ScorePartition(network, plan.input(), options), Encoders.row(plan.schema()))
                .to(plan.schema());
    }

    /** What scoring rows of a schema takes, checked on the driver: where the input is, and the schema out. */
    record Plan(Input input, StructType schema) {}

    /**
     * Checks scoring {@code schema} with {@code network}, as {@link #score} does before any task runs and
     * {@link NetcTransformer#transformSchema} does for a pipeline.
     *
     * @throws IllegalArgumentException naming the column that does not fit
     */
    static Plan plan(StructType schema, NetworkRef network, List<String> inputCols, String outputCol,
            ScoringOptions options) {
        Input input = Input.resolve(schema, inputCols, network.inputSize());
        return new Plan(input, outputSchema(schema, outputCol, network.precision(), options));
    }

    /** {@code schema} with the output column, and the prediction column if asked for, appended. */
    private static StructType outputSchema(StructType schema, String outputCol, Precision precision,
            ScoringOptions options) {
        checkNew(schema, outputCol, "output");
        StructType out = schema.add(outputCol, outputType(precision), true);
        if (options.predictionCol().isPresent()) {
            String predictionCol = options.predictionCol().get();
            if (predictionCol.equals(outputCol)) {
                throw new IllegalArgumentException("netc-spark: the output and prediction columns are both '"
                        + outputCol + "'");
            }
            checkNew(schema, predictionCol, "prediction");
            out = out.add(predictionCol, DataTypes.DoubleType, true);
        }
        return out;
    }

    /** {@code array<float>} or {@code array<double>}: a network's outputs, never null inside. */
    private static ArrayType outputType(Precision precision) {
        return DataTypes.createArrayType(precision == Precision.DOUBLE ? DataTypes.DoubleType : DataTypes.FloatType,
                false);
    }

    private static void checkNew(StructType schema, String column, String role) {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("netc-spark: the " + role + " column needs a name");
        }
        if (Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("netc-spark: the " + role + " column '" + column
                    + "' already exists in " + schema.simpleString());
        }
    }
}

package dev.netc.spark;

import dev.netc.runtime.DoubleNetwork;
import dev.netc.runtime.FloatNetwork;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A netc network as a Spark ML {@link Transformer}, a stage of a {@code Pipeline}: scores as
 * {@link NetcSpark#predict} does, with the input and output columns as params.
 *
 * <pre>{@code
 * NetcTransformer iris = NetcTransformer.of(Iris::pretrained)
 *         .setInputCol("features").setOutputCol("probabilities").setPredictionCol("prediction");
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, iris});
 * }</pre>
 *
 * <p>It is not {@code MLWritable}: the network's class is the model, so a pipeline is rebuilt in code. The
 * supplier is code, and only its Java-serialized form could be saved, which loading a model must not deserialize.
 */
public final class NetcTransformer extends Transformer {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final NetworkRef network;

    // Made after the uid, which each param copies from its parent.
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> predictionCol;
    private final IntParam batchSize;

    private NetcTransformer(String uid, NetworkRef network) {
        this.uid = uid;
        this.network = network;
        inputCol = new Param<>(this, "inputCol", "input column: array<float>, array<double> or a Vector");
        outputCol = new Param<>(this, "outputCol", "output column: array<float>, or array<double> for a double"
                + " network");
        predictionCol = new Param<>(this, "predictionCol", "the arg-max of the outputs, as a double; empty for"
                + " none");
        batchSize = new IntParam(this, "batchSize", "rows per predictBatch call (> 0)", ParamValidators.gt(0));
        setDefault(outputCol, uid + "__output");
        setDefault(predictionCol, "");
        setDefault(batchSize, ScoringOptions.DEFAULT_BATCH_SIZE);
    }

    /** A transformer scoring with a float network. */
    public static NetcTransformer of(SerializableSupplier<? extends FloatNetwork> network) {
        return new NetcTransformer(Identifiable$.MODULE$.randomUID("netc"), NetworkRef.of(network));
    }

    /** A transformer scoring with a double network. */
    public static NetcTransformer ofDouble(SerializableSupplier<? extends DoubleNetwork> network) {
        return new NetcTransformer(Identifiable$.MODULE$.randomUID("netc"), NetworkRef.ofDouble(network));
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public NetcTransformer setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public NetcTransformer setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    public NetcTransformer setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    public NetcTransformer setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    private ScoringOptions options() {
        String prediction = getPredictionCol();
        return new ScoringOptions(prediction.isEmpty() ? Optional.empty() : Optional.of(prediction), getBatchSize());
    }

    private List<String> inputCols() {
        if (!isDefined(inputCol)) {
            throw new IllegalArgumentException("netc-spark: NetcTransformer " + uid + " needs setInputCol(...)");
        }
        return List.of(getInputCol());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return NetcSpark.score(dataset.toDF(), network, inputCols(), getOutputCol(), options());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return NetcSpark.plan(schema, network, inputCols(), getOutputCol(), options()).schema();
    }

    @Override
    public NetcTransformer copy(ParamMap extra) {
        return copyValues(new NetcTransformer(uid, network), extra);
    }

    @Override
    public String uid() {
        return uid;
    }
}

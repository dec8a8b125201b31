package dev.netc.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.Interpreter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scores on a real {@code local[2]} Spark, one session for the class, against the interpreter row by row. */
class NetcSparkTest {
    private static SparkSession spark;
    private static final Interpreter NETWORK = TestNetworks.floatNetwork();
    private static final Interpreter DOUBLE_NETWORK = TestNetworks.doubleNetwork();

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("netc-spark tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static float[][] samples(int rows, long seed) {
        Random random = new Random(seed);
        float[][] samples = new float[rows][TestNetworks.INPUTS];
        for (float[] sample : samples) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = (float) random.nextGaussian();
            }
        }
        return samples;
    }

    private static Dataset<Row> floatArrays(float[][] samples, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < samples.length; r++) {
            Float[] boxed = new Float[samples[r].length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = samples[r][i];
            }
            rows.add(RowFactory.create((long) r, boxed));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true);
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    private static float[] floats(Row row, String column) {
        List<Float> values = row.getList(row.fieldIndex(column));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static Row[] byId(Dataset<Row> scored) {
        List<Row> rows = scored.collectAsList();
        Row[] byId = new Row[rows.size()];
        for (Row row : rows) {
            byId[(int) row.getLong(row.fieldIndex("id"))] = row;
        }
        return byId;
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void arrayOfFloatsGivesPredictRowByRowWithMorePartitionsThanCores() {
        float[][] samples = samples(1000, 1);
        Dataset<Row> scored = NetcSpark.predict(floatArrays(samples, 16), TestNetworks::floatNetwork, "features",
                "probabilities", ScoringOptions.defaults().withPredictionCol("prediction").withBatchSize(7));
        assertThat(scored.schema().simpleString()).isEqualTo("struct<id:bigint,features:array<float>,"
                + "probabilities:array<float>,prediction:double>");
        Row[] rows = byId(scored);
        assertThat(rows).hasSize(1000).doesNotContainNull();
        for (int r = 0; r < samples.length; r++) {
            float[] expected = NETWORK.predict(samples[r]);
            assertThat(floats(rows[r], "probabilities")).as("row %d", r).containsExactly(expected);
            assertThat(rows[r].getDouble(3)).isEqualTo(argMax(expected));
            assertThat(floats(rows[r], "features")).containsExactly(samples[r]);
        }
    }

    @Test
    void arrayOfDoubles() {
        double[][] samples = {{1, 2, 3, 4}, {-0.5, 0.25, 8, -3}};
        List<Row> rows = List.of(RowFactory.create(0L, new Double[] {1d, 2d, 3d, 4d}),
                RowFactory.create(1L, new Double[] {-0.5, 0.25, 8d, -3d}));
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("x", DataTypes.createArrayType(DataTypes.DoubleType));
        Row[] scored = byId(NetcSpark.predict(spark.createDataFrame(rows, schema), TestNetworks::floatNetwork, "x", "y"));
        for (int r = 0; r < samples.length; r++) {
            float[] input = new float[4];
            for (int i = 0; i < 4; i++) {
                input[i] = (float) samples[r][i];
            }
            assertThat(floats(scored[r], "y")).containsExactly(NETWORK.predict(input));
        }
    }

    @Test
    void denseAndSparseVectors() {
        List<Row> rows = List.of(
                RowFactory.create(0L, Vectors.dense(0.5, -1, 2, 0)),
                RowFactory.create(1L, Vectors.sparse(4, new int[] {1, 3}, new double[] {3, -2})),
                RowFactory.create(2L, Vectors.sparse(4, new int[0], new double[0])));
        StructType schema = new StructType().add("id", DataTypes.LongType).add("v", SQLDataTypes.VectorType());
        Row[] scored = byId(NetcSpark.predict(spark.createDataFrame(rows, schema).repartition(3),
                TestNetworks::floatNetwork, "v", "y"));
        assertThat(floats(scored[0], "y")).containsExactly(NETWORK.predict(new float[] {0.5f, -1, 2, 0}));
        assertThat(floats(scored[1], "y")).containsExactly(NETWORK.predict(new float[] {0, 3, 0, -2}));
        assertThat(floats(scored[2], "y")).containsExactly(NETWORK.predict(new float[4]));
    }

    @Test
    void listOfNumericColumnsAndNullsInThem() {
        List<Row> rows = List.of(
                RowFactory.create(0L, 1, 2L, 0.5f, new BigDecimal("-1.25")),
                RowFactory.create(1L, 3, null, 1.5f, new BigDecimal("2.00")),
                RowFactory.create(2L, -4, 7L, -0.5f, new BigDecimal("0.10")));
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.IntegerType)
                .add("b", DataTypes.LongType).add("c", DataTypes.FloatType).add("d", DataTypes.createDecimalType(5, 2));
        Row[] scored = byId(NetcSpark.predict(spark.createDataFrame(rows, schema), TestNetworks::floatNetwork,
                List.of("a", "b", "c", "d"), "y", ScoringOptions.defaults().withPredictionCol("p")));
        assertThat(floats(scored[0], "y")).containsExactly(NETWORK.predict(new float[] {1, 2, 0.5f, -1.25f}));
        assertThat(scored[1].isNullAt(scored[1].fieldIndex("y"))).isTrue();
        assertThat(scored[1].isNullAt(scored[1].fieldIndex("p"))).isTrue();
        assertThat(floats(scored[2], "y")).containsExactly(NETWORK.predict(new float[] {-4, 7, -0.5f, 0.1f}));
    }

    @Test
    void nullInputGivesNullOutputAmongScoredRows() {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            rows.add(RowFactory.create((long) r, r % 3 == 0 ? null : new Float[] {(float) r, 1f, (float) -r, 0.5f}));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType));
        Row[] scored = byId(NetcSpark.predict(spark.createDataFrame(rows, schema).repartition(3),
                TestNetworks::floatNetwork, "features", "y",
                ScoringOptions.defaults().withPredictionCol("p").withBatchSize(4)));
        for (int r = 0; r < 20; r++) {
            if (r % 3 == 0) {
                assertThat(scored[r].isNullAt(2)).isTrue();
                assertThat(scored[r].isNullAt(3)).isTrue();
            } else {
                float[] expected = NETWORK.predict(new float[] {r, 1f, -r, 0.5f});
                assertThat(floats(scored[r], "y")).containsExactly(expected);
                assertThat(scored[r].getDouble(3)).isEqualTo(argMax(expected));
            }
        }
    }

    @Test
    void rowOfTheWrongWidthFailsTheTaskNamingColumnAndWidths() {
        List<Row> rows = List.of(RowFactory.create(0L, new Float[] {1f, 2f, 3f, 4f}),
                RowFactory.create(1L, new Float[] {1f, 2f, 3f, 4f, 5f}));
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType));
        Dataset<Row> scored = NetcSpark.predict(spark.createDataFrame(rows, schema), TestNetworks::floatNetwork,
                "features", "y");
        assertThatThrownBy(scored::collectAsList)
                .isInstanceOf(SparkException.class)
                .hasMessageContaining("netc-spark: input column 'features': expected an input of width 4 but got"
                        + " width 5");
    }

    @Test
    void vectorsOfTheWrongSizeFailTheTaskForEitherPrecision() {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("v", SQLDataTypes.VectorType());
        Dataset<Row> sparse = spark.createDataFrame(
                List.of(RowFactory.create(0L, Vectors.sparse(3, new int[] {0}, new double[] {1}))), schema);
        assertThatThrownBy(NetcSpark.predict(sparse, TestNetworks::floatNetwork, "v", "y")::collectAsList)
                .hasMessageContaining("netc-spark: input column 'v': expected an input of width 4 but got width 3");
        Dataset<Row> dense = spark.createDataFrame(List.of(RowFactory.create(0L, Vectors.dense(1, 2, 3, 4, 5))),
                schema);
        assertThatThrownBy(NetcSpark.predictDouble(dense, TestNetworks::doubleNetwork, "v", "y")::collectAsList)
                .hasMessageContaining("netc-spark: input column 'v': expected an input of width 4 but got width 5");
    }

    @Test
    void schemaIsCheckedOnTheDriverBeforeAnyTask() {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType)
                .add("ints", DataTypes.createArrayType(DataTypes.IntegerType)).add("a", DataTypes.DoubleType);
        Dataset<Row> data = spark.createDataFrame(List.of(), schema);
        // Each of these throws from predict itself: nothing has been asked of the executors.
        assertThatThrownBy(() -> NetcSpark.predict(data, TestNetworks::floatNetwork, "name", "y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("netc-spark: input column 'name' is string; the input must be array<float>,"
                        + " array<double>, a Spark ML Vector (dense or sparse), or a list of numeric columns");
        assertThatThrownBy(() -> NetcSpark.predict(data, TestNetworks::floatNetwork, "ints", "y"))
                .hasMessageStartingWith("netc-spark: input column 'ints' is array<int>; the input must be");
        assertThatThrownBy(() -> NetcSpark.predict(data, TestNetworks::floatNetwork, "features", "y"))
                .hasMessageStartingWith("netc-spark: no input column 'features' in the schema struct<id:bigint,");
        assertThatThrownBy(() -> NetcSpark.predict(data, TestNetworks::floatNetwork, List.of("id", "a"), "y",
                ScoringOptions.defaults()))
                .hasMessage("netc-spark: 2 input columns [id, a] but the network takes 4 values");
        assertThatThrownBy(() -> NetcSpark.predict(data, TestNetworks::floatNetwork, List.of("id", "name", "a", "a"),
                "y", ScoringOptions.defaults()))
                .hasMessageStartingWith("netc-spark: input column 'name' is string; a list of input columns must"
                        + " all be numeric");
        assertThatThrownBy(() -> NetcSpark.predict(data, TestNetworks::floatNetwork, List.of("a", "a", "a", "a"),
                "id", ScoringOptions.defaults()))
                .hasMessageStartingWith("netc-spark: the output column 'id' already exists in struct<");
    }

    @Test
    void aSupplierThatCannotBeShippedFailsOnTheDriver() {
        Object notSerializable = new Object();
        SerializableSupplier<Interpreter> capturing = () -> notSerializable.hashCode() == 0 ? null
                : TestNetworks.floatNetwork();
        String message = "the network supplier captures a value that is not serializable (java.lang.Object)";
        assertThatThrownBy(() -> NetcSpark.predict(floatArrays(samples(1, 5), 1), capturing, "features", "y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
        // The transformer takes it in as the SQL function does: when it is made, not when a pipeline first runs.
        assertThatThrownBy(() -> NetcTransformer.of(capturing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
        assertThatThrownBy(() -> NetcSpark.registerDouble(spark, "unshippable", capturing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void emptyPartitionsAndAnEmptyDataset() {
        float[][] samples = samples(3, 2);
        Row[] scored = byId(NetcSpark.predict(floatArrays(samples, 12), TestNetworks::floatNetwork, "features", "y"));
        for (int r = 0; r < 3; r++) {
            assertThat(floats(scored[r], "y")).containsExactly(NETWORK.predict(samples[r]));
        }
        assertThat(NetcSpark.predict(floatArrays(new float[0][], 4), TestNetworks::floatNetwork, "features", "y")
                .count()).isZero();
    }

    @Test
    void supplierRunsOncePerJvm() {
        long token = System.nanoTime();
        SerializableSupplier<Interpreter> counting = () -> TestNetworks.counted(token);
        Dataset<Row> data = floatArrays(samples(400, 3), 16);
        assertThat(NetcSpark.predict(data, counting, "features", "y").count()).isEqualTo(400);
        // A second query with the supplier (the same lambda and captured values) finds the same network.
        assertThat(NetcSpark.predict(data, counting, "features", "y", ScoringOptions.defaults().withBatchSize(3))
                .collectAsList()).hasSize(400);
        // local[2] is one JVM, driver and executor both: 16 partitions, 2 task threads, 2 queries, 1 call.
        assertThat(TestNetworks.CALLS.get(token).get()).isEqualTo(1);
        // Other captured values are another network.
        long other = token + 1;
        SerializableSupplier<Interpreter> another = () -> TestNetworks.counted(other);
        assertThat(NetcSpark.predict(data, another, "features", "y").count()).isEqualTo(400);
        assertThat(TestNetworks.CALLS.get(other).get()).isEqualTo(1);
        assertThat(TestNetworks.CALLS.get(token).get()).isEqualTo(1);
    }

    @Test
    void doubleNetworkGivesArraysOfDoubles() {
        List<Row> rows = List.of(RowFactory.create(0L, Vectors.dense(0.5, -1, 2, 0)),
                RowFactory.create(1L, (Object) null));
        StructType schema = new StructType().add("id", DataTypes.LongType).add("v", SQLDataTypes.VectorType());
        Dataset<Row> scored = NetcSpark.predictDouble(spark.createDataFrame(rows, schema), TestNetworks::doubleNetwork,
                "v", "y", ScoringOptions.defaults().withPredictionCol("p"));
        assertThat(scored.schema().apply("y").dataType().simpleString()).isEqualTo("array<double>");
        Row[] byId = byId(scored);
        List<Double> y = byId[0].getList(2);
        double[] expected = DOUBLE_NETWORK.predict(new double[] {0.5, -1, 2, 0});
        assertThat(y.stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(expected);
        assertThat(byId[1].isNullAt(2)).isTrue();
    }

    @Test
    void sqlFunction() {
        NetcSpark.register(spark, "small", TestNetworks::floatNetwork);
        NetcSpark.registerDouble(spark, "small_double", TestNetworks::doubleNetwork);
        float[][] samples = samples(50, 4);
        floatArrays(samples, 5).createOrReplaceTempView("samples");
        Row[] scored = byId(spark.sql("SELECT id, small(features) AS y, small_double(features) AS z FROM samples"));
        for (int r = 0; r < samples.length; r++) {
            assertThat(floats(scored[r], "y")).containsExactly(NETWORK.predict(samples[r]));
            List<Double> z = scored[r].getList(2);
            double[] input = new double[4];
            for (int i = 0; i < 4; i++) {
                input[i] = samples[r][i];
            }
            assertThat(z.stream().mapToDouble(Double::doubleValue).toArray())
                    .containsExactly(DOUBLE_NETWORK.predict(input));
        }
        List<Row> nulls = spark.sql("SELECT small(CAST(NULL AS array<float>)) AS y,"
                + " small(array(1D, 2D, 3D, 4D)) AS z").collectAsList();
        assertThat(nulls.get(0).isNullAt(0)).isTrue();
        assertThat(floats(nulls.get(0), "z")).containsExactly(NETWORK.predict(new float[] {1, 2, 3, 4}));
        assertThatThrownBy(() -> spark.sql("SELECT small(array(1D, 2D)) AS y").collectAsList())
                .hasMessageContaining("netc-spark: input of function small(...): expected an input of width 4 but"
                        + " got width 2");
    }

    @Test
    void transformerInAPipeline() {
        List<Row> rows = List.of(RowFactory.create(0L, 1.0, 2.0, 3.0, 4.0), RowFactory.create(1L, -1.0, 0.0, 0.5, 2.0));
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType);
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"})
                .setOutputCol("features");
        NetcTransformer small = NetcTransformer.of(TestNetworks::floatNetwork)
                .setInputCol("features").setOutputCol("probabilities").setPredictionCol("prediction");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, small}).fit(data);
        assertThat(model.transform(data).schema().fieldNames())
                .containsExactly("id", "a", "b", "c", "d", "features", "probabilities", "prediction");
        Row[] scored = byId(model.transform(data));
        float[] expected = NETWORK.predict(new float[] {-1, 0, 0.5f, 2});
        assertThat(floats(scored[1], "probabilities")).containsExactly(expected);
        assertThat(scored[1].getDouble(7)).isEqualTo(argMax(expected));
        // Scored rows keep their columns' metadata, here the ML attributes VectorAssembler gives "features".
        Dataset<Row> assembled = assembler.transform(data);
        assertThat(assembled.schema().apply("features").metadata().contains("ml_attr")).isTrue();
        assertThat(small.transform(assembled).schema().apply("features").metadata())
                .isEqualTo(assembled.schema().apply("features").metadata());
        // transformSchema is the schema transform gives, checked by the same code as NetcSpark.predict.
        assertThat(small.transformSchema(assembled.schema())).isEqualTo(small.transform(assembled).schema());
        assertThatThrownBy(() -> small.copy(new ParamMap()).setOutputCol("a").transformSchema(assembled.schema()))
                .hasMessageStartingWith("netc-spark: the output column 'a' already exists in struct<");
        assertThat(small.copy(new ParamMap()).getInputCol()).isEqualTo("features");
        assertThat(Arrays.stream(small.params()).map(p -> p.name()))
                .containsExactlyInAnyOrder("inputCol", "outputCol", "predictionCol", "batchSize");
        assertThatThrownBy(() -> NetcTransformer.of(TestNetworks::floatNetwork).setInputCol("a")
                .transformSchema(schema)).hasMessageStartingWith("netc-spark: input column 'a' is double, one value per row,"
                        + " but the network takes 4; the input must be");
    }
}

package dev.netc.examples;

import dev.netc.spark.NetcSpark;
import dev.netc.spark.ScoringOptions;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The trained spiral classifier scoring a million generated spiral points on Spark ({@code local[*]}): the
 * points are made on the executors from the book's formula, scored in batches with one network per JVM, and
 * checked against their spiral; then the same network as a SQL function.
 */
public final class SparkScoring {
    private SparkScoring() {}

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        SparkSession spark = SparkSession.builder().master("local[*]").appName("netc spiral on Spark")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            System.out.println("# The spiral classifier on Spark, local[*] (" + spark.sparkContext().defaultParallelism()
                    + " task threads)");
            run(spark, rows);
        } finally {
            spark.stop();
        }
    }

    static void run(SparkSession spark, long rows) {
        // A first, smaller run compiles Spark's generated code and warms the JIT; the second is timed.
        score(spark, Math.max(3, rows / 10), "warm-up: ");
        Dataset<Row> points = score(spark, rows, "");
        NetcSpark.registerDouble(spark, "spiral", SpiralClassifier::pretrained);
        points.where("id IN (100002, 400001, 700000)").createOrReplaceTempView("points");
        System.out.println("SELECT x, y, spiral, spiral(array(x, y)) AS probabilities FROM points:");
        for (Row row : spark.sql("SELECT x, y, spiral, spiral(array(x, y)) AS probabilities FROM points")
                .collectAsList()) {
            List<Double> p = row.getList(3);
            System.out.println(String.format(Locale.ROOT, "  %9.6f  %9.6f  %d  [%.3f, %.3f, %.3f]",
                    row.getDouble(0), row.getDouble(1), row.getInt(2), p.get(0), p.get(1), p.get(2)));
        }
    }

    /** Makes and scores {@code rows} spiral points; returns the points. */
    private static Dataset<Row> score(SparkSession spark, long rows, String label) {
        // The book's spiral_data, per class: r = linspace(0, 1, N), t = linspace(4c, 4c + 4, N) + 0.2 randn,
        // the point (r sin 2.5t, r cos 2.5t); N = rows / 3 points each.
        long perClass = rows / 3;
        Dataset<Row> points = spark.range(0, perClass * 3, 1, 8)
                .selectExpr("id", "CAST(id % 3 AS INT) AS spiral", "(id DIV 3) / " + (perClass - 1) + "D AS r")
                .selectExpr("id", "spiral", "r", "spiral * 4 + r * 4 + randn(42) * 0.2 AS t")
                .selectExpr("id", "spiral", "r * sin(t * 2.5) AS x", "r * cos(t * 2.5) AS y");

        Dataset<Row> scored = NetcSpark.predictDouble(points, SpiralClassifier::pretrained, List.of("x", "y"),
                "probabilities", ScoringOptions.defaults().withPredictionCol("prediction"));
        long start = System.nanoTime();
        Row result = scored.selectExpr("count(*) AS n", "avg(CAST(prediction = spiral AS DOUBLE)) AS accuracy")
                .first();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "%sscored %,d generated spiral points in %.2f s: %,.0f rows/s"
                + " (points made on the fly); %.1f %% land on their own spiral", label, result.getLong(0), seconds,
                result.getLong(0) / seconds, 100 * result.getDouble(1)));
        return points;
    }
}

/**
 * Scores Spark {@code Dataset<Row>}s with netc networks on the executors: {@link dev.netc.spark.NetcSpark} for
 * Datasets and SQL, {@link dev.netc.spark.NetcTransformer} for Spark ML pipelines.
 */
package dev.netc.spark;

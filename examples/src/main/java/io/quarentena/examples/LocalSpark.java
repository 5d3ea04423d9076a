package io.quarentena.examples;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The embedded default: a local Spark session with Delta enabled and its warehouse and metastore
 * under a directory of your choice, so the examples need nothing but Java 17.
 *
 * <pre>{@code
 * SparkSession spark = LocalSpark.session(Path.of("target/quarentena-local"));
 * }</pre>
 *
 * <p>On Databricks or with spark-submit you never build a session: the job takes the active one.
 */
public final class LocalSpark {

  private LocalSpark() {}

  /**
   * The JVM's local session, created on first use; later calls return the same session.
   *
   * @param home where the warehouse and the metastore live
   * @return the session (not to be stopped by callers that share it)
   */
  public static synchronized SparkSession session(Path home) {
    Path dir = home.toAbsolutePath();
    SparkSession spark =
        SparkSession.builder()
            .appName("quarentena-local")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
            .config(
                "javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}

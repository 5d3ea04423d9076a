package io.quarentena.benchmarks.pipeline;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The local SparkSession the benchmarks run in: {@code local[N]} with Delta, Spark's defaults
 * otherwise (shuffle partitions, adaptive execution), the session time zone UTC, no UI.
 *
 * <pre>{@code
 * SparkSession spark = BenchSession.create(2, Path.of("target/bench"));
 * }</pre>
 */
public final class BenchSession {

  private BenchSession() {}

  /**
   * Creates (or returns the running) session.
   *
   * @param cores the {@code local[N]} thread count
   * @param workDir where the warehouse goes
   * @return the session
   */
  public static SparkSession create(int cores, Path workDir) {
    SparkSession spark =
        SparkSession.builder()
            .appName("quarentena-benchmarks")
            .master("local[" + cores + "]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.warehouse.dir", workDir.resolve("warehouse").toString())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("javax.jdo.option.ConnectionURL", "jdbc:derby:memory:metastore;create=true")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}

package io.quarentena.serving;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession the tests of this module share (surefire reuses one fork): it writes
 * the tables with the project's own job and loads them through {@code QuarantineSnapshots}, the
 * other loader. Never stopped by a test.
 *
 * <pre>{@code
 * SparkSession spark = ServingSpark.get();
 * Path dir = ServingSpark.newDir("rerun");
 * }</pre>
 */
final class ServingSpark {

  private static final Path ROOT =
      Paths.get("target", "serving-test-" + ProcessHandle.current().pid()).toAbsolutePath();
  private static SparkSession session;
  private static int dirs;

  private ServingSpark() {}

  static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .appName("quarentena-serving-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.warehouse.dir", ROOT.resolve("warehouse").toString())
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              .config("javax.jdo.option.ConnectionURL", "jdbc:derby:memory:metastore;create=true")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  static synchronized Path newDir(String name) {
    return ROOT.resolve(name + "-" + (++dirs));
  }
}

package io.quarentena.spark;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession every Spark test in this JVM shares (surefire reuses one fork), with
 * Delta enabled and its warehouse under {@code target/}. Starting Spark takes seconds; starting it
 * once keeps the suite fast. Tests must not stop it: it is stopped when the JVM exits.
 *
 * <pre>{@code
 * SparkSession spark = SparkTestSession.get();
 * Path dir = SparkTestSession.newDir("rerun");   // a fresh directory under target/
 * }</pre>
 */
public final class SparkTestSession {

  private static final Path ROOT =
      Paths.get("target", "spark-test-" + ProcessHandle.current().pid()).toAbsolutePath();
  private static SparkSession session;
  private static int dirs;

  private SparkTestSession() {}

  /**
   * The shared session, created on first use.
   *
   * @return the session
   */
  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .appName("quarentena-tests")
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
              .config("spark.sql.adaptive.enabled", "true")
              .config("javax.jdo.option.ConnectionURL", "jdbc:derby:memory:metastore;create=true")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /**
   * A new, empty directory under the module's {@code target/} for one test's files and tables.
   *
   * @param name a readable prefix
   * @return the directory path (not yet created)
   */
  public static synchronized Path newDir(String name) {
    return ROOT.resolve(name + "-" + (++dirs));
  }
}

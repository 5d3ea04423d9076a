package io.quarentena.spark.reliability;

import io.quarentena.spark.QuarantineTable;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * A child JVM that replaces a load date with a large generated load, slowly enough to be killed in
 * the middle by {@link CrashSafetyTest}. Not a test itself.
 */
public final class CrashingWriter {

  private CrashingWriter() {}

  /**
   * Writes {@code rows} entries for {@code loadDate} to the table.
   *
   * @param args table path, load date, rows
   */
  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("crashing-writer")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    LocalDate loadDate = LocalDate.parse(args[1]);
    long rows = Long.parseLong(args[2]);
    System.out.println("WRITING");
    QuarantineTable.of(spark, args[0])
        .write(CrashSafetyTest.entries(spark, rows, loadDate).repartition(8), loadDate);
    System.out.println("DONE");
  }
}

package io.quarentena.benchmarks.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One way of computing the quarantine table that the benchmark times: read the six sources, compute
 * the load date's rows and write them to a Delta table.
 *
 * <pre>{@code
 * Contender.Result r = Contender.baseline().run(spark, files, asOf, Path.of("target/t"));
 * }</pre>
 */
public interface Contender {

  /**
   * What one run left behind for the report.
   *
   * @param scans the leaf scans of the plan that wrote the table ({@link ScanCounter#scans})
   * @param plan the physical plan of the written rows, as {@code explain} prints it
   */
  record Result(List<String> scans, String plan) {}

  /**
   * The name in the report.
   *
   * @return the name
   */
  String name();

  /**
   * Reads the sources, computes the load date's rows and writes them to the table.
   *
   * @param spark the session
   * @param files the sources
   * @param asOf the load date
   * @param table the Delta table directory
   * @return the scans and plan of the run
   */
  Result run(SparkSession spark, BenchmarkData.Sources files, LocalDate asOf, Path table);

  /**
   * The hand-written job ({@link HandWrittenJob}).
   *
   * @return the baseline
   */
  static Contender baseline() {
    return new Contender() {
      @Override
      public String name() {
        return "baseline";
      }

      @Override
      public Result run(
          SparkSession spark, BenchmarkData.Sources files, LocalDate asOf, Path table) {
        var rows = HandWrittenJob.table(spark, files, asOf);
        HandWrittenJob.write(rows, table, asOf);
        return new Result(
            ScanCounter.scans(rows), rows.queryExecution().executedPlan().treeString());
      }
    };
  }
}

package io.quarentena.benchmarks.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
   * What one run left behind for the report. The benchmark inspects the written rows' plan after it
   * stops the clock (planning them again for the report is not part of a job's cost), then calls
   * {@code release}.
   *
   * @param written the rows written to the table, for their scans ({@link ScanCounter#scans}) and
   *     physical plan
   * @param release frees what the run still holds (the library's persisted rows)
   * @param rejected the rows the run wrote to its rejects, when it writes rejects
   */
  record Result(Dataset<Row> written, Runnable release, OptionalLong rejected) {

    /**
     * A result of a run that writes no rejects.
     *
     * @param written the rows written
     * @param release frees what the run still holds
     */
    Result(Dataset<Row> written, Runnable release) {
      this(written, release, OptionalLong.empty());
    }

    /**
     * A result with nothing to release.
     *
     * @param written the rows written
     * @return the result
     */
    static Result of(Dataset<Row> written) {
      return new Result(written, () -> {});
    }
  }

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
   * @return the written rows, and what to release once they are inspected
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
        return Result.of(rows);
      }
    };
  }
}

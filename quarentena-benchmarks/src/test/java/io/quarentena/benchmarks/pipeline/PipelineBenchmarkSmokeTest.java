package io.quarentena.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The benchmark end to end on tiny data, so that it never rots: generate 2,000 events, run every
 * contender once, and require that they wrote the same table, each source scanned once. Times are
 * printed, never asserted.
 */
class PipelineBenchmarkSmokeTest {

  @Test
  void everyContenderWritesTheSameTableReadingEachSourceOnce() {
    SparkSession spark = TestSpark.get();
    BenchmarkData.Sources files = TestSpark.sources();
    List<Contender> contenders = Contenders.all();

    PipelineBenchmark.Outcome outcome =
        PipelineBenchmark.run(
            spark, files, TestSpark.ROOT.resolve("smoke/tables"), contenders, 0, 1);
    System.out.println(PipelineBenchmark.report(outcome, 2));

    assertThat(outcome.tablesEqual()).isTrue();
    assertThat(outcome.timings()).hasSize(contenders.size());
    for (Contender c : contenders) {
      assertThat(outcome.tableRows().get(c.name())).isPositive();
      // six sources: five file scans and the spreadsheet's rows on the driver, once each
      List<String> scans = outcome.scans().get(c.name());
      assertThat(scans).as(c.name() + " scans " + scans).hasSize(6);
      assertThat(scans.stream().distinct()).hasSize(6);
      // at run time, the tasks read the file sources' rows once (plus the Delta logs' lines);
      // library+rejects, as the job does, also counts the entries per channel in the table it
      // wrote (the files' row counts), which Spark reports as its rows read
      long read = outcome.timings().get(c.name()).reading().records();
      long readBack = c.name().equals("library+rejects") ? outcome.tableRows().get(c.name()) : 0;
      assertThat(read)
          .as(c.name() + " records read")
          .isBetween(
              files.sizes().fileRows() + readBack, files.sizes().fileRows() + readBack + 200);
    }
  }
}

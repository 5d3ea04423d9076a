package io.quarentena.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The xlsx benchmark on a tiny spreadsheet: both readers see every row. Times never asserted. */
class XlsxIngestionBenchmarkTest {

  @Test
  void bothReadersReadEveryRowOfTheSameFile() throws Exception {
    Path file = TestSpark.ROOT.resolve("xlsx/crm_500.xlsx");
    BenchmarkData.writeCrm(
        new SyntheticContacts(BenchmarkData.SEED, 5_000, BenchmarkData.AS_OF),
        500,
        BenchmarkData.AS_OF,
        file);

    Map<String, XlsxIngestionBenchmark.Timing> timings =
        XlsxIngestionBenchmark.run(file, List.of("streaming", "workbook"), 0, 1);
    System.out.println(XlsxIngestionBenchmark.report(file, timings));

    assertThat(timings.get("streaming").rows()).isEqualTo(500);
    assertThat(timings.get("workbook").rows()).isEqualTo(500);
    long[] streaming =
        XlsxIngestionBenchmark.streaming(file, XlsxIngestionBenchmark.PeakLiveHeap.install());
    long[] workbook =
        XlsxIngestionBenchmark.workbook(file, XlsxIngestionBenchmark.PeakLiveHeap.install());
    assertThat(streaming[2]).as("the same text from both readers").isEqualTo(workbook[2]);
  }
}

package io.quarentena.benchmarks.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.benchmarks.pipeline.BenchSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kernel-against-Spark load benchmark on a 20,000-row table, so it never rots: both loaders
 * load, the heap report and the no-change check run. Figures are printed, never asserted.
 */
class KernelLoadBenchmarkSmokeTest {

  @Test
  void bothLoadersLoadAndTheReportRuns() {
    Path root = Path.of("target", "bench-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    // getOrCreate: the session the module's other Spark tests share
    List<String> lines =
        KernelLoadBenchmark.run(
            BenchSession.create(2, root), 20_000, root.resolve("kernel-load"), 1, 3);
    lines.forEach(System.out::println);
    assertThat(lines)
        .anyMatch(l -> l.startsWith("kernel load 1: 20,000 entries"))
        .anyMatch(l -> l.startsWith("spark load 1: 20,000 entries"))
        .anyMatch(l -> l.startsWith("no-change check"));
  }
}

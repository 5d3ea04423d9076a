package io.quarentena.benchmarks.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.Quarantine;
import org.junit.jupiter.api.Test;

/**
 * The index benchmarks on tiny data, so they never rot: the baseline answers exactly as the compact
 * index does (otherwise the comparison means nothing), the keys are half hits, and the footprint
 * report runs. Times and sizes are printed, never asserted.
 */
class IndexBenchmarkSmokeTest {

  @Test
  void baselineAndPackedAgreeOnEveryKeyAndChannel() {
    BenchData data = BenchData.generate(20_000);
    Quarantine packed = Quarantine.of(data.packedFromRows());
    Quarantine baseline =
        Quarantine.of(BaselineIndex.of(BenchData.POLICY, BenchData.LOAD, data.toEntries()));
    long[] keys = data.queries(10_000, 7);
    int suppressed = 0;
    for (long key : keys) {
      for (Channel channel : Channel.builtIns()) {
        for (int d = -1; d <= 400; d += 37) {
          var date = BenchData.LOAD.plusDays(d);
          boolean expected = baseline.isSuppressed(Long.toString(key), channel, date);
          assertThat(packed.isSuppressed(key, channel, date)).isEqualTo(expected);
          assertThat(packed.isSuppressed(Long.toString(key), channel, date)).isEqualTo(expected);
        }
      }
      if (packed.isSuppressed(key, Channel.MARKETING, BenchData.QUERY_DATE)) {
        suppressed++;
      }
    }
    // half the keys are customers of the snapshot; three days later most of them are still held
    assertThat(suppressed).isBetween(3_000, 5_500);
  }

  @Test
  void footprintReportRuns() {
    var lines = Footprint.measure(20_000);
    lines.forEach(System.out::println);
    assertThat(lines).hasSize(2);
  }
}

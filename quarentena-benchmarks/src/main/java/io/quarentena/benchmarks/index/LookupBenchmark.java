package io.quarentena.benchmarks.index;

import io.quarentena.Channel;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "May I contact this customer?" at campaign speed: {@code Quarantine.isSuppressed} over a snapshot
 * of 1M or 10M active entries, keys drawn at random, half of them in the snapshot and half not —
 * the compact index ({@code QuarantineIndex.of}, what the loaders build) against the baseline
 * {@code HashMap<String, List<QuarantineEntry>>} in the same run, through the {@code String} and
 * the {@code long} API. Threads come from the command line ({@code -t 1}, {@code -t 2}).
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl quarentena-benchmarks -am package exec:exec \
 *     -Dbench.mainClass=org.openjdk.jmh.Main -Dbench.args="LookupBenchmark -t 2"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class LookupBenchmark {

  /** Keys per thread cursor: a power of two, far larger than the caches. */
  private static final int KEYS = 1 << 22;

  /** Active entries in the snapshot. */
  @Param({"1000000", "10000000"})
  public int entries;

  /** {@code packed} (the library) or {@code baseline} (a HashMap of lists). */
  @Param({"packed", "baseline"})
  public String index;

  Quarantine quarantine;
  long[] ids;
  String[] texts;

  /** Builds the snapshot and the keys once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    BenchData data = BenchData.generate(entries);
    QuarantineIndex snapshot =
        index.equals("packed")
            ? data.packedFromRows()
            : BaselineIndex.of(BenchData.POLICY, BenchData.LOAD, data.toEntries());
    quarantine = Quarantine.of(snapshot);
    ids = data.queries(KEYS, 42);
    texts = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      texts[i] = Long.toString(ids[i]);
    }
    data = null; // only the snapshot stays reachable
    System.gc();
  }

  /** Each thread walks the keys from its own offset. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    /** Starts each thread at a different place. */
    @Setup(Level.Trial)
    public void setUp() {
      next = (int) (Thread.currentThread().getId() * 7919) & (KEYS - 1);
    }
  }

  /**
   * The {@code String} API, as a service that receives ids as text.
   *
   * @param c the thread's cursor
   * @return the answer, consumed by JMH
   */
  @Benchmark
  public boolean stringApi(Cursor c) {
    String id = texts[c.next++ & (KEYS - 1)];
    return quarantine.isSuppressed(id, Channel.MARKETING, BenchData.QUERY_DATE);
  }

  /**
   * The {@code String} API with an id that arrives as a new string, as from a request or a file:
   * its hash is not cached yet, so the baseline pays for hashing as a real service does (the copy
   * costs both indexes the same).
   *
   * @param c the thread's cursor
   * @return the answer, consumed by JMH
   */
  @Benchmark
  public boolean stringApiFreshId(Cursor c) {
    String id = new String(texts[c.next++ & (KEYS - 1)].toCharArray());
    return quarantine.isSuppressed(id, Channel.MARKETING, BenchData.QUERY_DATE);
  }

  /**
   * The {@code long} API, for callers that already hold numeric ids.
   *
   * @param c the thread's cursor
   * @return the answer, consumed by JMH
   */
  @Benchmark
  public boolean longApi(Cursor c) {
    long id = ids[c.next++ & (KEYS - 1)];
    return quarantine.isSuppressed(id, Channel.MARKETING, BenchData.QUERY_DATE);
  }
}

package io.quarentena.benchmarks.index;

import io.quarentena.Channel;
import io.quarentena.Quarantine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Filtering an audience: of {@value #AUDIENCE} candidate ids (half in the snapshot, half not, drawn
 * at random), the ones that may be contacted on Marketing — {@code Quarantine.contactable}, which
 * probes the index in batches so that memory misses overlap, against the same ids asked one {@code
 * isSuppressed(long, …)} call at a time, in the same run. Throughput is in ids per second.
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl quarentena-benchmarks -am package exec:exec -Dbench.heap=-Xmx1g \
 *     -Dbench.mainClass=org.openjdk.jmh.Main -Dbench.args="AudienceBenchmark -t 1"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class AudienceBenchmark {

  /** Candidates per call. */
  static final int AUDIENCE = 4096;

  /** Keys in all: a power of two, far larger than the caches. */
  private static final int KEYS = 1 << 22;

  /** Active entries in the snapshot. */
  @Param({"10000000"})
  public int entries;

  Quarantine quarantine;
  long[][] audiences;

  /** Builds the snapshot and the audiences once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    BenchData data = BenchData.generate(entries);
    quarantine = Quarantine.of(data.packedFromRows());
    long[] ids = data.queries(KEYS, 42);
    audiences = new long[KEYS / AUDIENCE][AUDIENCE];
    for (int i = 0; i < KEYS; i++) {
      audiences[i / AUDIENCE][i % AUDIENCE] = ids[i];
    }
    data = null; // only the snapshot stays reachable
    System.gc();
  }

  /** Each thread walks the audiences from its own offset. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    /** Starts each thread at a different place. */
    @Setup(Level.Trial)
    public void setUp() {
      next = (int) (Thread.currentThread().getId() * 31);
    }
  }

  /**
   * One call for the whole audience.
   *
   * @param c the thread's cursor
   * @return the audience, consumed by JMH
   */
  @Benchmark
  @OperationsPerInvocation(AUDIENCE)
  public long[] contactable(Cursor c) {
    long[] candidates = audiences[c.next++ % audiences.length];
    return quarantine.contactable(candidates, Channel.MARKETING, BenchData.QUERY_DATE, null);
  }

  /**
   * The baseline: one {@code isSuppressed(long, …)} per candidate.
   *
   * @param c the thread's cursor
   * @return how many may be contacted, consumed by JMH
   */
  @Benchmark
  @OperationsPerInvocation(AUDIENCE)
  public int oneCallPerId(Cursor c) {
    long[] candidates = audiences[c.next++ % audiences.length];
    int contactable = 0;
    for (long id : candidates) {
      if (!quarantine.isSuppressed(id, Channel.MARKETING, BenchData.QUERY_DATE)) {
        contactable++;
      }
    }
    return contactable;
  }
}

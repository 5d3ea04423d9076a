package io.quarentena.benchmarks.live;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import io.quarentena.SendDecision;
import io.quarentena.benchmarks.index.BenchData;
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
 * Live sends in one instance, over a snapshot of 10M entries: {@code isSuppressed(long, …)} with 0
 * or 100,000 live sends recorded (the target: no slower than 1.5× the snapshot alone), and the
 * throughput of {@code tryRecord} (check and record in one step) on customers not yet contacted,
 * which the quarantine then holds.
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl quarentena-benchmarks -am package exec:exec -Dbench.heap=-Xmx1g \
 *     -Dbench.mainClass=org.openjdk.jmh.Main -Dbench.args="LiveSendsBenchmark -t 1"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms10g", "-Xmx10g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class LiveSendsBenchmark {

  /** Keys asked: a power of two, far larger than the caches. */
  private static final int KEYS = 1 << 22;

  /** Live sends recorded before the checks: spread over the asked keys and new customers. */
  @Param({"0", "100000"})
  public int liveSends;

  QuarantineIndex snapshot;
  Quarantine quarantine;
  long[] ids;

  /** Builds the snapshot, records the live sends and draws the keys once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    BenchData data = BenchData.generate(10_000_000);
    snapshot = data.packedFromRows();
    ids = data.queries(KEYS, 42);
    quarantine = Quarantine.of(snapshot);
    Channel[] channels = {Channel.CRM, Channel.MARKETING, Channel.OFERTAS};
    for (int i = 0; i < liveSends; i++) {
      long id = i % 2 == 0 ? ids[(i * 41) & (KEYS - 1)] : 90_000_000_000L + i;
      quarantine.record(
          ContactEvent.builder(
                  Long.toString(id), channels[i % channels.length], BenchData.LOAD.plusDays(i % 3))
              .sendId("bench-" + i)
              .build());
    }
    data = null; // only the snapshot and the live sends stay reachable
    System.gc();
  }

  /** Each thread walks the keys from its own offset, and records on customers of its own. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    long fresh;
    Quarantine recording;

    /** Starts each thread at a different place. */
    @Setup(Level.Trial)
    public void setUp() {
      next = (int) (Thread.currentThread().getId() * 7919) & (KEYS - 1);
      fresh = 80_000_000_000L + Thread.currentThread().getId() * 1_000_000_000L;
    }

    /** A quarantine per iteration for {@code tryRecord}, so its live sends start from none. */
    @Setup(Level.Iteration)
    public void newQuarantine(LiveSendsBenchmark b) {
      recording = Quarantine.of(b.snapshot);
    }
  }

  /**
   * The check, with this trial's live sends recorded.
   *
   * @param c the thread's cursor
   * @return the answer, consumed by JMH
   */
  @Benchmark
  public boolean check(Cursor c) {
    return quarantine.isSuppressed(
        ids[c.next++ & (KEYS - 1)], Channel.MARKETING, BenchData.QUERY_DATE);
  }

  /**
   * Check and record a Marketing send to a customer not contacted yet (it is recorded).
   *
   * @param c the thread's cursor
   * @return the decision, consumed by JMH
   */
  @Benchmark
  public SendDecision tryRecord(Cursor c) {
    String id = Long.toString(c.fresh++);
    return c.recording.tryRecord(
        ContactEvent.builder(id, Channel.MARKETING, BenchData.QUERY_DATE)
            .sendId("s-" + id)
            .build());
  }
}

package io.quarentena.benchmarks.index;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.benchmarks.pipeline.BenchSession;
import io.quarentena.serving.DeltaSnapshots;
import io.quarentena.serving.TableWatcher;
import io.quarentena.spark.QuarantineSnapshots;
import io.quarentena.spark.QuarantineTable;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jol.info.GraphLayout;

/**
 * The two loaders of a snapshot in one run, on the same table (written once per size, in the
 * table's schema, by {@link SnapshotLoadBenchmark#rows}): Delta Kernel ({@link DeltaSnapshots},
 * what a service without Spark uses) against Spark ({@link QuarantineSnapshots}). For each: the
 * median of three loads and rows per second. For Kernel also the heap during the load against the
 * final index (JOL), and the cost of a {@link TableWatcher} check that finds no new version.
 *
 * <p>Heap during a load is measured two ways, both above what the JVM held before the load: the
 * highest heap in use right after any collection during the load (what was live: the load's own
 * need), and the highest heap in use sampled every millisecond (garbage included: what a heap must
 * have room for without collecting more often).
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl quarentena-benchmarks -am package exec:exec -Dbench.heap=-Xmx8g \
 *     -Dbench.mainClass=io.quarentena.benchmarks.index.KernelLoadBenchmark \
 *     -Dbench.args="10000000"
 * </pre>
 */
public final class KernelLoadBenchmark {

  private KernelLoadBenchmark() {}

  /**
   * Writes the table (once per size) and runs both loaders.
   *
   * @param args the number of rows, then optionally the work directory
   * @throws Exception when the table cannot be written
   */
  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
    Path work =
        args.length > 1
            ? Paths.get(args[1])
            : Paths.get("target", "snapshot-load").toAbsolutePath();
    SparkSession spark = BenchSession.create(2, work);
    try {
      run(spark, rows, work, 3, 20).forEach(System.out::println);
    } finally {
      spark.stop();
    }
  }

  /**
   * One run: the table written if missing, then both loaders.
   *
   * @param spark the session that writes the table and loads it the Spark way
   * @param rows the table's rows
   * @param work where the table lives
   * @param loads loads per loader (the median is reported)
   * @param checks no-change checks timed
   * @return the report's lines
   */
  static List<String> run(SparkSession spark, long rows, Path work, int loads, int checks) {
    List<String> out = new ArrayList<>();
    Path table = work.resolve("quarentena_global-" + rows);
    if (!Files.exists(table.resolve("_delta_log"))) {
      long t = System.nanoTime();
      QuarantineTable.of(spark, table.toString())
          .write(SnapshotLoadBenchmark.rows(spark, rows), BenchData.LOAD);
      out.add(
          String.format(
              Locale.ROOT, "wrote %,d rows in %.1f s", rows, (System.nanoTime() - t) / 1e9));
    }
    QuarantinePolicy policy = QuarantinePolicy.defaults();
    DeltaSnapshots kernel = DeltaSnapshots.at(table.toString());
    QuarantineSnapshots viaSpark = QuarantineSnapshots.from(spark, table.toString());

    double[] sparkSeconds = time("spark", loads, () -> viaSpark.load(policy), out);
    double[] kernelSeconds = time("kernel", loads, () -> kernel.load(policy), out);

    HeapWatch heap = new HeapWatch();
    QuarantineIndex index = heap.during(() -> kernel.load(policy));
    long indexBytes = GraphLayout.parseInstance(index).totalSize();

    Quarantine quarantine = Quarantine.builder().build();
    double[] checkMillis = new double[checks];
    try (TableWatcher watcher = TableWatcher.builder(kernel, policy, quarantine).build().start()) {
      for (int i = 0; i < checks; i++) {
        long t = System.nanoTime();
        TableWatcher.Outcome outcome = watcher.refreshNow();
        checkMillis[i] = (System.nanoTime() - t) / 1e6;
        if (outcome != TableWatcher.Outcome.UNCHANGED) {
          throw new IllegalStateException("a check of an unchanged table said " + outcome);
        }
      }
    }
    Arrays.sort(checkMillis);

    double sparkMedian = median(sparkSeconds);
    double kern = median(kernelSeconds);
    out.add("| loader | rows | median s | rows/s |");
    out.add("|---|---|---|---|");
    out.add(row("QuarantineSnapshots (Spark, local[2])", rows, sparkMedian));
    out.add(row("DeltaSnapshots (Kernel)", rows, kern));
    out.add(String.format(Locale.ROOT, "Kernel ÷ Spark rows/s: %.2f×", sparkMedian / kern));
    out.add(
        String.format(
            Locale.ROOT,
            "final index %,d bytes (%.1f per entry); during the Kernel load, above the heap before"
                + " it: live after a GC %,d bytes (%.2f× the index), sampled peak %,d bytes"
                + " (%.2f×); %d collections",
            indexBytes,
            (double) indexBytes / index.size(),
            heap.liveAboveBaseline(),
            (double) heap.liveAboveBaseline() / indexBytes,
            heap.sampledAboveBaseline(),
            (double) heap.sampledAboveBaseline() / indexBytes,
            heap.collections()));
    out.add(
        String.format(
            Locale.ROOT,
            "no-change check (TableWatcher.refreshNow, one log listing): median %.2f ms, max %.2f"
                + " ms over %d",
            median(checkMillis),
            checkMillis[checkMillis.length - 1],
            checks));
    return out;
  }

  private static double[] time(
      String name, int loads, Supplier<QuarantineIndex> load, List<String> out) {
    double[] seconds = new double[loads];
    for (int r = 0; r < loads; r++) {
      System.gc();
      long t = System.nanoTime();
      QuarantineIndex index = load.get();
      seconds[r] = (System.nanoTime() - t) / 1e9;
      out.add(
          String.format(
              Locale.ROOT,
              "%s load %d: %,d entries in %.2f s",
              name,
              r + 1,
              index.size(),
              seconds[r]));
    }
    return seconds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String row(String loader, long rows, double seconds) {
    return String.format(
        Locale.ROOT, "| %s | %,d | %.2f | %,.0f |", loader, rows, seconds, rows / seconds);
  }

  /** The heap during one call: after every collection (GC notifications) and sampled. */
  private static final class HeapWatch {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong liveMax = new AtomicLong();
    private final AtomicLong sampledMax = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private long baseline;

    <T> T during(Supplier<T> call) {
      System.gc();
      baseline = memory.getHeapMemoryUsage().getUsed();
      NotificationListener listener =
          (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                notification.getType())) {
              return;
            }
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (!pool.getKey().contains("Metaspace")
                  && !pool.getKey().contains("Code")
                  && !pool.getKey().contains("Compressed")) {
                used += pool.getValue().getUsed();
              }
            }
            liveMax.accumulateAndGet(used, Math::max);
            collections.incrementAndGet();
          };
      List<NotificationEmitter> emitters = new ArrayList<>();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(listener, null, null);
          emitters.add(emitter);
        }
      }
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  sampledMax.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();
      try {
        T result = call.get();
        // The result is live and counted: the last collection may have come before its end.
        System.gc();
        return result;
      } finally {
        sampler.interrupt();
        for (NotificationEmitter emitter : emitters) {
          try {
            emitter.removeNotificationListener(listener);
          } catch (javax.management.ListenerNotFoundException e) {
            // already gone
          }
        }
      }
    }

    long liveAboveBaseline() {
      return Math.max(0, liveMax.get() - baseline);
    }

    long sampledAboveBaseline() {
      return Math.max(0, sampledMax.get() - baseline);
    }

    long collections() {
      return collections.get();
    }
  }
}

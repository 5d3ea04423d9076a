package io.quarentena.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.LocalTableScanExec;
import org.apache.spark.sql.execution.RDDScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import scala.collection.Iterator;

/**
 * Counts source scans two ways. At run time, a {@link SparkListener} adds up the records and bytes
 * every task read from files ({@code inputMetrics}) and the jobs started: if every source is
 * scanned once, the records read equal the rows of the file sources (plus the few lines of the
 * Delta logs). In the plan, {@link #scans(Dataset)} walks a physical plan, through adaptive plans
 * and cached relations, and lists its leaf scans with the paths they read.
 *
 * <pre>{@code
 * ScanCounter counter = ScanCounter.install(spark);
 * counter.reset();
 * job.run();
 * ScanCounter.Reading r = counter.reading();   // records read, bytes read, jobs
 * }</pre>
 */
public final class ScanCounter extends SparkListener {

  private final SparkSession spark;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong memorySpilled = new AtomicLong();
  private final AtomicLong diskSpilled = new AtomicLong();
  private final AtomicLong longestTaskMillis = new AtomicLong();
  private final AtomicLong largestTaskBytes = new AtomicLong();

  /**
   * What the tasks read since the last reset, and what the largest of them cost.
   *
   * @param records records read from files
   * @param bytes bytes read from files
   * @param jobs Spark jobs started
   * @param memorySpilled bytes the tasks spilled, in their in-memory form
   * @param diskSpilled bytes the tasks spilled, as written to disk
   * @param longestTaskMillis the longest task's run time
   * @param largestTaskBytes the most one task read, from files and from the shuffle
   */
  public record Reading(
      long records,
      long bytes,
      long jobs,
      long memorySpilled,
      long diskSpilled,
      long longestTaskMillis,
      long largestTaskBytes) {

    /** Nothing read. */
    static final Reading NONE = new Reading(0, 0, 0, 0, 0, 0, 0);
  }

  private ScanCounter(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Registers a counter with the session's context.
   *
   * @param spark the session
   * @return the counter
   */
  public static ScanCounter install(SparkSession spark) {
    ScanCounter counter = new ScanCounter(spark);
    spark.sparkContext().addSparkListener(counter);
    return counter;
  }

  /** Starts counting from zero, after the events of earlier work have been delivered. */
  public void reset() {
    drain();
    for (AtomicLong a :
        List.of(
            records,
            bytes,
            jobs,
            memorySpilled,
            diskSpilled,
            longestTaskMillis,
            largestTaskBytes)) {
      a.set(0);
    }
  }

  /**
   * What was read since the last reset, once every event so far has been delivered.
   *
   * @return the reading
   */
  public Reading reading() {
    drain();
    return new Reading(
        records.get(),
        bytes.get(),
        jobs.get(),
        memorySpilled.get(),
        diskSpilled.get(),
        longestTaskMillis.get(),
        largestTaskBytes.get());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics m = taskEnd.taskMetrics();
    if (m != null) {
      records.addAndGet(m.inputMetrics().recordsRead());
      bytes.addAndGet(m.inputMetrics().bytesRead());
      memorySpilled.addAndGet(m.memoryBytesSpilled());
      diskSpilled.addAndGet(m.diskBytesSpilled());
      longestTaskMillis.accumulateAndGet(m.executorRunTime(), Math::max);
      largestTaskBytes.accumulateAndGet(
          m.inputMetrics().bytesRead() + m.shuffleReadMetrics().totalBytesRead(), Math::max);
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  private void drain() {
    // The listener bus is asynchronous; private[spark] in Scala, public in the bytecode.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
    }
  }

  /**
   * The leaf scans of a dataset's physical plan, through adaptive plans, query stages and cached
   * relations (each cached relation once): one line per scan, {@code FileScan parquet
   * [/path/to/source]}.
   *
   * @param dataset the dataset
   * @return the scans, in plan order
   */
  public static List<String> scans(Dataset<?> dataset) {
    List<String> out = new ArrayList<>();
    walk(dataset.queryExecution().executedPlan(), out, new IdentityHashMap<>());
    return out;
  }

  private static void walk(SparkPlan plan, List<String> out, Map<Object, Boolean> seen) {
    if (plan instanceof AdaptiveSparkPlanExec a) {
      walk(a.executedPlan(), out, seen);
      return;
    }
    if (plan instanceof QueryStageExec q) {
      walk(q.plan(), out, seen);
      return;
    }
    if (plan instanceof InMemoryTableScanExec m) {
      if (seen.put(m.relation().cacheBuilder(), Boolean.TRUE) == null) {
        walk(m.relation().cachedPlan(), out, seen);
      }
      return;
    }
    if (plan instanceof FileSourceScanExec f) {
      out.add(
          "FileScan "
              + f.relation().fileFormat()
              + " "
              + f.relation().location().rootPaths().mkString("[", ", ", "]"));
      return;
    }
    if (plan instanceof BatchScanExec b) {
      out.add("BatchScan " + b.scan().description());
      return;
    }
    if (plan instanceof LocalTableScanExec l) {
      out.add("LocalTableScan (" + l.rows().size() + " rows on the driver)");
      return;
    }
    if (plan instanceof RDDScanExec r) {
      out.add("RDDScan " + r.nodeName());
      return;
    }
    Iterator<SparkPlan> children = plan.children().iterator();
    while (children.hasNext()) {
      walk(children.next(), out, seen);
    }
  }
}

package io.quarentena.benchmarks.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline benchmark: the library against the hand-written job ({@link HandWrittenJob}) on the
 * same generated files ({@link BenchmarkData}), in the same JVM and SparkSession, alternating which
 * goes first, several repetitions after a warm-up. Reports the median wall time of each (read,
 * compute and write of the table), their ratio, the contact events per second, and the source
 * scans: the leaf scans of the plan and, at run time, the records the tasks read from files against
 * the rows the file sources hold. Checks at the end that both wrote the same table.
 *
 * <p>Run it with Spark's JVM options ({@code docs/benchmarks.md}):
 *
 * <pre>{@code
 * ./mvnw -B -pl quarentena-benchmarks -am package -DskipTests
 * ./mvnw -B -pl quarentena-benchmarks exec:exec -Dbench.args="--events 1000000 --reps 5"
 * }</pre>
 *
 * <p>Options: {@code --events N} (required), {@code --reps R} (default 5), {@code --warmup W}
 * (default 1), {@code --cores C} ({@code local[C]}, default 2), {@code --dir D} (default {@code
 * target/bench/<events>}), {@code --contenders baseline,library,...} (default every contender of
 * {@link Contenders#all()}), {@code --only NAME} (one contender).
 */
public final class PipelineBenchmark {

  /**
   * Measured runs of one contender.
   *
   * @param name the contender
   * @param seconds wall time of each run
   * @param cpuSeconds CPU time the benchmark's JVM used during each run (all its threads: Spark's
   *     tasks, the driver, the garbage collector), which other processes on a shared machine do not
   *     inflate the way they inflate wall time
   * @param reading the scan counter's reading of the last run
   * @param rejected the rows the last run wrote to its rejects, when it writes rejects
   * @param peakHeapBytes the highest used heap sampled during the measured runs
   */
  public record Timing(
      String name,
      List<Double> seconds,
      List<Double> cpuSeconds,
      ScanCounter.Reading reading,
      OptionalLong rejected,
      long peakHeapBytes) {

    /**
     * The median of the runs.
     *
     * @return seconds
     */
    public double median() {
      return PipelineBenchmark.median(seconds);
    }

    /**
     * The median CPU time of the runs.
     *
     * @return seconds
     */
    public double medianCpu() {
      return PipelineBenchmark.median(cpuSeconds);
    }
  }

  /**
   * The outcome of a benchmark.
   *
   * @param files the sources
   * @param timings per contender, in the order run
   * @param scans per contender, the plan's leaf scans
   * @param plans per contender, the physical plan of the written rows
   * @param tableRows rows each wrote for the load date
   * @param tablesEqual whether every contender wrote the same rows
   */
  public record Outcome(
      BenchmarkData.Sources files,
      Map<String, Timing> timings,
      Map<String, List<String>> scans,
      Map<String, String> plans,
      Map<String, Long> tableRows,
      boolean tablesEqual) {}

  private static final double GIB = 1024.0 * 1024 * 1024;

  private PipelineBenchmark() {}

  /**
   * Runs the benchmark from the command line and prints the report.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    Map<String, String> opts = options(args);
    long events = Long.parseLong(required(opts, "events").replace("_", ""));
    int reps = Integer.parseInt(opts.getOrDefault("reps", "5"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1"));
    int cores = Integer.parseInt(opts.getOrDefault("cores", "2"));
    Path dir = Path.of(opts.getOrDefault("dir", "target/bench/" + events)).toAbsolutePath();
    String only = opts.get("only");

    System.out.println("== machine: " + machine("local[" + cores + "]"));
    System.out.println("== load average at start: " + loadAverage());
    SparkSession spark = BenchSession.create(cores, dir.getParent());
    long t0 = System.nanoTime();
    BenchmarkData.Sources files = BenchmarkData.write(spark, dir.resolve("sources"), events);
    System.out.printf(
        Locale.ROOT,
        "== sources under %s (%.1f s to generate or reuse): %s%n",
        dir.resolve("sources"),
        (System.nanoTime() - t0) / 1e9,
        files.sizes());

    List<Contender> contenders =
        Contenders.named(
            opts.getOrDefault(
                "contenders",
                only != null
                    ? only
                    : String.join(",", Contenders.all().stream().map(Contender::name).toList())));
    Outcome outcome = run(spark, files, dir.resolve("tables"), contenders, warmup, reps);
    System.out.println("== load average at end: " + loadAverage());
    System.out.println(report(outcome, cores));
    writePlans(dir, outcome);
    spark.stop();
  }

  /**
   * Runs the contenders: {@code warmup} unmeasured runs each, then {@code reps} measured runs each,
   * alternating which goes first; then compares the tables they wrote.
   *
   * @param spark the session
   * @param files the sources
   * @param tables where each contender's table goes
   * @param contenders the contenders
   * @param warmup unmeasured runs per contender
   * @param reps measured runs per contender
   * @return the outcome
   */
  public static Outcome run(
      SparkSession spark,
      BenchmarkData.Sources files,
      Path tables,
      List<Contender> contenders,
      int warmup,
      int reps) {
    ScanCounter counter = ScanCounter.install(spark);
    LocalDate asOf = files.asOf();
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Double>> cpuSeconds = new LinkedHashMap<>();
    Map<String, ScanCounter.Reading> readings = new LinkedHashMap<>();
    Map<String, OptionalLong> rejected = new LinkedHashMap<>();
    Map<String, Long> peakHeap = new LinkedHashMap<>();
    Map<String, List<String>> scans = new LinkedHashMap<>();
    Map<String, String> plans = new LinkedHashMap<>();
    for (Contender c : contenders) {
      seconds.put(c.name(), new ArrayList<>());
      cpuSeconds.put(c.name(), new ArrayList<>());
    }
    for (int w = 0; w < warmup; w++) {
      for (Contender c : contenders) {
        c.run(spark, files, asOf, tables.resolve(c.name())).release().run();
      }
    }
    for (int rep = 0; rep < reps; rep++) {
      List<Contender> order = new ArrayList<>(contenders);
      if (rep % 2 == 1) {
        Collections.reverse(order);
      }
      for (Contender c : order) {
        System.gc(); // each run's peak heap starts from what the JVM holds between runs
        counter.reset();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        Contender.Result result;
        long peak;
        try (HeapSampler heap = HeapSampler.start()) {
          result = c.run(spark, files, asOf, tables.resolve(c.name()));
          peak = heap.peakBytes();
        }
        double s = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        peakHeap.merge(c.name(), peak, Math::max);
        cpuSeconds.get(c.name()).add(cpu);
        ScanCounter.Reading reading = counter.reading();
        seconds.get(c.name()).add(s);
        readings.put(c.name(), reading);
        rejected.put(c.name(), result.rejected());
        try {
          scans.put(c.name(), ScanCounter.scans(result.written()));
          plans.put(c.name(), result.written().queryExecution().executedPlan().treeString());
        } finally {
          result.release().run();
        }
        System.out.printf(
            Locale.ROOT,
            "   rep %d %-10s %7.2f s  cpu %7.2f s  load %s  records read %,d  jobs %d"
                + "  peak heap %.2f GiB  spilled %,d MiB  longest task %.1f s%n",
            rep + 1,
            c.name(),
            s,
            cpu,
            loadAverage().split(" ")[0],
            reading.records(),
            reading.jobs(),
            peak / GIB,
            reading.diskSpilled() >> 20,
            reading.longestTaskMillis() / 1e3);
      }
    }
    Map<String, Timing> timings = new LinkedHashMap<>();
    for (Contender c : contenders) {
      timings.put(
          c.name(),
          new Timing(
              c.name(),
              seconds.get(c.name()),
              cpuSeconds.get(c.name()),
              readings.getOrDefault(c.name(), ScanCounter.Reading.NONE),
              rejected.getOrDefault(c.name(), OptionalLong.empty()),
              peakHeap.getOrDefault(c.name(), 0L)));
    }
    Map<String, Long> tableRows = new LinkedHashMap<>();
    Dataset<Row> first = null;
    boolean equal = true;
    for (Contender c : contenders) {
      Dataset<Row> t = loadDate(spark, tables.resolve(c.name()), asOf);
      tableRows.put(c.name(), t.count());
      if (first == null) {
        first = t;
      } else {
        equal &= sameRows(first, t);
      }
    }
    return new Outcome(files, timings, scans, plans, tableRows, equal);
  }

  /**
   * One load date's rows of a table written by a contender, in the table's columns.
   *
   * @param spark the session
   * @param table the table directory
   * @param asOf the load date
   * @return the rows
   */
  public static Dataset<Row> loadDate(SparkSession spark, Path table, LocalDate asOf) {
    return spark
        .read()
        .format("delta")
        .load(table.toString())
        .where(col("data_carga").equalTo(lit(asOf)))
        .select(
            "id_cliente",
            "canal",
            "email",
            "telefone",
            "assunto",
            "data_envio",
            "qtd_dias",
            "saida_prevista",
            "data_carga");
  }

  /**
   * Whether two tables hold the same rows, duplicates included.
   *
   * @param a one
   * @param b the other
   * @return true when equal as multisets
   */
  public static boolean sameRows(Dataset<Row> a, Dataset<Row> b) {
    return a.count() == b.count() && a.exceptAll(b).isEmpty() && b.exceptAll(a).isEmpty();
  }

  /**
   * The report as Markdown: one row per contender.
   *
   * @param o the outcome
   * @param cores the {@code local[N]} used
   * @return the text
   */
  public static String report(Outcome o, int cores) {
    BenchmarkData.Sizes sizes = o.files().sizes();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%n== %,d contact events (%s), load date %s, local[%d]%n",
            sizes.total(),
            sizes,
            o.files().asOf(),
            cores));
    sb.append(
        "| contender | runs | median s | min s | max s | events/s | ratio to baseline | to careful |"
            + " median CPU s | CPU ratio | records read / file rows | jobs | table rows | rejects |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Timing base = o.timings().get("baseline");
    Timing careful = o.timings().get("careful");
    for (Timing t : o.timings().values()) {
      double median = t.median();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f | %.2f | %.2f | %,.0f | %s | %s | %.1f | %s | %.3f | %d | %,d | %s |%n",
              t.name(),
              t.seconds().size(),
              median,
              t.seconds().stream().mapToDouble(Double::doubleValue).min().orElse(0),
              t.seconds().stream().mapToDouble(Double::doubleValue).max().orElse(0),
              sizes.total() / median,
              base == null ? "-" : String.format(Locale.ROOT, "%.2f", median / base.median()),
              careful == null ? "-" : String.format(Locale.ROOT, "%.2f", median / careful.median()),
              t.medianCpu(),
              base == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", t.medianCpu() / base.medianCpu()),
              (double) t.reading().records() / sizes.fileRows(),
              t.reading().jobs(),
              o.tableRows().getOrDefault(t.name(), -1L),
              t.rejected().isPresent()
                  ? String.format(Locale.ROOT, "%,d", t.rejected().getAsLong())
                  : "-"));
    }
    sb.append(
        "\n| contender | peak heap GiB | spilled MiB (in memory / on disk) | longest task s |"
            + " largest task read MiB |\n");
    sb.append("|---|---|---|---|---|\n");
    for (Timing t : o.timings().values()) {
      ScanCounter.Reading r = t.reading();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %,d / %,d | %.1f | %,d |%n",
              t.name(),
              t.peakHeapBytes() / GIB,
              r.memorySpilled() >> 20,
              r.diskSpilled() >> 20,
              r.longestTaskMillis() / 1e3,
              r.largestTaskBytes() >> 20));
    }
    sb.append("tables equal: ").append(o.tablesEqual()).append('\n');
    for (Map.Entry<String, List<String>> e : o.scans().entrySet()) {
      sb.append("scans in the plan of ")
          .append(e.getKey())
          .append(" (")
          .append(e.getValue().size())
          .append("):\n");
      for (String s : e.getValue()) {
        sb.append("  ").append(s).append('\n');
      }
    }
    return sb.toString();
  }

  private static void writePlans(Path dir, Outcome o) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : o.plans().entrySet()) {
        Path file = dir.resolve("plan-" + e.getKey() + ".txt");
        Files.writeString(file, e.getValue());
        System.out.println("== physical plan of " + e.getKey() + ": " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double median(List<Double> values) {
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** CPU time of this JVM so far, every thread; 0 where the platform does not tell. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  static String machine(String threads) {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%s %s, %d CPUs visible, %s, max heap %d MB, Java %s, Spark %s",
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        threads,
        rt.maxMemory() >> 20,
        System.getProperty("java.version"),
        org.apache.spark.package$.MODULE$.SPARK_VERSION());
  }

  static String loadAverage() {
    try {
      Path p = Path.of("/proc/loadavg");
      if (Files.isReadable(p)) {
        return Files.readString(p).trim();
      }
    } catch (IOException e) {
      // fall through
    }
    return String.format(
        Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "arguments are --name value pairs, got " + Arrays.toString(args));
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }

  private static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "--" + name + " is required, for example --events 1000000");
    }
    return v;
  }
}

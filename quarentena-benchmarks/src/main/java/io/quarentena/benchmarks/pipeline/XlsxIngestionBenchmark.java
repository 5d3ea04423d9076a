package io.quarentena.benchmarks.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.quarentena.connectors.excel.XlsxOptions;
import io.quarentena.connectors.excel.XlsxReader;
import io.quarentena.connectors.excel.XlsxRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;

/**
 * xlsx ingestion: the connectors' streaming {@link XlsxReader} against POI's whole-workbook reader
 * ({@link XSSFWorkbook}, what {@code pandas.read_excel} and most hand-written jobs do) on the same
 * generated CRM spreadsheet. Both turn every cell into the same text (integer text for numbers,
 * {@code yyyy-MM-dd} for date cells). Alternating, several repetitions after a warm-up; reports
 * rows per second and the peak live heap: the most heap in use after any garbage collection during
 * the read, with a collection forced at its end while the reader is still open, so what the reader
 * holds is counted.
 *
 * <pre>{@code
 * ./mvnw -B -pl quarentena-benchmarks exec:exec \
 *     -Dbench.mainClass=io.quarentena.benchmarks.pipeline.XlsxIngestionBenchmark \
 *     -Dbench.args="--rows 200000 --reps 5"
 * }</pre>
 *
 * <p>Options: {@code --rows N} (default 200000), {@code --reps R} (default 5), {@code --warmup W}
 * (default 1), {@code --file F} (default {@code target/bench/xlsx/crm_<rows>.xlsx}), {@code --only
 * streaming|workbook}.
 */
public final class XlsxIngestionBenchmark {

  /** One reader's measured runs. */
  record Timing(String reader, List<Double> seconds, List<Long> peakLiveBytes, long rows) {

    double median() {
      return PipelineBenchmark.median(seconds);
    }

    long maxPeak() {
      return peakLiveBytes.stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }

  private XlsxIngestionBenchmark() {}

  /**
   * Runs the benchmark from the command line and prints the report.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> opts = PipelineBenchmark.options(args);
    int rows = Integer.parseInt(opts.getOrDefault("rows", "200000").replace("_", ""));
    int reps = Integer.parseInt(opts.getOrDefault("reps", "5"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1"));
    Path file =
        Path.of(opts.getOrDefault("file", "target/bench/xlsx/crm_" + rows + ".xlsx"))
            .toAbsolutePath();
    String only = opts.get("only");

    System.out.println("== machine: " + PipelineBenchmark.machine("single thread"));
    System.out.println("== load average at start: " + PipelineBenchmark.loadAverage());
    if (!Files.isRegularFile(file)) {
      BenchmarkData.writeCrm(
          new SyntheticContacts(BenchmarkData.SEED, rows * 10L, BenchmarkData.AS_OF),
          rows,
          BenchmarkData.AS_OF,
          file);
    }
    System.out.printf(
        Locale.ROOT, "== %s: %,d rows, %.1f MB%n", file, rows, Files.size(file) / 1e6);
    List<String> readers = new ArrayList<>(List.of("streaming", "workbook"));
    if (only != null) {
      readers.retainAll(List.of(only));
    }
    Map<String, Timing> timings = run(file, readers, warmup, reps);
    System.out.println("== load average at end: " + PipelineBenchmark.loadAverage());
    System.out.println(report(file, timings));
  }

  /**
   * Reads the file with each reader, alternating.
   *
   * @param file the spreadsheet
   * @param readers {@code streaming} and/or {@code workbook}
   * @param warmup unmeasured reads per reader
   * @param reps measured reads per reader
   * @return the timings per reader
   */
  static Map<String, Timing> run(Path file, List<String> readers, int warmup, int reps) {
    PeakLiveHeap heap = PeakLiveHeap.install();
    for (int w = 0; w < warmup; w++) {
      for (String r : readers) {
        read(r, file, heap);
      }
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Long>> peaks = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int rep = 0; rep < reps; rep++) {
      List<String> order = new ArrayList<>(readers);
      if (rep % 2 == 1) {
        Collections.reverse(order);
      }
      for (String r : order) {
        Read read = read(r, file, heap);
        seconds.computeIfAbsent(r, k -> new ArrayList<>()).add(read.seconds());
        peaks.computeIfAbsent(r, k -> new ArrayList<>()).add(read.peakLiveBytes());
        counts.put(r, read.rows());
        System.out.printf(
            Locale.ROOT,
            "   rep %d %-9s %6.2f s  %,d rows  peak live heap %,d MB%n",
            rep + 1,
            r,
            read.seconds(),
            read.rows(),
            read.peakLiveBytes() >> 20);
      }
    }
    Map<String, Timing> out = new LinkedHashMap<>();
    for (String r : readers) {
      out.put(r, new Timing(r, seconds.get(r), peaks.get(r), counts.get(r)));
    }
    return out;
  }

  record Read(double seconds, long peakLiveBytes, long rows) {}

  private static Read read(String reader, Path file, PeakLiveHeap heap) {
    System.gc();
    heap.reset();
    long start = System.nanoTime();
    long[] result =
        switch (reader) {
          case "streaming" -> streaming(file, heap);
          case "workbook" -> workbook(file, heap);
          default -> throw new IllegalArgumentException("unknown reader " + reader);
        };
    return new Read((result[1] - start) / 1e9, heap.peak(), result[0]);
  }

  /** Rows read and the nanoTime the read ended; forces a collection before closing. */
  static long[] streaming(Path file, PeakLiveHeap heap) {
    long rows = 0;
    long chars = 0;
    long end;
    try (XlsxReader reader = XlsxReader.open(file, XlsxOptions.defaults())) {
      int width = reader.header().size();
      for (XlsxRow row : reader) {
        rows++;
        for (int c = 0; c < width; c++) {
          String v = row.get(c);
          chars += v == null ? 0 : v.length();
        }
      }
      end = System.nanoTime();
      heap.collectNow();
    }
    return new long[] {rows, end, chars};
  }

  /** The whole workbook in memory, each cell turned into the same text as the streaming reader. */
  static long[] workbook(Path file, PeakLiveHeap heap) {
    long rows = 0;
    long chars = 0;
    long end;
    try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        XSSFWorkbook wb = new XSSFWorkbook(pkg)) {
      Sheet sheet = wb.getSheetAt(0);
      int width = sheet.getRow(0).getLastCellNum();
      for (Row row : sheet) {
        if (row.getRowNum() == 0) {
          continue;
        }
        rows++;
        for (int c = 0; c < width; c++) {
          String v = text(row.getCell(c));
          chars += v == null ? 0 : v.length();
        }
      }
      end = System.nanoTime();
      heap.collectNow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
      throw new IllegalStateException(e);
    }
    return new long[] {rows, end, chars};
  }

  private static @Nullable String text(@Nullable Cell cell) {
    if (cell == null) {
      return null;
    }
    return switch (cell.getCellType()) {
      case NUMERIC -> {
        if (DateUtil.isCellDateFormatted(cell)) {
          yield cell.getLocalDateTimeCellValue().toLocalDate().toString();
        }
        double d = cell.getNumericCellValue();
        yield d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15
            ? Long.toString((long) d)
            : Double.toString(d);
      }
      case STRING -> cell.getStringCellValue().trim();
      case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
      default -> null;
    };
  }

  static String report(Path file, Map<String, Timing> timings) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n== xlsx ingestion, %s%n", file.getFileName()));
    sb.append(
        "| reader | rows | runs | median s | rows/s | peak live heap MB (max of runs) |"
            + " speed vs whole-workbook |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    Timing workbook = timings.get("workbook");
    for (Timing t : timings.values()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %d | %.2f | %,.0f | %d | %s |%n",
              t.reader(),
              t.rows(),
              t.seconds().size(),
              t.median(),
              t.rows() / t.median(),
              t.maxPeak() >> 20,
              workbook == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f×", workbook.median() / t.median())));
    }
    return sb.toString();
  }

  /**
   * The most heap in use after a garbage collection since the last reset: the live set, not the
   * garbage a young generation holds between collections.
   */
  static final class PeakLiveHeap {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();

    static PeakLiveHeap install() {
      PeakLiveHeap p = new PeakLiveHeap();
      Set<String> heapPools = new HashSet<>();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      NotificationListener listener =
          (notification, handback) -> {
            if (!notification
                .getType()
                .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
              return;
            }
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> u :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (heapPools.contains(u.getKey())) {
                used += u.getValue().getUsed();
              }
            }
            p.peak.accumulateAndGet(used, Math::max);
            p.collections.incrementAndGet();
          };
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(listener, null, null);
        }
      }
      return p;
    }

    void reset() {
      peak.set(0);
    }

    long peak() {
      return peak.get();
    }

    /** A full collection now; its notification arrives on another thread, so wait a little. */
    void collectNow() {
      long before = collections.get();
      System.gc();
      for (int i = 0; i < 100 && collections.get() == before; i++) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}

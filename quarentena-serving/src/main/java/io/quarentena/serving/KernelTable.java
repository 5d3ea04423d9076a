package io.quarentena.serving;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.exceptions.UnsupportedTableFeatureException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.quarentena.Channel;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table through Delta Kernel: its latest version (one log listing), the plan of a load (the
 * snapshot, the load date, the data files of that partition) and the load itself, streamed from
 * Kernel's column batches into the index builder.
 */
final class KernelTable {

  private static final Logger LOG = LoggerFactory.getLogger(KernelTable.class);

  static final String ID = "id_cliente";
  static final String CHANNEL = "canal";
  static final String CONTACT = "data_envio";
  static final String LAST_DAY = "saida_prevista";
  static final String LOAD_DATE = "data_carga";

  /** The columns a decision needs and their types, in the table's order, then the load date. */
  private static final Map<String, DataType> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put(ID, StringType.STRING);
    COLUMNS.put(CHANNEL, StringType.STRING);
    COLUMNS.put(CONTACT, DateType.DATE);
    COLUMNS.put(LAST_DAY, DateType.DATE);
    COLUMNS.put(LOAD_DATE, DateType.DATE);
  }

  private final Engine engine;
  private final String location;
  private final String tablePath;
  private final int readThreads;

  KernelTable(Engine engine, String location, String tablePath, int readThreads) {
    this.engine = engine;
    this.location = location;
    this.tablePath = tablePath;
    this.readThreads = readThreads;
  }

  /** What a load reads: a snapshot, one load date, and the data files of that partition. */
  record Plan(
      Snapshot snapshot,
      long commitWritten,
      Scan scan,
      LocalDate loadDate,
      List<Row> files,
      Set<String> fileKeys,
      long expectedRows) {
    long version() {
      return snapshot.getVersion();
    }
  }

  /** A finished load. */
  record Read(
      QuarantineIndex index,
      long version,
      long commitWritten,
      LocalDate loadDate,
      Set<String> fileKeys) {}

  /**
   * What one listing of {@code _delta_log} tells: the latest committed version, and when the commit
   * of a known version was written (-1 when it is gone: the table was deleted, or written anew).
   */
  record LogState(long latest, long latestWritten, long knownWritten) {}

  /** The latest committed version, from one listing of {@code _delta_log}. */
  long latestVersion() {
    return log(-1).latest();
  }

  /**
   * One listing of {@code _delta_log} from a known version on (from the start when it is -1). A log
   * without that version is listed again from the start.
   */
  LogState log(long known) {
    try {
      return listLog(known);
    } catch (IOException | RuntimeException e) {
      throw failure(null, null, e);
    }
  }

  private LogState listLog(long known) throws IOException {
    String log = tablePath + "/_delta_log/";
    long latest = -1;
    long latestWritten = -1;
    long knownWritten = -1;
    try (CloseableIterator<FileStatus> files =
        engine.getFileSystemClient().listFrom(log + String.format("%020d", Math.max(0, known)))) {
      while (files.hasNext()) {
        FileStatus file = files.next();
        long v = commitVersion(fileName(file.getPath()));
        if (v > latest) {
          latest = v;
          latestWritten = file.getModificationTime();
        }
        if (v >= 0 && v == known) {
          knownWritten = file.getModificationTime();
        }
      }
    } catch (FileNotFoundException e) {
      throw new SnapshotException(
          "there is no Delta table there ("
              + log
              + " does not exist). Check the location and that the quarantine job has written"
              + " the table.",
          e);
    }
    if (known > 0 && knownWritten < 0) {
      LogState all = listLog(-1);
      return new LogState(all.latest(), all.latestWritten(), -1);
    }
    if (latest < 0) {
      throw new SnapshotException(
          "there is no Delta table there (no commit in "
              + log
              + "). Check the location and that the quarantine job has written the table.");
    }
    return new LogState(latest, latestWritten, knownWritten);
  }

  /** The version of a commit file name ({@code 00000000000000000012.json}), or -1. */
  static long commitVersion(String name) {
    if (name.length() != 25 || !name.endsWith(".json")) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return Long.parseLong(name.substring(0, 20));
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /**
   * Plans a load: the snapshot (latest or a version), its schema checked, the load date (the
   * latest, or the one asked for) and that partition's data files.
   */
  Plan plan(@Nullable Long version, @Nullable LocalDate loadDate) {
    Snapshot snapshot = null;
    Long target = version;
    LocalDate date = loadDate;
    try {
      // Listed first, so every message names the version (a protocol failure too), and so a watcher
      // knows when the commit it serves was written.
      LogState log = listLog(version == null ? -1 : version);
      if (target == null) {
        target = log.latest();
      } else if (log.knownWritten() < 0) {
        throw new SnapshotException(
            "the table has no version " + version + " (its latest is " + log.latest() + ")");
      }
      long written = version == null ? log.latestWritten() : log.knownWritten();
      snapshot = TableManager.loadSnapshot(tablePath).atVersion(target).build(engine);
      checkSchema(snapshot);
      if (date == null) {
        date = latestLoadDate(snapshot);
      }
      Scan scan =
          snapshot
              .getScanBuilder()
              .withFilter(
                  new Predicate(
                      "=", new Column(LOAD_DATE), Literal.ofDate((int) date.toEpochDay())))
              .withReadSchema(readSchema(snapshot.getSchema()))
              .build();
      if (scan.getRemainingFilter().isPresent()) {
        throw new SnapshotException(
            "Kernel could not prune the scan to the data_carga partition ("
                + scan.getRemainingFilter().get()
                + " remains). Point to the table the quarantine job writes.");
      }
      List<Row> files = new ArrayList<>();
      Set<String> keys = new TreeSet<>();
      long expected = 0;
      try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine, true)) {
        while (batches.hasNext()) {
          try (CloseableIterator<Row> rows = batches.next().getRows()) {
            while (rows.hasNext()) {
              Row file = rows.next();
              files.add(file);
              DeletionVectorDescriptor dv =
                  InternalScanFileUtils.getDeletionVectorDescriptorFromRow(file);
              String path = InternalScanFileUtils.getAddFileStatus(file).getPath();
              keys.add(dv == null ? path : path + "#" + dv.getUniqueId());
              long records = records(file);
              expected =
                  expected < 0 || records < 0
                      ? -1
                      : expected + records - (dv == null ? 0 : dv.getCardinality());
            }
          }
        }
      }
      if (files.isEmpty()) {
        throw new SnapshotException(
            "no rows for data_carga "
                + date
                + " (no data file in that partition). Choose a load date the job has written; an"
                + " empty snapshot would let everyone be contacted, so it is never loaded"
                + " silently.");
      }
      return new Plan(snapshot, written, scan, date, files, keys, expected);
    } catch (RuntimeException | IOException e) {
      throw failure(target, date, e);
    }
  }

  /**
   * The four columns a decision reads, as the table's own fields: with column mapping their
   * metadata carries the physical names Kernel reads the files by.
   */
  private static StructType readSchema(StructType table) {
    StructType read = new StructType();
    for (String name : List.of(ID, CHANNEL, CONTACT, LAST_DAY)) {
      read = read.add(field(table, name));
    }
    return read;
  }

  private static StructField field(StructType table, String name) {
    for (StructField f : table.fields()) {
      if (f.getName().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new SnapshotException("it has no column '" + name + "'");
  }

  /** Plans and loads. */
  Read read(QuarantinePolicy policy, @Nullable Long version, @Nullable LocalDate loadDate) {
    return read(policy, plan(version, loadDate));
  }

  /** Loads a planned read into an index, reading its files on up to {@code readThreads} threads. */
  Read read(QuarantinePolicy policy, Plan plan) {
    long started = System.nanoTime();
    try {
      BatchSink sink = new BatchSink(policy, plan.loadDate(), plan.expectedRows());
      Row scanState = plan.scan().getScanState(engine);
      StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
      int readers = Math.max(1, Math.min(readThreads, plan.files().size()));
      if (readers == 1) {
        Map<String, Channel> channels = new HashMap<>();
        for (Row file : plan.files()) {
          String path = InternalScanFileUtils.getAddFileStatus(file).getPath();
          try (CloseableIterator<FilteredColumnarBatch> batches =
              logicalBatches(engine, scanState, physical, file)) {
            while (batches.hasNext()) {
              sink.accept(Rows.decode(batches.next(), path, channels, plan.loadDate()));
            }
          }
        }
      } else {
        new ParallelRead(engine, scanState, physical, plan, readers).into(sink);
      }
      long history =
          new KernelHistory(engine, location, tablePath).addTo(sink.builder, plan.loadDate());
      QuarantineIndex index = sink.build();
      LOG.info(
          "Loaded quarantine snapshot from {} version {}: data_carga {}, {} entries from {} files"
              + " ({} rows by their statistics, {} reader threads), {} history contacts in {} ms",
          location,
          plan.version(),
          plan.loadDate(),
          index.size(),
          plan.files().size(),
          plan.expectedRows() < 0 ? "?" : plan.expectedRows(),
          readers,
          history < 0 ? "no table of" : index.historySize(),
          (System.nanoTime() - started) / 1_000_000);
      return new Read(
          index, plan.version(), plan.commitWritten(), plan.loadDate(), plan.fileKeys());
    } catch (RuntimeException | IOException e) {
      throw failure(plan.version(), plan.loadDate(), e);
    }
  }

  /**
   * A data file's rows as Kernel's logical batches (partition values, deletion vectors applied).
   */
  static CloseableIterator<FilteredColumnarBatch> logicalBatches(
      Engine engine, Row scanState, StructType physical, Row file) throws IOException {
    FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
    CloseableIterator<ColumnarBatch> data =
        engine
            .getParquetHandler()
            .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
            .map(FileReadResult::getData);
    return Scan.transformPhysicalData(engine, scanState, file, data);
  }

  /** {@code numRecords} from the file's statistics, or -1 when the writer kept none. */
  private static long records(Row file) {
    Row add = file.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    int ordinal = add.getSchema().indexOf("stats");
    if (ordinal < 0 || add.isNullAt(ordinal)) {
      return -1;
    }
    String stats = add.getString(ordinal);
    int at = stats.indexOf("\"numRecords\":");
    if (at < 0) {
      return -1;
    }
    int i = at + "\"numRecords\":".length();
    long n = 0;
    int digits = 0;
    while (i < stats.length() && Character.isDigit(stats.charAt(i))) {
      n = n * 10 + (stats.charAt(i++) - '0');
      digits++;
    }
    return digits == 0 ? -1 : n;
  }

  private void checkSchema(Snapshot snapshot) {
    StructType schema = snapshot.getSchema();
    Map<String, StructField> fields = new HashMap<>();
    for (StructField f : schema.fields()) {
      fields.put(f.getName().toLowerCase(Locale.ROOT), f);
    }
    for (Map.Entry<String, DataType> c : COLUMNS.entrySet()) {
      StructField f = fields.get(c.getKey());
      if (f == null) {
        throw new SnapshotException(
            "it has no column '"
                + c.getKey()
                + "' (its columns: "
                + String.join(", ", schema.fieldNames())
                + "). Point to the table the quarantine job writes (quarentena_global).");
      }
      if (!f.getDataType().equivalent(c.getValue())) {
        throw new SnapshotException(
            "column '"
                + c.getKey()
                + "' is "
                + f.getDataType()
                + ", expected "
                + c.getValue()
                + ". Point to the table the quarantine job writes (quarentena_global).");
      }
    }
    boolean partitioned =
        snapshot.getPartitionColumnNames().stream().anyMatch(p -> p.equalsIgnoreCase(LOAD_DATE));
    if (!partitioned) {
      throw new SnapshotException(
          "it is not partitioned by data_carga (partition columns: "
              + snapshot.getPartitionColumnNames()
              + "), so one load date cannot be read alone. Point to the table the quarantine job"
              + " writes (partitioned by data_carga, canal).");
    }
  }

  /** The latest {@code data_carga} with a data file, from the log alone (partition values). */
  private LocalDate latestLoadDate(Snapshot snapshot) throws IOException {
    StructField field = field(snapshot.getSchema(), LOAD_DATE);
    String physical = ColumnMapping.getPhysicalName(field);
    Scan all = snapshot.getScanBuilder().withReadSchema(new StructType().add(field)).build();
    String latest = null;
    try (CloseableIterator<FilteredColumnarBatch> batches = all.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            String value = InternalScanFileUtils.getPartitionValues(rows.next()).get(physical);
            if (value != null && (latest == null || value.compareTo(latest) > 0)) {
              latest = value;
            }
          }
        }
      }
    }
    if (latest == null) {
      throw new SnapshotException(
          "the table is empty. Run the quarantine job for a load date first; an empty snapshot"
              + " would let everyone be contacted, so it is never loaded silently.");
    }
    return LocalDate.parse(latest);
  }

  /**
   * A batch of rows decoded from one of Kernel's column batches: the four values a decision needs,
   * deleted rows left out. Decoding (Parquet, UTF-8) is what reader threads do; adding to the index
   * is the one thread's work.
   */
  static final class Rows {
    final String file;
    final String[] ids;
    final Channel[] channels;
    final int[] sent;
    final int[] last; // QuarantineIndex.Builder.NO_LAST_DAY: open-ended
    int size;

    private Rows(String file, int capacity) {
      this.file = file;
      this.ids = new String[capacity];
      this.channels = new Channel[capacity];
      this.sent = new int[capacity];
      this.last = new int[capacity];
    }

    /**
     * Decodes a batch; {@code channels} interns channel ids (one map per thread).
     *
     * @throws SnapshotException naming the row and file of a null {@code canal} or {@code
     *     data_envio}
     */
    static Rows decode(
        FilteredColumnarBatch filtered,
        String file,
        Map<String, Channel> channels,
        LocalDate loadDate) {
      ColumnarBatch batch = filtered.getData();
      ColumnVector selection = filtered.getSelectionVector().orElse(null);
      ColumnVector ids = batch.getColumnVector(0);
      ColumnVector canal = batch.getColumnVector(1);
      ColumnVector sent = batch.getColumnVector(2);
      ColumnVector last = batch.getColumnVector(3);
      int size = batch.getSize();
      Rows rows = new Rows(file, size);
      for (int i = 0; i < size; i++) {
        if (selection != null && (selection.isNullAt(i) || !selection.getBoolean(i))) {
          continue; // deleted by a deletion vector
        }
        String id = ids.isNullAt(i) ? null : ids.getString(i);
        if (canal.isNullAt(i) || sent.isNullAt(i)) {
          throw badRow(
              id, file, (canal.isNullAt(i) ? "canal" : "data_envio") + " is null", loadDate, null);
        }
        int at = rows.size++;
        rows.ids[at] = id;
        rows.channels[at] = channels.computeIfAbsent(canal.getString(i), Channel::of);
        rows.sent[at] = sent.getInt(i);
        rows.last[at] = last.isNullAt(i) ? QuarantineIndex.Builder.NO_LAST_DAY : last.getInt(i);
      }
      return rows;
    }
  }

  static SnapshotException badRow(
      @Nullable String id, String file, String why, LocalDate loadDate, @Nullable Throwable cause) {
    return rowFailure("row of id_cliente '" + id + "' in " + file, why, loadDate, cause);
  }

  /**
   * A row that cannot be loaded: where it is, why, and what to do ({@code where} names the file
   * and, when known, the row).
   */
  static SnapshotException rowFailure(
      String where, String why, LocalDate loadDate, @Nullable Throwable cause) {
    return new SnapshotException(
        where + ": " + why + ". Fix the row, or rerun the job for data_carga " + loadDate + ".",
        cause);
  }

  /** Adds decoded rows to the index builder: primitive values, no row objects kept. */
  private static final class BatchSink {
    private final QuarantineIndex.Builder builder;
    private final LocalDate loadDate;
    private long rows;

    /** {@code expectedRows}: the rows by the files' statistics (sizes the index once), or -1. */
    BatchSink(QuarantinePolicy policy, LocalDate loadDate, long expectedRows) {
      this.builder = QuarantineIndex.builder(policy, loadDate);
      if (expectedRows > 0) {
        builder.expectEntries(expectedRows);
      }
      this.loadDate = loadDate;
    }

    void accept(Rows batch) {
      try {
        builder.addAll(batch.ids, batch.channels, batch.sent, batch.last, batch.size);
      } catch (IllegalArgumentException e) {
        throw rowFailure("in " + batch.file, e.getMessage(), loadDate, e);
      }
      rows += batch.size;
    }

    QuarantineIndex build() {
      if (rows == 0) {
        throw new SnapshotException(
            "no rows for data_carga "
                + loadDate
                + " (its files hold no live row). Choose a load date the job has written; an"
                + " empty snapshot would let everyone be contacted, so it is never loaded"
                + " silently.");
      }
      try {
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw new SnapshotException(e.getMessage() + ". Rerun the job for this load date.", e);
      }
    }
  }

  /**
   * The files of a load read on several threads, their decoded rows handed to the calling thread
   * through a small bounded queue (a few batches in flight, never a file's worth): reading and
   * decoding overlap with adding to the index. The first failure stops the others and is thrown.
   */
  private static final class ParallelRead {
    private static final Object DONE = new Object();

    private final Engine engine;
    private final Row scanState;
    private final StructType physical;
    private final Plan plan;
    private final int readers;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(64);
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean stopped;

    ParallelRead(Engine engine, Row scanState, StructType physical, Plan plan, int readers) {
      this.engine = engine;
      this.scanState = scanState;
      this.physical = physical;
      this.plan = plan;
      this.readers = readers;
    }

    void into(BatchSink sink) {
      AtomicInteger threadNumber = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              readers,
              r -> {
                Thread t =
                    new Thread(r, "quarentena-kernel-read-" + threadNumber.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        for (int i = 0; i < readers; i++) {
          pool.execute(this::readFiles);
        }
        int done = 0;
        while (done < readers) {
          Object item = queue.take();
          if (item == DONE) {
            done++;
          } else if (item instanceof Throwable failure) {
            throw failure instanceof RuntimeException r
                ? r
                : new UncheckedIOException(
                    failure instanceof IOException io ? io : new IOException(failure));
          } else {
            sink.accept((Rows) item);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading the snapshot", e);
      } finally {
        stopped = true;
        pool.shutdownNow();
      }
    }

    private void readFiles() {
      Map<String, Channel> channels = new HashMap<>();
      try {
        for (int f = next.getAndIncrement(); f < plan.files().size() && !stopped; ) {
          Row file = plan.files().get(f);
          String path = InternalScanFileUtils.getAddFileStatus(file).getPath();
          try (CloseableIterator<FilteredColumnarBatch> batches =
              logicalBatches(engine, scanState, physical, file)) {
            while (batches.hasNext() && !stopped) {
              queue.put(Rows.decode(batches.next(), path, channels, plan.loadDate()));
            }
          }
          f = next.getAndIncrement();
        }
        queue.put(DONE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stopped: the caller has what it needs
      } catch (Throwable t) {
        stopped = true;
        try {
          // Blocking, never offer: a full queue would drop the failure and leave the caller
          // waiting for this reader forever. The caller takes it (it takes until every reader has
          // reported), or has already left and shut the pool down, which interrupts this put.
          queue.put(t);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** The one place failures become messages: the table, the version, the load date, the cause. */
  private IllegalStateException failure(
      @Nullable Long version, @Nullable LocalDate date, Throwable e) {
    String where =
        "cannot load the quarantine snapshot from "
            + location
            + (version == null ? "" : " version " + version)
            + (date == null ? "" : " data_carga " + date);
    if (e instanceof SnapshotException) {
      return new IllegalStateException(where + ": " + e.getMessage(), e.getCause());
    }
    if (e instanceof UnsupportedTableFeatureException u) {
      return new IllegalStateException(
          where
              + ": the table uses a Delta feature this reader (Delta Kernel) cannot read: "
              + firstLine(u)
              + ". Upgrade delta-kernel-api/-defaults to a version that supports it, or drop the"
              + " feature from the table (ALTER TABLE ... DROP FEATURE).",
          e);
    }
    if (e instanceof TableNotFoundException) {
      return new IllegalStateException(
          where
              + ": there is no Delta table there ("
              + firstLine(e)
              + "). Check the location and that the quarantine job has written the table.",
          e);
    }
    if (e instanceof UncheckedIOException && e.getCause() instanceof FileNotFoundException) {
      e = e.getCause();
    }
    String hint =
        e instanceof KernelException
            ? ". Check the version and that the table's log is complete."
            : ". Check that the table exists and is readable with these credentials; if its files"
                + " are damaged, load a good version with version(n) or RESTORE the table.";
    return new IllegalStateException(where + ": " + firstLine(e) + hint, e);
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String line = message.lines().findFirst().orElse(message);
    if (root != e && root.getMessage() != null) {
      String cause = root.getMessage().lines().findFirst().orElse("");
      if (!line.contains(cause)) {
        line += " (cause: " + root.getClass().getSimpleName() + ": " + cause + ")";
      }
    }
    return line.replaceAll("[.\\s]+$", "");
  }

  /** A failure whose message already says what to do. */
  static final class SnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SnapshotException(String message) {
      super(message);
    }

    SnapshotException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

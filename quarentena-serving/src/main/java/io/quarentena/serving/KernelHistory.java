package io.quarentena.serving;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineIndex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history companion table beside the quarantine table ({@code <table>_contatos}, written by the
 * job with each load) through Delta Kernel: the rows of one load date added to a snapshot with
 * {@link QuarantineIndex.Builder#addHistory}, so that live sends complete frequency caps over the
 * contacts the load had already counted. A missing companion table is no error: the snapshot then
 * carries no history (logged once per location at INFO).
 */
final class KernelHistory {

  private static final Logger LOG = LoggerFactory.getLogger(KernelHistory.class);

  /** What the companion table's name adds to the quarantine table's. */
  static final String SUFFIX = "_contatos";

  /** The columns read, in the table's order, and their types. */
  private static final Map<String, DataType> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("id_cliente", StringType.STRING);
    COLUMNS.put("canal", StringType.STRING);
    COLUMNS.put("data_envio", DateType.DATE);
    COLUMNS.put("id_envio", StringType.STRING);
    COLUMNS.put("email", StringType.STRING);
    COLUMNS.put("telefone", StringType.STRING);
    COLUMNS.put("assunto", StringType.STRING);
    COLUMNS.put("categoria", StringType.STRING);
  }

  private static final String LOAD_DATE = "data_carga";

  /** The locations whose missing companion has been logged. */
  private static final Set<String> MISSING_LOGGED = ConcurrentHashMap.newKeySet();

  private final Engine engine;
  private final String location;
  private final String tablePath;

  /**
   * The companion of a quarantine table.
   *
   * @param engine the engine
   * @param quarantineLocation the quarantine table's location, as given (for messages)
   * @param quarantinePath the quarantine table's path, as Kernel resolves it
   */
  KernelHistory(Engine engine, String quarantineLocation, String quarantinePath) {
    this.engine = engine;
    this.location = strip(quarantineLocation) + SUFFIX;
    this.tablePath = strip(quarantinePath) + SUFFIX;
  }

  private static String strip(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The companion's location, for messages. */
  String location() {
    return location;
  }

  /**
   * Adds the history rows of a load date to a snapshot being built.
   *
   * @param builder the snapshot's builder
   * @param loadDate the load date served
   * @return the number of rows read, or -1 when there is no companion table
   * @throws KernelTable.SnapshotException naming the companion table and the column or row at fault
   */
  long addTo(QuarantineIndex.Builder builder, LocalDate loadDate) {
    Snapshot snapshot = snapshot();
    if (snapshot == null) {
      if (MISSING_LOGGED.add(tablePath)) {
        LOG.info(
            "No history table {} beside the quarantine table: snapshots carry no history, so a"
                + " live send completes a frequency cap only with other live sends",
            location);
      }
      return -1;
    }
    StructType read = readSchema(snapshot.getSchema());
    Scan scan =
        snapshot
            .getScanBuilder()
            .withFilter(
                new Predicate(
                    "=", new Column(LOAD_DATE), Literal.ofDate((int) loadDate.toEpochDay())))
            .withReadSchema(read)
            .build();
    long rows = 0;
    Map<String, Channel> channels = new HashMap<>();
    try {
      Row scanState = scan.getScanState(engine);
      StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
        while (files.hasNext()) {
          try (CloseableIterator<Row> fileRows = files.next().getRows()) {
            while (fileRows.hasNext()) {
              Row file = fileRows.next();
              FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
              try (CloseableIterator<FilteredColumnarBatch> logical =
                  KernelTable.logicalBatches(engine, scanState, physical, file)) {
                while (logical.hasNext()) {
                  rows += add(builder, logical.next(), status.getPath(), channels, loadDate);
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private long add(
      QuarantineIndex.Builder builder,
      FilteredColumnarBatch filtered,
      String file,
      Map<String, Channel> channels,
      LocalDate loadDate) {
    ColumnarBatch batch = filtered.getData();
    ColumnVector selection = filtered.getSelectionVector().orElse(null);
    ColumnVector[] v = new ColumnVector[COLUMNS.size()];
    for (int c = 0; c < v.length; c++) {
      v[c] = batch.getColumnVector(c);
    }
    long rows = 0;
    for (int i = 0; i < batch.getSize(); i++) {
      if (selection != null && (selection.isNullAt(i) || !selection.getBoolean(i))) {
        continue; // deleted by a deletion vector
      }
      String id = text(v[0], i);
      try {
        String canal = text(v[1], i);
        if (canal == null) {
          throw new IllegalArgumentException("canal is null");
        }
        if (v[2].isNullAt(i)) {
          throw new IllegalArgumentException("data_envio is null");
        }
        builder.addHistory(
            ContactEvent.builder(
                    id,
                    channels.computeIfAbsent(canal, Channel::of),
                    LocalDate.ofEpochDay(v[2].getInt(i)))
                .sendId(text(v[3], i))
                .email(text(v[4], i))
                .phone(text(v[5], i))
                .subject(text(v[6], i))
                .category(text(v[7], i))
                .build());
      } catch (IllegalArgumentException e) {
        throw KernelTable.rowFailure(
            "history row of id_cliente '"
                + id
                + "' in "
                + file
                + " of the history table "
                + location,
            e.getMessage(),
            loadDate,
            e);
      }
      rows++;
    }
    return rows;
  }

  private static @Nullable String text(ColumnVector v, int i) {
    return v.isNullAt(i) ? null : v.getString(i);
  }

  /** The companion's latest snapshot, or null when there is no table there. */
  private @Nullable Snapshot snapshot() {
    try {
      engine.getFileSystemClient().listFrom(tablePath + "/_delta_log/" + "0".repeat(20)).close();
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return TableManager.loadSnapshot(tablePath).build(engine);
    } catch (TableNotFoundException e) {
      return null;
    }
  }

  /** The columns read, as the table's own fields, after checking their types. */
  private StructType readSchema(StructType schema) {
    Map<String, StructField> fields = new HashMap<>();
    for (StructField f : schema.fields()) {
      fields.put(f.getName().toLowerCase(Locale.ROOT), f);
    }
    StructType read = new StructType();
    for (Map.Entry<String, DataType> c : COLUMNS.entrySet()) {
      StructField f = fields.get(c.getKey());
      if (f == null) {
        throw new KernelTable.SnapshotException(
            "the history table "
                + location
                + " has no column '"
                + c.getKey()
                + "' (its columns: "
                + String.join(", ", schema.fieldNames())
                + "). Point the job's output here, or drop that table: it must be the one the job"
                + " writes beside the quarantine table ("
                + String.join(", ", COLUMNS.keySet())
                + ", data_carga).");
      }
      if (!f.getDataType().equivalent(c.getValue())) {
        throw new KernelTable.SnapshotException(
            "column '"
                + c.getKey()
                + "' of the history table "
                + location
                + " is "
                + f.getDataType()
                + ", expected "
                + c.getValue()
                + ". It must be the table the job writes beside the quarantine table.");
      }
      read = read.add(f);
    }
    if (!fields.containsKey(LOAD_DATE)) {
      throw new KernelTable.SnapshotException(
          "the history table " + location + " has no column 'data_carga'");
    }
    return read;
  }

  /** The columns read, for tests and messages. */
  static List<String> columns() {
    return List.copyOf(COLUMNS.keySet());
  }
}

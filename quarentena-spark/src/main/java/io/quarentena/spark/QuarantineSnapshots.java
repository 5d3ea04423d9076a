package io.quarentena.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a {@link QuarantineIndex} snapshot from the Delta table {@code quarentena_global}: the
 * latest {@code data_carga} (the default), a given one, or as of a table version. It reads only the
 * columns a decision needs ({@code id_cliente, canal, data_envio, saida_prevista}) of one {@code
 * data_carga} partition, and streams the rows to the driver one partition at a time into the
 * snapshot's primitive arrays.
 *
 * <pre>{@code
 * QuarantineSnapshots table = QuarantineSnapshots.from(spark, "main.crm.quarentena_global");
 * Quarantine quarantine = Quarantine.builder().build();
 * quarantine.refresh(() -> table.load(policy));                      // latest data_carga
 * QuarantineIndex past = table.loadDate(LocalDate.parse("2024-05-28")).load(policy);
 * QuarantineIndex asOf = table.version(42).load(policy);             // time travel
 * }</pre>
 *
 * <p>When the history companion table ({@link HistoryTable}, {@code <table>_contatos}) exists, the
 * rows of the load date (from its latest version) are loaded too, as the snapshot's history;
 * without it the snapshot carries no history, which is no error.
 *
 * <p>Any failure (missing or corrupt table, missing column, bad row, no rows for the load date) is
 * an {@link IllegalStateException} naming the table, what went wrong and what to do, so {@link
 * io.quarentena.Quarantine#refresh} keeps serving the last good snapshot and reports why.
 */
public final class QuarantineSnapshots {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineSnapshots.class);

  /** A Unity Catalog three-part name, a two-part or a plain metastore name. */
  private static final Pattern TABLE_NAME =
      Pattern.compile("(`[^`]+`|[A-Za-z0-9_]+)(\\.(`[^`]+`|[A-Za-z0-9_]+)){0,2}");

  /** The columns read, in the table's order (so messages name the first missing one). */
  private static final Map<String, DataType> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("id_cliente", DataTypes.StringType);
    COLUMNS.put("canal", DataTypes.StringType);
    COLUMNS.put("data_envio", DataTypes.DateType);
    COLUMNS.put("saida_prevista", DataTypes.DateType);
    COLUMNS.put("data_carga", DataTypes.DateType);
  }

  /** The history columns read, in the companion table's order. */
  private static final Map<String, DataType> HISTORY_COLUMNS = new LinkedHashMap<>();

  static {
    for (StructField f : HistoryTable.schema().fields()) {
      HISTORY_COLUMNS.put(f.name(), f.dataType());
    }
  }

  /** The companions whose absence has been logged. */
  private static final Set<String> MISSING_LOGGED = ConcurrentHashMap.newKeySet();

  private final SparkSession spark;
  private final String table;
  private final @Nullable LocalDate loadDate;
  private final @Nullable Long version;
  private final boolean isPath;

  private QuarantineSnapshots(
      SparkSession spark,
      String table,
      boolean isPath,
      @Nullable LocalDate loadDate,
      @Nullable Long version) {
    this.spark = spark;
    this.table = table;
    this.isPath = isPath;
    this.loadDate = loadDate;
    this.version = version;
  }

  /**
   * The quarantine table: a path ({@code s3://…}, {@code /mnt/…}, {@code dbfs:/…}, anything with a
   * {@code /}) or a table name ({@code catalog.database.quarentena_global}).
   *
   * @param spark the session
   * @param table a path or a table name
   * @return a loader for the latest {@code data_carga} of the current version
   */
  public static QuarantineSnapshots from(SparkSession spark, String table) {
    if (spark == null) {
      throw new IllegalArgumentException("spark must not be null");
    }
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException(
          "table must be a path or a name such as catalog.database.quarentena_global, got: '"
              + table
              + "'");
    }
    return of(spark, table, QuarantineTable.isPath(table));
  }

  /** The loader of a table whose caller knows whether it is a path ({@link QuarantineTable}). */
  static QuarantineSnapshots of(SparkSession spark, String table, boolean isPath) {
    if (!isPath && !TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "invalid table '"
              + table
              + "': expected a path (with a '/') or a name of one to three parts of letters,"
              + " digits and '_' (or `quoted`), such as catalog.database.quarentena_global");
    }
    return new QuarantineSnapshots(spark, table, isPath, null, null);
  }

  /**
   * Loads this {@code data_carga} instead of the latest.
   *
   * @param value the load date
   * @return a new loader
   */
  public QuarantineSnapshots loadDate(LocalDate value) {
    if (value == null) {
      throw new IllegalArgumentException("loadDate must not be null");
    }
    return new QuarantineSnapshots(spark, table, isPath, value, version);
  }

  /**
   * Loads the latest {@code data_carga} (the default).
   *
   * @return a new loader
   */
  public QuarantineSnapshots latestLoadDate() {
    return new QuarantineSnapshots(spark, table, isPath, null, version);
  }

  /**
   * Reads the table as of a Delta version (time travel), for example to reproduce what a past run
   * answered.
   *
   * @param value the table version, zero or more
   * @return a new loader
   */
  public QuarantineSnapshots version(long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "invalid version: '" + value + "'; expected a Delta table version, zero or more");
    }
    return new QuarantineSnapshots(spark, table, isPath, loadDate, value);
  }

  /**
   * Loads the snapshot.
   *
   * @param policy the policy whose scopes and exemptions the snapshot applies
   * @return the snapshot
   * @throws IllegalStateException naming the table, the problem and the fix
   */
  public QuarantineIndex load(QuarantinePolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    long started = System.nanoTime();
    LocalDate date = loadDate;
    try {
      Dataset<Row> all = table();
      checkSchema(all.schema());
      if (date == null) {
        date = latest(all);
      }
      QuarantineIndex index = build(policy, date, rows(all, date));
      LOG.info(
          "Loaded quarantine snapshot from {}{}: data_carga {}, {} entries, {} history contacts"
              + " in {} ms",
          table,
          version == null ? "" : " version " + version,
          date,
          index.size(),
          index.historySize(),
          (System.nanoTime() - started) / 1_000_000);
      return index;
    } catch (SnapshotException e) {
      throw new IllegalStateException(describe(date) + ": " + e.getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(
          describe(date)
              + ": "
              + firstLine(e)
              + ". Check that the table exists and that the job has written it; if its files are"
              + " damaged, load a good version with version(n) or RESTORE the table.",
          e);
    }
  }

  /** The rows of one load date with only the columns a decision needs, dates as epoch days. */
  Dataset<Row> rows(Dataset<Row> all, LocalDate date) {
    return all.where(col("data_carga").equalTo(lit(java.sql.Date.valueOf(date))))
        .select(
            col("id_cliente"),
            col("canal"),
            expr("unix_date(data_envio)").as("envio"),
            expr("unix_date(saida_prevista)").as("saida"));
  }

  Dataset<Row> table() {
    if (isPath) {
      var reader = spark.read().format("delta");
      if (version != null) {
        reader = reader.option("versionAsOf", version);
      }
      return reader.load(table);
    }
    return version == null
        ? spark.table(table)
        : spark.sql("SELECT * FROM " + table + " VERSION AS OF " + version);
  }

  private void checkSchema(StructType schema) {
    Map<String, StructField> fields = new HashMap<>();
    for (StructField f : schema.fields()) {
      fields.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    for (Map.Entry<String, DataType> c : COLUMNS.entrySet()) {
      StructField f = fields.get(c.getKey());
      if (f == null) {
        throw new SnapshotException(
            "it has no column '"
                + c.getKey()
                + "' (its columns: "
                + String.join(", ", schema.fieldNames())
                + "). Point to the table QuarantineJob writes (the schema of docs/rules.md).");
      }
      if (!f.dataType().equals(c.getValue())) {
        throw new SnapshotException(
            "column '"
                + c.getKey()
                + "' is "
                + f.dataType().simpleString()
                + ", expected "
                + c.getValue().simpleString()
                + ". Point to the table QuarantineJob writes (the schema of docs/rules.md).");
      }
    }
  }

  private static LocalDate latest(Dataset<Row> all) {
    Row row = all.agg(max(col("data_carga"))).first();
    if (row.isNullAt(0)) {
      throw new SnapshotException(
          "the table is empty. Run the quarantine job for a load date first; an empty snapshot"
              + " would let everyone be contacted, so it is never loaded silently.");
    }
    return ((java.sql.Date) row.get(0)).toLocalDate();
  }

  private static void addAll(
      QuarantineIndex.Builder builder,
      String[] ids,
      Channel[] channels,
      int[] sent,
      int[] last,
      int n) {
    try {
      builder.addAll(ids, channels, sent, last, n);
    } catch (IllegalArgumentException e) {
      throw new SnapshotException(
          e.getMessage() + ". Fix the row, or rerun the job for this load date.", e);
    }
  }

  /** Rows handed to the builder at once ({@link QuarantineIndex.Builder#addAll}). */
  private static final int BATCH = 1024;

  private QuarantineIndex build(QuarantinePolicy policy, LocalDate date, Dataset<Row> rows) {
    QuarantineIndex.Builder builder = QuarantineIndex.builder(policy, date);
    Map<String, Channel> channels = new HashMap<>();
    String[] ids = new String[BATCH];
    Channel[] canais = new Channel[BATCH];
    int[] sent = new int[BATCH];
    int[] last = new int[BATCH];
    int n = 0;
    long count = 0;
    Iterator<Row> it = rows.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      if (r.isNullAt(1) || r.isNullAt(2)) {
        throw new SnapshotException(
            "row of id_cliente '"
                + (r.isNullAt(0) ? null : r.getString(0))
                + "': "
                + (r.isNullAt(1) ? "canal" : "data_envio")
                + " is null. Fix the row, or rerun the job for this load date.");
      }
      ids[n] = r.isNullAt(0) ? null : r.getString(0);
      canais[n] = channels.computeIfAbsent(r.getString(1), Channel::of);
      sent[n] = r.getInt(2);
      last[n] = r.isNullAt(3) ? QuarantineIndex.Builder.NO_LAST_DAY : r.getInt(3);
      count++;
      if (++n == BATCH) {
        addAll(builder, ids, canais, sent, last, n);
        n = 0;
      }
    }
    addAll(builder, ids, canais, sent, last, n);
    if (count == 0) {
      throw new SnapshotException(
          "no rows for data_carga "
              + date
              + ". Choose a load date the job has written; an empty snapshot would let everyone be"
              + " contacted, so it is never loaded silently.");
    }
    addHistory(builder, date);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new SnapshotException(e.getMessage() + ". Rerun the job for this load date.", e);
    }
  }

  /**
   * Adds the rows of the load date from the history companion table ({@link HistoryTable}, its
   * latest version), when there is one: without it the snapshot carries no history (logged once at
   * INFO).
   */
  private void addHistory(QuarantineIndex.Builder builder, LocalDate date) {
    HistoryTable history = HistoryTable.beside(spark, table);
    String companion = history.location();
    if (!history.exists()) {
      if (MISSING_LOGGED.add(companion)) {
        LOG.info(
            "No history table {} beside the quarantine table: snapshots carry no history, so a"
                + " live send completes a frequency cap only with other live sends",
            companion);
      }
      return;
    }
    Dataset<Row> all = history.read();
    Map<String, StructField> fields = new HashMap<>();
    for (StructField f : all.schema().fields()) {
      fields.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    for (Map.Entry<String, DataType> c : HISTORY_COLUMNS.entrySet()) {
      StructField f = fields.get(c.getKey());
      if (f == null || !f.dataType().equals(c.getValue())) {
        throw new SnapshotException(
            "the history table "
                + companion
                + (f == null
                    ? " has no column '" + c.getKey() + "'"
                    : " has column '"
                        + c.getKey()
                        + "' of type "
                        + f.dataType().simpleString()
                        + ", expected "
                        + c.getValue().simpleString())
                + " (its columns: "
                + String.join(", ", all.schema().fieldNames())
                + "). It must be the table the job writes beside the quarantine table.");
      }
    }
    Dataset<Row> rows =
        all.where(col("data_carga").equalTo(lit(java.sql.Date.valueOf(date))))
            .select(
                col("id_cliente"),
                col("canal"),
                expr("unix_date(data_envio)").as("envio"),
                col("id_envio"),
                col("email"),
                col("telefone"),
                col("assunto"),
                col("categoria"));
    Map<String, Channel> channels = new HashMap<>();
    Iterator<Row> it = rows.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      String id = r.isNullAt(0) ? null : r.getString(0);
      try {
        if (r.isNullAt(1)) {
          throw new IllegalArgumentException("canal is null");
        }
        if (r.isNullAt(2)) {
          throw new IllegalArgumentException("data_envio is null");
        }
        builder.addHistory(
            ContactEvent.builder(
                    id,
                    channels.computeIfAbsent(r.getString(1), Channel::of),
                    LocalDate.ofEpochDay(r.getInt(2)))
                .sendId(r.isNullAt(3) ? null : r.getString(3))
                .email(r.isNullAt(4) ? null : r.getString(4))
                .phone(r.isNullAt(5) ? null : r.getString(5))
                .subject(r.isNullAt(6) ? null : r.getString(6))
                .category(r.isNullAt(7) ? null : r.getString(7))
                .build());
      } catch (IllegalArgumentException e) {
        throw new SnapshotException(
            "history row of id_cliente '"
                + id
                + "' in "
                + companion
                + ": "
                + e.getMessage()
                + ". Fix the row, or rerun the job for this load date.",
            e);
      }
    }
  }

  private String describe(@Nullable LocalDate date) {
    return "cannot load the quarantine snapshot from "
        + table
        + (version == null ? "" : " version " + version)
        + (date == null ? "" : " data_carga " + date);
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
        line += " (cause: " + cause + ")";
      }
    }
    return line.replaceAll("[.\\s]+$", "");
  }

  /** A failure whose message already says what to do. */
  private static final class SnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SnapshotException(String message) {
      super(message);
    }

    SnapshotException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

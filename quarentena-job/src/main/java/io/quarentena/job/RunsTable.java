package io.quarentena.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.quarentena.spark.AppendTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail: one row per job run, appended whether the run succeeded or failed — the load
 * date, when it ran, the outcome and error, the policy and a fingerprint of its rules, every source
 * (location, size, checksum where known, read/accepted/rejected, or carried forward, and the
 * summary's warnings) and every channel's count in quarantine. A Delta table, so it is queried like
 * the others:
 *
 * <pre>{@code
 * RunsTable runs = RunsTable.of(spark, "main.quarentena.quarentena_execucoes");
 * runs.read().where("resultado = 'FAILED'").show();
 * }</pre>
 *
 * <p>The truncation guard of the job compares a run's counts per channel with the last successful
 * run that read the channel ({@link #lastReadByChannel}).
 */
public final class RunsTable {

  // Fields inside the arrays are nullable in the schema: Delta 4 refuses NOT NULL nested in
  // arrays (DELTA_NESTED_NOT_NULL_CONSTRAINT) and Delta 3 never enforced it. SourceRun and
  // ChannelRun check the required ones before anything is written.
  private static final StructType SOURCE =
      new StructType()
          .add("fonte", DataTypes.StringType, true)
          .add("canal", DataTypes.StringType, true)
          .add("formato", DataTypes.StringType, true)
          .add("local", DataTypes.StringType, true)
          .add("situacao", DataTypes.StringType, true)
          .add("lidos", DataTypes.LongType, true)
          .add("aceitos", DataTypes.LongType, true)
          .add("rejeitados", DataTypes.LongType, true)
          .add("bytes", DataTypes.LongType, true)
          .add("checksum", DataTypes.StringType, true)
          .add("detalhe", DataTypes.StringType, true)
          .add("avisos", DataTypes.createArrayType(DataTypes.StringType, true), true);

  private static final StructType CHANNEL =
      new StructType()
          .add("canal", DataTypes.StringType, true)
          .add("em_quarentena", DataTypes.LongType, true)
          .add("carregado_de", DataTypes.DateType, true);

  private static final StructType SCHEMA =
      new StructType()
          .add("execucao", DataTypes.StringType, false)
          .add("data_carga", DataTypes.DateType, false)
          .add("inicio", DataTypes.TimestampType, false)
          .add("fim", DataTypes.TimestampType, false)
          .add("resultado", DataTypes.StringType, false)
          .add("erro", DataTypes.StringType, true)
          .add("politica", DataTypes.StringType, true)
          .add("regras", DataTypes.StringType, true)
          .add("fontes", DataTypes.createArrayType(SOURCE, true), true)
          .add("canais", DataTypes.createArrayType(CHANNEL, true), true);

  /**
   * A source's part of a run.
   *
   * @param source the source's name ({@code fonte})
   * @param channel its channel ({@code canal}), or null when rows carry it
   * @param format its format ({@code formato})
   * @param location where it was read ({@code local})
   * @param status {@code READ}, {@code CARRIED_FORWARD} or {@code NOT_COMPLETED} ({@code situacao})
   * @param read rows read ({@code lidos}), or null when not read
   * @param accepted rows accepted ({@code aceitos})
   * @param rejected rows rejected ({@code rejeitados})
   * @param bytes the file's size ({@code bytes}), where known
   * @param checksum the file's checksum, where known
   * @param detail why it was carried forward ({@code detalhe})
   * @param warnings the summary's warnings for the source ({@code avisos}): a numeric id column,
   *     undecodable text
   */
  public record SourceRun(
      String source,
      @Nullable String channel,
      @Nullable String format,
      @Nullable String location,
      String status,
      @Nullable Long read,
      @Nullable Long accepted,
      @Nullable Long rejected,
      @Nullable Long bytes,
      @Nullable String checksum,
      @Nullable String detail,
      List<String> warnings) {

    /** Checks the required fields and copies the warnings. */
    public SourceRun {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(status, "status");
      warnings = List.copyOf(warnings);
    }
  }

  /** A channel's part of a run: entries in quarantine, and the load date they were carried from. */
  public record ChannelRun(String channel, long inQuarantine, @Nullable LocalDate carriedFrom) {}

  /** One run. */
  public record Run(
      String runId,
      LocalDate loadDate,
      Instant startedAt,
      Instant finishedAt,
      boolean succeeded,
      @Nullable String error,
      @Nullable String policy,
      @Nullable String rulesFingerprint,
      List<SourceRun> sources,
      List<ChannelRun> channels) {

    /** Copies the lists. */
    public Run {
      sources = List.copyOf(sources);
      channels = List.copyOf(channels);
    }
  }

  private final SparkSession spark;
  private final AppendTable target;

  private RunsTable(SparkSession spark, AppendTable target) {
    this.spark = spark;
    this.target = target;
  }

  /**
   * The runs table at a name or path.
   *
   * @param spark the session
   * @param nameOrPath a catalog name or a path
   * @return the table (created on the first append)
   */
  public static RunsTable of(SparkSession spark, String nameOrPath) {
    return new RunsTable(spark, AppendTable.of(spark, nameOrPath, SCHEMA, "runs"));
  }

  /**
   * The table's schema.
   *
   * @return the columns
   */
  public static StructType schema() {
    return SCHEMA;
  }

  /**
   * Where the table is.
   *
   * @return the name or path
   */
  public String location() {
    return target.location();
  }

  /**
   * Appends one run.
   *
   * @param run the run
   */
  public void append(Run run) {
    List<Row> sources = new ArrayList<>();
    for (SourceRun s : run.sources()) {
      sources.add(
          RowFactory.create(
              s.source(),
              s.channel(),
              s.format(),
              s.location(),
              s.status(),
              s.read(),
              s.accepted(),
              s.rejected(),
              s.bytes(),
              s.checksum(),
              s.detail(),
              s.warnings()));
    }
    List<Row> channels = new ArrayList<>();
    for (ChannelRun c : run.channels()) {
      channels.add(
          RowFactory.create(
              c.channel(),
              c.inQuarantine(),
              c.carriedFrom() == null ? null : Date.valueOf(c.carriedFrom())));
    }
    Row row =
        RowFactory.create(
            run.runId(),
            Date.valueOf(run.loadDate()),
            Timestamp.from(run.startedAt()),
            Timestamp.from(run.finishedAt()),
            run.succeeded() ? "SUCCEEDED" : "FAILED",
            run.error(),
            run.policy(),
            run.rulesFingerprint(),
            sources,
            channels);
    target.append(spark.createDataFrame(List.of(row), SCHEMA));
  }

  /**
   * Every run.
   *
   * @return the table
   */
  public Dataset<Row> read() {
    return target.read();
  }

  /**
   * What a channel's sources accepted in an earlier load that read them.
   *
   * @param loadDate the load date of that run
   * @param accepted the rows its sources accepted
   */
  public record ChannelLoad(LocalDate loadDate, long accepted) {}

  private record RunKey(LocalDate loadDate, Instant finished, String id) {}

  /**
   * For each channel, the rows its sources accepted in the last successful run of an earlier load
   * date that read the channel, for the truncation guard. A run that carried a source of the
   * channel forward is passed over — its counts are not the channel's — so the day after a
   * carry-forward is compared with the last load that read every source of the channel, however
   * old. A channel no source of the latest successful run feeds (its sources were removed) has no
   * figure, nor has a channel never read, nor sources whose channel is a column (the runs table has
   * no per-channel counts for them).
   *
   * <pre>{@code
   * runs.lastReadByChannel(LocalDate.parse("2024-05-30"));
   * // {Marketing=ChannelLoad[loadDate=2024-05-28, accepted=96]} when 05-29 carried Marketing
   * }</pre>
   *
   * @param loadDate the current load date
   * @return channel to its last full read; empty when there is no earlier successful run
   */
  public Map<String, ChannelLoad> lastReadByChannel(LocalDate loadDate) {
    Map<String, ChannelLoad> out = new TreeMap<>();
    if (!target.exists()) {
      return out;
    }
    Column read = col("f.situacao").equalTo(lit("READ"));
    List<Row> rows =
        read()
            .where(col("resultado").equalTo(lit("SUCCEEDED")))
            .where(col("data_carga").lt(lit(Date.valueOf(loadDate))))
            .select(col("execucao"), col("data_carga"), col("fim"), explode(col("fontes")).as("f"))
            .groupBy(col("execucao"), col("data_carga"), col("fim"), col("f.canal").as("canal"))
            .agg(
                sum(when(read, col("f.aceitos"))).as("aceitos"),
                count(when(not(read).or(col("f.situacao").isNull()), lit(1))).as("outras"))
            .collectAsList();
    // Newest first: by load date, then by when the run ended (a load date run twice).
    Map<RunKey, Map<String, Row>> runs =
        new TreeMap<>(
            Comparator.comparing(RunKey::loadDate)
                .thenComparing(RunKey::finished)
                .thenComparing(RunKey::id)
                .reversed());
    Set<String> open = new HashSet<>(); // channels whose figure is not settled yet
    for (Row r : rows) {
      RunKey key =
          new RunKey(r.getDate(1).toLocalDate(), r.getTimestamp(2).toInstant(), r.getString(0));
      Map<String, Row> run = runs.computeIfAbsent(key, k -> new HashMap<>());
      if (!r.isNullAt(3)) { // null: sources whose channel is a column
        run.put(r.getString(3), r);
        open.add(r.getString(3));
      }
    }
    for (Map<String, Row> run : runs.values()) {
      for (Iterator<String> channels = open.iterator(); channels.hasNext(); ) {
        String channel = channels.next();
        Row r = run.get(channel);
        if (r == null) {
          channels.remove(); // no source of this run feeds it: removed, its old loads do not count
        } else if (r.getLong(5) == 0) {
          out.put(
              channel,
              new ChannelLoad(r.getDate(1).toLocalDate(), r.isNullAt(4) ? 0L : r.getLong(4)));
          channels.remove();
        } // else carried forward in this run: look further back
      }
      if (open.isEmpty()) {
        break;
      }
    }
    return out;
  }
}

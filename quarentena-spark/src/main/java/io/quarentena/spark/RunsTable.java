package io.quarentena.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.quarentena.spark.internal.DeltaTarget;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>The truncation guard of the job compares a run's counts with the last successful run's.
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

  private final DeltaTarget target;

  private RunsTable(DeltaTarget target) {
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
    return new RunsTable(new DeltaTarget(spark, nameOrPath, SCHEMA, List.of("data_carga"), "runs"));
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
    target.append(target.spark().createDataFrame(List.of(row), SCHEMA));
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
   * Rows accepted per channel by the last successful run of an earlier load date (sources carried
   * forward excluded), for the truncation guard.
   *
   * @param loadDate the current load date
   * @return channel to rows accepted; empty when there is no earlier successful run
   */
  public Map<String, Long> previousAcceptedByChannel(LocalDate loadDate) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (!target.exists()) {
      return out;
    }
    Dataset<Row> earlier =
        read()
            .where(col("resultado").equalTo(lit("SUCCEEDED")))
            .where(col("data_carga").lt(lit(Date.valueOf(loadDate))));
    Row last = earlier.agg(max(col("data_carga"))).first();
    if (last.isNullAt(0)) {
      return out;
    }
    Dataset<Row> runs = earlier.where(col("data_carga").equalTo(lit(last.getDate(0))));
    Row latest = runs.agg(max(col("fim"))).first();
    for (Row r :
        runs.where(col("fim").equalTo(lit(latest.getTimestamp(0))))
            .select(explode(col("fontes")).as("f"))
            .where(col("f.situacao").equalTo(lit("READ")))
            .groupBy(col("f.canal"))
            .agg(sum(col("f.aceitos")))
            .collectAsList()) {
      out.put(r.getString(0), r.isNullAt(1) ? 0L : r.getLong(1));
    }
    return out;
  }
}

package io.quarentena.benchmarks.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The careful baseline: the corrected hand-written job ({@link HandWrittenJob}, the same sources,
 * standard columns, periods and window) that also keeps every row it cannot use, with a reason, and
 * counts the rows read, accepted and rejected per source, as an engineer who does not adopt the
 * library would write it with Spark's own tools: a {@code CASE WHEN} reason column over the checks
 * (null or blank id, an id that is not digits, an unknown channel, a missing or unparseable contact
 * date, a date after the load date, a sheet row of another {@code data_base}), an {@link
 * Observation} per source for the counts during the scan, and two Delta writes (the rejects, then
 * the table) from the rows persisted once: the rejects and the accepted rows inside their source's
 * period, so each source is scanned once. Plain Spark: nothing of the library in its logic.
 *
 * <p>The rejects keep the standard columns and the contact date as read (not the library's raw row
 * as JSON, nor a sentence of detail).
 *
 * <pre>{@code
 * CarefulHandWrittenJob.Run run = CarefulHandWrittenJob.run(spark, files, asOf, table, rejects);
 * run.counts();   // per source: read, accepted, rejected
 * }</pre>
 */
public final class CarefulHandWrittenJob {

  /** The reason column, null on rows that are used. */
  static final String REASON = "motivo";

  /** The channels the job knows. */
  private static final List<String> CHANNELS =
      List.of("CRM", "Marketing", "Recomendacao", "Restritos", "Ofertas", "Fraude");

  private CarefulHandWrittenJob() {}

  /**
   * One source's counts.
   *
   * @param source the source
   * @param read rows read
   * @param accepted rows used
   * @param rejected rows kept in the rejects
   */
  public record Counts(String source, long read, long accepted, long rejected) {}

  /**
   * What a run wrote.
   *
   * @param table the rows written to the table
   * @param counts per source
   * @param release unpersists the kept rows
   */
  public record Run(Dataset<Row> table, List<Counts> counts, Runnable release) {

    /**
     * The rows rejected, every source.
     *
     * @return the count
     */
    public long rejected() {
      return counts.stream().mapToLong(Counts::rejected).sum();
    }
  }

  /**
   * Reads the sources once, writes the rejects and the table, and counts.
   *
   * @param spark the session (time zone UTC)
   * @param files the sources
   * @param asOf the load date
   * @param table the table directory
   * @param rejects the rejects table directory
   * @return the run; release it once its table's plan is no longer needed
   */
  public static Run run(
      SparkSession spark, BenchmarkData.Sources files, LocalDate asOf, Path table, Path rejects) {
    Column d = lit(asOf);
    List<Observation> observations = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Dataset<Row> kept = null;
    for (HandWrittenJob.Source s : HandWrittenJob.sources(spark, files, d)) {
      Observation counted = new Observation();
      Dataset<Row> checked =
          s.rows()
              .withColumn(REASON, reason(s, d))
              .observe(
                  counted,
                  count(lit(1)).as("read"),
                  count(when(col(REASON).isNull(), lit(1))).as("accepted"),
                  count(when(col(REASON).isNotNull(), lit(1))).as("rejected"));
      observations.add(counted);
      names.add(s.name());
      // What the two writes read: the rejects, and the accepted rows inside the period.
      Dataset<Row> rows =
          checked
              .where(col(REASON).isNotNull().or(s.window()))
              .select(
                  Stream.of(
                          Stream.of(lit(s.name()).as("fonte")),
                          Stream.of(HandWrittenJob.STANDARD),
                          Stream.of(col(HandWrittenJob.DATE_TEXT), col(REASON)))
                      .flatMap(c -> c)
                      .toArray(Column[]::new));
      kept = kept == null ? rows : kept.unionAll(rows);
    }
    Dataset<Row> persisted = kept.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      HandWrittenJob.replaceLoadDate(
          persisted
              .where(col(REASON).isNotNull())
              .select(
                  col("fonte"),
                  col("canal"),
                  col(REASON),
                  col("id_cliente"),
                  col("email"),
                  col("telefone"),
                  col("assunto"),
                  col(HandWrittenJob.DATE_TEXT).as("data_envio_lida"),
                  d.as("data_carga")),
          rejects,
          asOf,
          "data_carga");
      Dataset<Row> rows =
          HandWrittenJob.latest(
              persisted.where(col(REASON).isNull()).select(HandWrittenJob.STANDARD), d);
      HandWrittenJob.write(rows, table, asOf);
      List<Counts> counts = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        Map<String, Object> m = metrics(observations.get(i));
        counts.add(
            new Counts(
                names.get(i),
                (Long) m.get("read"),
                (Long) m.get("accepted"),
                (Long) m.get("rejected")));
      }
      return new Run(rows, List.copyOf(counts), () -> persisted.unpersist(false));
    } catch (RuntimeException e) {
      persisted.unpersist(false);
      throw e;
    }
  }

  /** An observation's metrics, once the action that computed them has ended. */
  private static Map<String, Object> metrics(Observation o) {
    try {
      return o.getAsJava();
    } catch (Exception e) { // InterruptedException on Spark 3.5, undeclared on 4
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("no counts from the observation: " + e, e);
    }
  }

  /** The first check a row fails, or null: the checks a careful engineer writes by hand. */
  private static Column reason(HandWrittenJob.Source s, Column d) {
    Column id = col("id_cliente");
    Column text = col(HandWrittenJob.DATE_TEXT);
    return when(not(coalesce(s.kept(), lit(false))), lit("EXCLUDED_BY_SOURCE_FILTER"))
        .when(id.isNull().or(id.equalTo(lit(""))), lit("MISSING_CUSTOMER_ID"))
        .when(not(id.rlike("^[0-9]+$")), lit("INVALID_VALUE"))
        .when(not(col("canal").isin(CHANNELS.toArray())), lit("INVALID_VALUE"))
        .when(text.isNull().or(trim(text).equalTo(lit(""))), lit("MISSING_CONTACT_DATE"))
        .when(col("data_envio").isNull(), lit("UNPARSEABLE_DATE"))
        .when(col("data_envio").gt(d), lit("FUTURE_CONTACT_DATE"));
  }

  /**
   * The careful baseline as a contender: the table and the rejects ({@code <table>_rejects}).
   *
   * @return the contender
   */
  static Contender contender() {
    return new Contender() {
      @Override
      public String name() {
        return "careful";
      }

      @Override
      public Result run(
          SparkSession spark, BenchmarkData.Sources files, LocalDate asOf, Path table) {
        Run run =
            CarefulHandWrittenJob.run(
                spark, files, asOf, table, table.resolveSibling(table.getFileName() + "_rejects"));
        return new Result(run.table(), run.release(), OptionalLong.of(run.rejected()));
      }
    };
  }
}

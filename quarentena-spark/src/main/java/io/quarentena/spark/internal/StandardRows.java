package io.quarentena.spark.internal;

import static io.quarentena.spark.TableColumns.CATEGORY;
import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.CONTACT_DATE;
import static io.quarentena.spark.TableColumns.DETAIL;
import static io.quarentena.spark.TableColumns.EMAIL;
import static io.quarentena.spark.TableColumns.ID;
import static io.quarentena.spark.TableColumns.LOAD_DATE;
import static io.quarentena.spark.TableColumns.PHONE;
import static io.quarentena.spark.TableColumns.RAW;
import static io.quarentena.spark.TableColumns.REASON;
import static io.quarentena.spark.TableColumns.REVOKED_ON;
import static io.quarentena.spark.TableColumns.SEND_ID;
import static io.quarentena.spark.TableColumns.SOURCE;
import static io.quarentena.spark.TableColumns.SUBJECT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.SourceSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard rows of one run and what is derived from them: the rows the entries are computed
 * from, the rejects, and the rows the summary counts. Built once from the sources by a {@link
 * Builder}; the run reads them and nothing else, and they carry their load date and policy, so no
 * caller passes those again.
 *
 * <p>Only the rows an output reads are persisted: the rows the entries need (see {@link
 * EntryPlan#needed}) and the rejects. Most accepted rows are contacts too old to matter on the load
 * date; they are counted as they pass, during the one scan of their source (Spark's observed
 * metrics, per source: rows read, accepted per channel, needed, with U+FFFD), and dropped. A
 * persisted row is slim, seven columns: its source ({@code fonte}), channel ({@code canal}), reject
 * reason ({@code motivo}), the flag {@link #NEEDED} and the flag {@link Standardizer#REPLACED} (a
 * text value holds U+FFFD); the columns the entries read are in one struct, {@link #ENTRY}, set
 * only on needed rows; the columns the rejects read (detail, raw values as JSON, and the e-mail and
 * phone that PII minimisation looks for in them) are in another, {@link #REJECT}, set only on
 * rejects. The raw values become JSON in the last projection before the union, as JSON is not
 * generated code.
 *
 * <p>{@link #counts} takes the rejects' counts from the persisted rows and the rest from the
 * observed metrics, and checks the two against each other (the rejects and the needed rows are
 * counted both ways). Spark counts a partition again when it computes it again (an executor lost
 * with the cached blocks); when the two disagree the counts are taken again from the sources, with
 * a warning, so a summary is never off.
 *
 * <p>At storage level NONE nothing is persisted and the entries come from a plan of their own per
 * source ({@link Standardizer#accepted}), which computes only what the entries read.
 */
public final class StandardRows {

  private static final Logger LOG = LoggerFactory.getLogger(StandardRows.class);

  /** The flag on persisted rows: the entries need this row. */
  private static final String NEEDED = "_needed";

  /** The struct of persisted rows holding what the entries read, on needed rows only. */
  private static final String ENTRY = "_entry";

  /** The columns of {@link #ENTRY}: what the entry plan reads besides the channel. */
  private static final List<String> ENTRY_COLUMNS =
      List.of(ID, EMAIL, PHONE, SUBJECT, CATEGORY, CONTACT_DATE, REVOKED_ON, SEND_ID);

  /** The struct of persisted rows holding what the rejects read, on rejects only. */
  private static final String REJECT = "_reject";

  /** Makes the names of observed metrics unique in a session, whatever runs are combined. */
  private static final AtomicLong OBSERVATIONS = new AtomicLong();

  /** The entry struct, over a source's checked rows. */
  private static final Column ENTRY_STRUCT =
      struct(ENTRY_COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new));

  /** The entries' rows out of slim rows: canal and the entry columns. */
  private static final Column[] ENTRY_PROJECTION =
      Stream.concat(
              Stream.of(col(CHANNEL)),
              ENTRY_COLUMNS.stream().map(name -> col(ENTRY).getField(name).as(name)))
          .toArray(Column[]::new);

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final Dataset<Row> rows;
  private final Dataset<Row> entryRows;
  private final Dataset<Row> every;
  private final List<Observed> observed;

  private StandardRows(
      QuarantinePolicy policy,
      LocalDate loadDate,
      Dataset<Row> rows,
      Dataset<Row> entryRows,
      Dataset<Row> every,
      List<Observed> observed) {
    this.policy = policy;
    this.loadDate = loadDate;
    this.rows = rows;
    this.entryRows = entryRows;
    this.every = every;
    this.observed = List.copyOf(observed);
  }

  /**
   * The rows of one run counted per source, channel and reason.
   *
   * @param cells the rows per source, channel (null when it is missing) and reason (null on
   *     accepted rows); only the combinations that occur
   * @param replaced per source, the rows holding U+FFFD
   * @param recounted whether the counts were taken again from the sources (the observed ones
   *     disagreed with the persisted rows, or there were none)
   */
  public record Counts(List<Cell> cells, Map<String, Long> replaced, boolean recounted) {

    /**
     * The counts, copied.
     *
     * @param cells the rows per source, channel and reason
     * @param replaced per source, the rows holding U+FFFD
     * @param recounted whether the counts were taken again from the sources
     */
    public Counts {
      cells = List.copyOf(cells);
      replaced = Map.copyOf(replaced);
    }
  }

  /**
   * The rows of one source, channel and reason.
   *
   * @param source the source
   * @param channel the channel, null when the row has none
   * @param reason the reject reason, null on accepted rows
   * @param rows how many
   */
  public record Cell(String source, @Nullable String channel, @Nullable String reason, long rows) {}

  /** One source's observed metrics: their name, and the channels its accepted rows can have. */
  private record Observed(String source, String name, List<String> channels) {

    private static final String READ = "read";
    private static final String NEEDED_ROWS = "needed";
    private static final String REPLACED_ROWS = "replaced";

    /** The metrics: rows read, needed, with U+FFFD, then accepted per channel, in order. */
    Column[] metrics() {
      List<Column> m = new ArrayList<>();
      m.add(count(lit(1)).as(READ));
      m.add(count(when(col(NEEDED), lit(1))).as(NEEDED_ROWS));
      m.add(count(when(col(Standardizer.REPLACED), lit(1))).as(REPLACED_ROWS));
      for (String c : channels) {
        m.add(count(when(col(REASON).isNull().and(col(CHANNEL).equalTo(lit(c))), lit(1))).as(c));
      }
      return m.toArray(new Column[0]);
    }
  }

  /**
   * A builder of the standard rows of a run.
   *
   * @param standardizer the run's standardizer: its policy and load date
   * @param storageLevel how the rows are persisted; NONE persists nothing
   * @return a builder to add the sources to
   */
  public static Builder builder(Standardizer standardizer, StorageLevel storageLevel) {
    return new Builder(standardizer, storageLevel);
  }

  /**
   * The policy the rows were checked against.
   *
   * @return the policy
   */
  public QuarantinePolicy policy() {
    return policy;
  }

  /**
   * The load date the rows were checked for.
   *
   * @return the load date ({@code data_carga})
   */
  public LocalDate loadDate() {
    return loadDate;
  }

  /**
   * The rows the entries are computed from.
   *
   * @return canal and the entry columns: id_cliente, email, telefone, assunto, categoria,
   *     data_envio, data_exclus, id_envio
   */
  public Dataset<Row> entryRows() {
    return entryRows;
  }

  /**
   * The rejects.
   *
   * @return fonte, canal, motivo, detalhe, valores, data_carga
   */
  public Dataset<Row> rejects() {
    return rows.where(col(REASON).isNotNull()).select(rejectColumns(false));
  }

  /**
   * The rejects with the row's standard e-mail and phone, for PII minimisation of the raw values.
   *
   * @return the rejects' columns, then email and telefone
   */
  public Dataset<Row> rejectsWithContacts() {
    return rows.where(col(REASON).isNotNull()).select(rejectColumns(true));
  }

  private Column[] rejectColumns(boolean withContacts) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(SOURCE));
    columns.add(col(CHANNEL));
    columns.add(col(REASON));
    columns.add(col(REJECT).getField(DETAIL).as(DETAIL));
    columns.add(col(REJECT).getField(RAW).as(RAW));
    columns.add(lit(loadDate).as(LOAD_DATE));
    if (withContacts) {
      columns.add(col(REJECT).getField(EMAIL).as(EMAIL));
      columns.add(col(REJECT).getField(PHONE).as(PHONE));
    }
    return columns.toArray(new Column[0]);
  }

  /**
   * The rows counted per source, channel and reason, for the run summary: one aggregation over the
   * persisted rows, with the counts observed during the scans; from the sources again when those
   * are missing or disagree with the persisted rows (see the class comment).
   *
   * @return the counts
   */
  public Counts counts() {
    if (observed.isEmpty()) {
      return recount();
    }
    Dataset<Row> kept =
        rows.groupBy(col(SOURCE), col(CHANNEL), col(REASON))
            .agg(
                count(lit(1)).as("n"),
                count(when(col(NEEDED), lit(1))).as("needed"),
                count(when(col(REASON).isNotNull().and(col(Standardizer.REPLACED)), lit(1)))
                    .as("replaced"));
    List<Row> exact = kept.collectAsList();
    // Read after the aggregation, which needed every partition of the persisted rows: the
    // metrics hold each partition once, whichever action computed it.
    scala.collection.immutable.Map<String, Row> metrics = kept.queryExecution().observedMetrics();
    Map<String, long[]> persisted = new LinkedHashMap<>(); // rejected, needed, rejected with U+FFFD
    List<Cell> cells = new ArrayList<>();
    for (Row r : exact) {
      long[] p = persisted.computeIfAbsent(r.getString(0), k -> new long[3]);
      p[1] += r.getLong(4);
      if (!r.isNullAt(2)) {
        p[0] += r.getLong(3);
        p[2] += r.getLong(5);
        cells.add(new Cell(r.getString(0), r.getString(1), r.getString(2), r.getLong(3)));
      }
    }
    Map<String, Long> replaced = new LinkedHashMap<>();
    for (Observed o : observed) {
      scala.Option<Row> found = metrics.get(o.name());
      long[] p = persisted.getOrDefault(o.source(), new long[3]);
      String disagreement =
          found.isEmpty() ? "no counts were observed" : disagreement(o, found.get(), p);
      if (disagreement != null) {
        LOG.warn(
            "Source '{}': {}; counting the rows again from the sources (a second scan)",
            o.source(),
            disagreement);
        return recount();
      }
      Row m = found.get();
      for (int i = 0; i < o.channels().size(); i++) {
        long accepted = m.getLong(3 + i);
        if (accepted > 0) {
          cells.add(new Cell(o.source(), o.channels().get(i), null, accepted));
        }
      }
      replaced.put(o.source(), m.getLong(2));
    }
    return new Counts(cells, replaced, false);
  }

  /** Why a source's observed counts cannot be right, or null when they agree. */
  private static @Nullable String disagreement(Observed o, Row m, long[] persisted) {
    long accepted = 0;
    for (int i = 0; i < o.channels().size(); i++) {
      accepted += m.getLong(3 + i);
    }
    long read = m.getLong(0);
    if (read - accepted != persisted[0] || m.getLong(1) != persisted[1]) {
      return String.format(
          "the rows observed during the scan (%d read, %d accepted, %d needed) disagree with the"
              + " persisted rows (%d rejected, %d needed): Spark computed part of the source twice",
          read, accepted, m.getLong(1), persisted[0], persisted[1]);
    }
    if (m.getLong(2) < persisted[2]) {
      return "fewer rows with U+FFFD were observed than were rejected with one";
    }
    return null;
  }

  /** The counts from every row: a second scan of the sources. */
  private Counts recount() {
    List<Cell> cells = new ArrayList<>();
    Map<String, Long> replaced = new LinkedHashMap<>();
    for (Row r :
        every
            .groupBy(col(SOURCE), col(CHANNEL), col(REASON))
            .agg(count(lit(1)).as("n"), count(when(col(Standardizer.REPLACED), lit(1))))
            .collectAsList()) {
      cells.add(new Cell(r.getString(0), r.getString(1), r.getString(2), r.getLong(3)));
      replaced.merge(r.getString(0), r.getLong(4), Long::sum);
    }
    return new Counts(cells, replaced, true);
  }

  /** Releases the persisted rows; the datasets stay usable but are recomputed. */
  public void release() {
    rows.unpersist(false);
  }

  /** Adds the sources one by one, then persists their union once. */
  public static final class Builder {
    private final Standardizer standardizer;
    private final StorageLevel storageLevel;
    private final boolean persist;

    /** Whether a row is needed by the entries: built once, for every source. */
    private final Column needed;

    private @Nullable Dataset<Row> every;
    private @Nullable Dataset<Row> kept;
    private @Nullable Dataset<Row> accepted;
    private final List<Observed> observed = new ArrayList<>();

    private Builder(Standardizer standardizer, StorageLevel storageLevel) {
      this.standardizer = standardizer;
      this.storageLevel = storageLevel;
      this.persist = !storageLevel.equals(StorageLevel.NONE());
      this.needed = EntryPlan.needed(standardizer.policy(), standardizer.loadDate());
    }

    /**
     * Adds one source.
     *
     * @param spec the source's spec
     * @param raw its rows
     * @return this builder
     * @throws IllegalArgumentException naming the source and key, when the spec does not fit
     */
    public Builder add(SourceSpec spec, Dataset<Row> raw) {
      Dataset<Row> slim = slim(spec, standardizer.checked(spec, raw));
      every = every == null ? slim : every.union(slim);
      if (persist) {
        // Counted as they pass, then only what an output reads is kept. The filter cannot move
        // below the observation, so every row is counted.
        Observed o =
            new Observed(
                spec.name(),
                "quarentena_rows_" + OBSERVATIONS.incrementAndGet(),
                spec.channel()
                    .map(c -> List.of(c.id()))
                    .orElseGet(() -> new RuleColumns(standardizer.policy()).channelIds()));
        observed.add(o);
        Column[] metrics = o.metrics();
        Dataset<Row> read =
            slim.observe(o.name(), metrics[0], Arrays.copyOfRange(metrics, 1, metrics.length))
                .where(col(NEEDED).or(col(REASON).isNotNull()));
        kept = kept == null ? read : kept.union(read);
      } else {
        // The entries straight from each source's accepted rows, a plan of their own that
        // computes each value once and nothing the entries do not read.
        Dataset<Row> ok = standardizer.accepted(spec, raw);
        accepted = accepted == null ? ok : accepted.union(ok);
      }
      return this;
    }

    /**
     * The rows of the sources added, persisted at the storage level.
     *
     * @return the run's standard rows
     * @throws IllegalStateException when no source was added
     */
    public StandardRows build() {
      if (every == null) {
        throw new IllegalStateException("no source was added to the standard rows");
      }
      QuarantinePolicy policy = standardizer.policy();
      LocalDate loadDate = standardizer.loadDate();
      if (!persist) {
        LOG.info(
            "Standard rows not persisted (storage level NONE): each output of the run scans the"
                + " sources again");
        return new StandardRows(
            policy, loadDate, every, Objects.requireNonNull(accepted), every, List.of());
      }
      Dataset<Row> persisted = Objects.requireNonNull(kept).persist(storageLevel);
      return new StandardRows(
          policy,
          loadDate,
          persisted,
          persisted.where(col(NEEDED)).select(ENTRY_PROJECTION),
          every,
          observed);
    }

    /** One source's checked rows as they are persisted (the class comment says why). */
    private Dataset<Row> slim(SourceSpec spec, Dataset<Row> checked) {
      return checked.select(
          col(SOURCE),
          col(CHANNEL),
          col(REASON),
          needed.as(NEEDED),
          col(Standardizer.REPLACED),
          when(needed, ENTRY_STRUCT).as(ENTRY),
          when(
                  col(REASON).isNotNull(),
                  struct(col(DETAIL), standardizer.rawJson(spec).as(RAW), col(EMAIL), col(PHONE)))
              .as(REJECT));
    }
  }
}

package io.quarentena.spark;

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
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.quarentena.LoadDates;
import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.internal.EntryPlan;
import io.quarentena.spark.internal.Standardizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine computation as Spark Dataset transforms: sources in, the table's rows and the
 * rejects out, for an explicit load date. The rules are the policy's core rule objects, translated
 * into column expressions; nothing reads the clock or the session time zone.
 *
 * <p>One pass: the sources are mapped to standard rows in one plan, which is persisted once; the
 * entries, the rejects and the summary are all computed from it, so each source is scanned once
 * however many of them are used. What is persisted is slim: every row's source, channel and reject
 * reason, but the customer and contact columns only on the rows that can make an entry on the load
 * date (accepted, counted, recent enough). Close the run to release it.
 *
 * <pre>{@code
 * QuarantinePipeline pipeline = QuarantinePipeline.builder(QuarantinePolicy.defaults())
 *     .zone(ZoneId.of("America/Sao_Paulo"))      // timestamps become dates in this zone
 *     .build();
 * try (QuarantineRun run = pipeline.run(LocalDate.parse("2024-05-28"),
 *     SourceInput.of(crmSpec, crmRows), SourceInput.of(marketingSpec, marketingRows))) {
 *   run.entries().show();
 *   System.out.println(run.summary().toTable());
 * }
 * }</pre>
 */
public final class QuarantinePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantinePipeline.class);

  /** The flag on persisted rows: the entries need this row. */
  private static final String NEEDED = "_needed";

  /** The struct of persisted rows holding what the entries read, on needed rows only. */
  private static final String ENTRY = "_entry";

  /** The columns of {@link #ENTRY}: what the entry plan reads besides the channel. */
  private static final List<String> ENTRY_COLUMNS =
      List.of(ID, EMAIL, PHONE, SUBJECT, CATEGORY, CONTACT_DATE, REVOKED_ON, SEND_ID);

  /** The struct of persisted rows holding what the rejects read, on rejects only. */
  private static final String REJECT = "_reject";

  private final QuarantinePolicy policy;
  private final ZoneId zone;
  private final StorageLevel storageLevel;

  private QuarantinePipeline(Builder b) {
    this.policy = b.policy;
    this.zone = b.zone;
    this.storageLevel = b.storageLevel;
  }

  /**
   * A builder: zone {@code America/Sao_Paulo}, standard rows persisted memory-and-disk.
   *
   * @param policy the rules to apply
   * @return a builder
   */
  public static Builder builder(QuarantinePolicy policy) {
    return new Builder(policy);
  }

  /**
   * The policy applied.
   *
   * @return the policy
   */
  public QuarantinePolicy policy() {
    return policy;
  }

  /**
   * The zone timestamps are turned into dates in, unless a source names its own.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Computes the quarantine for a load date.
   *
   * @param loadDate the day the quarantine is computed for ({@code data_carga})
   * @param inputs the sources with their specs, at least one, names unique
   * @return the run: entries, rejects and summary, computed lazily from one persisted plan
   * @throws IllegalArgumentException naming the source and key, when a spec does not fit its rows
   */
  public QuarantineRun run(LocalDate loadDate, SourceInput... inputs) {
    return run(loadDate, Arrays.asList(inputs));
  }

  /**
   * Computes the quarantine for a load date, as {@link #run(LocalDate, SourceInput...)}.
   *
   * @param loadDate the load date
   * @param inputs the sources with their specs
   * @return the run
   */
  public QuarantineRun run(LocalDate loadDate, List<SourceInput> inputs) {
    if (loadDate == null) {
      throw new IllegalArgumentException("loadDate (data_carga) must not be null");
    }
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "no sources: give at least one SourceInput (a spec and its rows)");
    }
    Set<String> names = new HashSet<>();
    Map<String, List<String>> warnings = new LinkedHashMap<>();
    Dataset<Row> standard = null;
    boolean persist = !storageLevel.equals(StorageLevel.NONE());
    Dataset<Row> accepted = null;
    for (SourceInput input : inputs) {
      if (!names.add(input.spec().name())) {
        throw new IllegalArgumentException(
            "two sources are named '"
                + input.spec().name()
                + "'; source names must be unique: they identify rows in rejects and the summary");
      }
      Dataset<Row> checked =
          Standardizer.checked(input.spec(), input.rows(), policy, loadDate, zone);
      List<String> found = Standardizer.warnings(input.spec(), input.rows());
      for (String warning : found) {
        LOG.warn("Source '{}': {}", input.spec().name(), warning);
      }
      warnings.put(input.spec().name(), found);
      Dataset<Row> rows = slim(input.spec(), checked, loadDate);
      standard = standard == null ? rows : standard.union(rows);
      if (!persist) {
        // The entries straight from each source's accepted rows, a plan of their own that
        // computes each value once and nothing the entries do not read.
        Dataset<Row> ok = Standardizer.accepted(input.spec(), input.rows(), policy, loadDate, zone);
        accepted = accepted == null ? ok : accepted.union(ok);
      }
    }
    LOG.info(
        "Quarantine for {} with policy '{}' over sources {}",
        loadDate,
        policy.name(),
        names.stream().sorted().toList());
    if (!persist) {
      LOG.info(
          "Standard rows not persisted (storage level NONE): each output of the run scans the"
              + " sources again");
      return new QuarantineRun(policy, loadDate, inputs, warnings, standard, accepted);
    }
    Dataset<Row> persisted = standard.persist(storageLevel);
    return new QuarantineRun(policy, loadDate, inputs, warnings, persisted, needed(persisted));
  }

  /**
   * Maps one source to standard rows without computing the quarantine: every row with its reject
   * reason ({@code motivo}, null when accepted), to check a spec against real data.
   *
   * @param loadDate the load date (future contacts and the filter depend on it)
   * @param input the source
   * @return the standard rows: fonte, canal, id_cliente, email, telefone, assunto, categoria,
   *     data_envio, data_exclus, id_envio, motivo, detalhe, valores
   */
  public Dataset<Row> standardize(LocalDate loadDate, SourceInput input) {
    return Standardizer.standardize(input.spec(), input.rows(), policy, loadDate, zone);
  }

  /**
   * One source's standard rows as they are persisted, in seven columns: every row stays, for the
   * summary's counts, with its source ({@code fonte}), channel ({@code canal}), reject reason
   * ({@code motivo}), the flag {@link #NEEDED} and the flag {@link Standardizer#REPLACED} (a text
   * value holds U+FFFD: the summary counts those rows); the columns the entries read are in one
   * struct, {@link #ENTRY}, set only on the rows the entries need (see {@link EntryPlan#needed});
   * the columns the rejects read (detail, raw values as JSON, and the e-mail and phone that PII
   * minimisation looks for in them) are in another, {@link #REJECT}, set only on rejects. Most
   * accepted rows are contacts too old to matter on the load date, so most rows persist as three
   * short strings, two booleans and two nulls: the cache is small and quick to build, and seven
   * columns cost far less to encode than thirteen. The raw values become JSON here, in the last
   * projection before the union, as JSON is not generated code.
   */
  private Dataset<Row> slim(SourceSpec spec, Dataset<Row> checked, LocalDate loadDate) {
    Column needed = EntryPlan.needed(policy, loadDate);
    Column rejected = col(REASON).isNotNull();
    return checked.select(
        col(SOURCE),
        col(CHANNEL),
        col(REASON),
        needed.as(NEEDED),
        col(Standardizer.REPLACED),
        when(needed, struct(ENTRY_COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new)))
            .as(ENTRY),
        when(
                rejected,
                struct(
                    col(DETAIL), Standardizer.rawJson(spec, zone).as(RAW), col(EMAIL), col(PHONE)))
            .as(REJECT));
  }

  /**
   * The persisted rows the entries are computed from, with the columns the entries read.
   *
   * @param persisted rows from {@link #slim}
   * @return canal and the entry columns of the rows flagged as needed
   */
  static Dataset<Row> needed(Dataset<Row> persisted) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(CHANNEL));
    for (String name : ENTRY_COLUMNS) {
      columns.add(col(ENTRY).getField(name).as(name));
    }
    return persisted.where(col(NEEDED)).select(columns.toArray(new Column[0]));
  }

  /**
   * The persisted rows that are rejects, with the rejects' columns.
   *
   * @param persisted rows from {@link #slim}
   * @param loadDate the load date
   * @param withContacts also the reject's standard e-mail and phone, for PII minimisation
   * @return fonte, canal, motivo, detalhe, valores, data_carga (then email, telefone)
   */
  static Dataset<Row> rejected(Dataset<Row> persisted, LocalDate loadDate, boolean withContacts) {
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
    return persisted.where(col(REASON).isNotNull()).select(columns.toArray(new Column[0]));
  }

  @Override
  public String toString() {
    return "QuarantinePipeline[policy=" + policy.name() + ", zone=" + zone + "]";
  }

  /** Builds a {@link QuarantinePipeline}. */
  public static final class Builder {
    private final QuarantinePolicy policy;
    private ZoneId zone = LoadDates.DEFAULT_ZONE;
    private StorageLevel storageLevel = StorageLevel.MEMORY_AND_DISK();

    private Builder(@Nullable QuarantinePolicy policy) {
      if (policy == null) {
        throw new IllegalArgumentException("policy must not be null");
      }
      this.policy = policy;
    }

    /**
     * The zone timestamps are turned into dates in (default {@code America/Sao_Paulo}).
     *
     * @param value the zone
     * @return this builder
     */
    public Builder zone(ZoneId value) {
      if (value == null) {
        throw new IllegalArgumentException("zone must not be null");
      }
      this.zone = value;
      return this;
    }

    /**
     * How the standard rows are persisted between the entries, the rejects and the summary. The
     * default, memory and disk, lets a run that writes the table, the rejects and the summary (the
     * job) scan each source once. {@link StorageLevel#NONE()} persists nothing: each output then
     * scans the sources again, but computes only what it reads, which is the quickest plan for a
     * run that writes the table and nothing else (no rejects table, no summary): at 10M events in
     * {@code docs/benchmarks.md} it takes about three quarters of the default's time, and 0.80 to
     * 0.92 of a hand-written Spark job's.
     *
     * @param value the storage level, or NONE for a run that uses one output
     * @return this builder
     */
    public Builder storageLevel(StorageLevel value) {
      if (value == null) {
        throw new IllegalArgumentException(
            "storage level must be set; StorageLevel.NONE() persists nothing (each output scans"
                + " the sources again)");
      }
      this.storageLevel = value;
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     */
    public QuarantinePipeline build() {
      return new QuarantinePipeline(this);
    }
  }
}

package io.quarentena.spark;

import static io.quarentena.spark.internal.StandardColumns.CATEGORY;
import static io.quarentena.spark.internal.StandardColumns.CONTACT_DATE;
import static io.quarentena.spark.internal.StandardColumns.EMAIL;
import static io.quarentena.spark.internal.StandardColumns.ID;
import static io.quarentena.spark.internal.StandardColumns.PHONE;
import static io.quarentena.spark.internal.StandardColumns.REASON;
import static io.quarentena.spark.internal.StandardColumns.REVOKED_ON;
import static io.quarentena.spark.internal.StandardColumns.SUBJECT;
import static org.apache.spark.sql.functions.col;
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
import java.util.List;
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

  /** The columns only the entries read. */
  private static final Set<String> PAYLOAD =
      Set.of(ID, EMAIL, PHONE, SUBJECT, CATEGORY, CONTACT_DATE, REVOKED_ON);

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
    Dataset<Row> standard = null;
    for (SourceInput input : inputs) {
      if (!names.add(input.spec().name())) {
        throw new IllegalArgumentException(
            "two sources are named '"
                + input.spec().name()
                + "'; source names must be unique: they identify rows in rejects and the summary");
      }
      Dataset<Row> rows =
          Standardizer.standardize(input.spec(), input.rows(), policy, loadDate, zone);
      standard = standard == null ? rows : standard.union(rows);
    }
    LOG.info(
        "Quarantine for {} with policy '{}' over sources {}",
        loadDate,
        policy.name(),
        names.stream().sorted().toList());
    Dataset<Row> persisted = slim(standard, loadDate).persist(storageLevel);
    return new QuarantineRun(policy, loadDate, inputs, persisted);
  }

  /**
   * Maps one source to standard rows without computing the quarantine: every row with its reject
   * reason ({@code motivo}, null when accepted), to check a spec against real data.
   *
   * @param loadDate the load date (future contacts and the filter depend on it)
   * @param input the source
   * @return the standard rows: fonte, canal, id_cliente, email, telefone, assunto, categoria,
   *     data_envio, data_exclus, motivo, detalhe, valores
   */
  public Dataset<Row> standardize(LocalDate loadDate, SourceInput input) {
    return Standardizer.standardize(input.spec(), input.rows(), policy, loadDate, zone);
  }

  /**
   * The standard rows as they are persisted: every row stays, for the summary's counts, with its
   * source, channel and reject reason, detail and raw values (and a reject's e-mail and phone, for
   * PII minimisation); the customer, contact and date columns are kept only on the rows the entries
   * need ({@link #NEEDED}, see {@link EntryPlan#needed}) and null elsewhere. Most accepted rows are
   * contacts too old to matter on the load date, so the persisted rows are far smaller and cheaper
   * to build than the standard rows themselves, and the entries read only the rows flagged.
   */
  private Dataset<Row> slim(Dataset<Row> standard, LocalDate loadDate) {
    Dataset<Row> flagged = standard.withColumn(NEEDED, EntryPlan.needed(policy, loadDate));
    List<Column> columns = new ArrayList<>();
    for (String name : standard.columns()) {
      Column kept = col(NEEDED);
      if (name.equals(EMAIL) || name.equals(PHONE)) {
        // Rejects keep them too: PII minimisation finds them in the rejects' raw values.
        kept = kept.or(col(REASON).isNotNull());
      }
      columns.add(PAYLOAD.contains(name) ? when(kept, col(name)).as(name) : col(name));
    }
    columns.add(col(NEEDED));
    return flagged.select(columns.toArray(new Column[0]));
  }

  /**
   * The persisted rows the entries are computed from.
   *
   * @param persisted rows from {@link #slim}
   * @return the rows flagged as needed
   */
  static Dataset<Row> needed(Dataset<Row> persisted) {
    return persisted.where(col(NEEDED));
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
     * How the standard rows are persisted between the entries, the rejects and the summary (default
     * memory and disk, so they are never recomputed from the sources).
     *
     * @param value the storage level
     * @return this builder
     */
    public Builder storageLevel(StorageLevel value) {
      if (value == null || value.equals(StorageLevel.NONE())) {
        throw new IllegalArgumentException(
            "storage level must be set and not NONE: without it each output scans the sources"
                + " again");
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

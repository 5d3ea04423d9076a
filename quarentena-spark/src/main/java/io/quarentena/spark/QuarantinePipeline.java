package io.quarentena.spark;

import io.quarentena.LoadDates;
import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.internal.StandardRows;
import io.quarentena.spark.internal.Standardizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>One pass: the sources are mapped to standard rows in one plan, and only the rows an output
 * reads are persisted: the rows that can make an entry on the load date (accepted, counted, recent
 * enough) and the rejects; the others are counted as they pass and dropped. The entries, the
 * rejects and the summary are all computed from them, so each source is scanned once however many
 * of them are used. Close the run to release them.
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
    StandardRows.Builder standard =
        StandardRows.builder(new Standardizer(policy, loadDate, zone), storageLevel);
    for (SourceInput input : inputs) {
      if (!names.add(input.spec().name())) {
        throw new IllegalArgumentException(
            "two sources are named '"
                + input.spec().name()
                + "'; source names must be unique: they identify rows in rejects and the summary");
      }
      standard.add(input.spec(), input.rows());
      List<String> found = Standardizer.warnings(input.spec(), input.rows());
      for (String warning : found) {
        LOG.warn("Source '{}': {}", input.spec().name(), warning);
      }
      warnings.put(input.spec().name(), found);
    }
    LOG.info(
        "Quarantine for {} with policy '{}' over sources {}",
        loadDate,
        policy.name(),
        names.stream().sorted().toList());
    return new QuarantineRun(inputs, warnings, standard.build());
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
    return new Standardizer(policy, loadDate, zone).standardize(input.spec(), input.rows());
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

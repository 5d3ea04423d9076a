package io.quarentena.job;

import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.SourceSpec;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The job's configuration: its tables, sources, policy, guards and PII settings, as a value. {@link
 * JobFile} parses it from the HOCON file (every key documented in {@code docs/configuration.md});
 * code that builds its configuration otherwise passes the record to {@link QuarantineJob#builder}.
 *
 * <pre>{@code
 * JobConfig config = JobFile.load(Path.of("/Volumes/main/quarentena/config/job.conf"));
 * QuarantineJob.builder(spark, config).build().run(LocalDate.parse("2024-05-28"));
 * }</pre>
 *
 * @param origin where the configuration came from, for messages
 * @param zone the zone of "today" (without --as-of) and of timestamps
 * @param outputTable the quarantine table: a name or a path
 * @param rejectsTable the rejects table: a name or a path
 * @param stagingDir where remote files are downloaded
 * @param policy the rules
 * @param sources the sources, in name order
 * @param runsTable the audit table of runs: a name or a path
 * @param maxDrop the largest share by which a channel's rows read may fall against the previous
 *     load before the run fails (the truncation guard); 1 turns the guard off
 * @param retentionDays load dates older than this many days before the load date are deleted after
 *     a successful run; null keeps every load date
 * @param pii what to do with email and telefone in the table
 */
public record JobConfig(
    String origin,
    ZoneId zone,
    String outputTable,
    String rejectsTable,
    Path stagingDir,
    QuarantinePolicy policy,
    List<JobConfig.Source> sources,
    String runsTable,
    double maxDrop,
    @Nullable Integer retentionDays,
    Pii pii) {

  /** What to do with a personal data column in the quarantine table. */
  public enum PiiMode {
    /** Keep the value as read. */
    KEEP,
    /** Replace it by its keyed SHA-256 (HMAC), hex: equal values stay equal, nothing readable. */
    HASH,
    /** Write null. */
    DROP
  }

  /**
   * PII minimisation of the table.
   *
   * @param email the email column's mode
   * @param telefone the phone column's mode
   * @param hashKey a secret reference ({@code env:}, {@code databricks:}...) to the HMAC key,
   *     required when a column is hashed
   */
  public record Pii(PiiMode email, PiiMode telefone, @Nullable String hashKey) {

    /** Keep everything. */
    public static final Pii KEEP = new Pii(PiiMode.KEEP, PiiMode.KEEP, null);

    /**
     * Whether any column is changed.
     *
     * @return false when both are kept
     */
    public boolean minimises() {
      return email != PiiMode.KEEP || telefone != PiiMode.KEEP;
    }
  }

  /** The formats a source may have. */
  public static final List<String> FORMATS =
      List.of("xlsx", "csv", "json", "parquet", "delta", "table", "kafka");

  /**
   * One source of the file.
   *
   * @param spec how its rows map to contact events
   * @param format one of {@link #FORMATS}
   * @param location a path, a URL ({@code sftp://}, {@code sharepoint://}, {@code s3a://}), a table
   *     name, or for {@code kafka} (the live sends' log) the topic
   * @param options reader options (Spark's, or the xlsx reader's)
   * @param connection options of a remote connector
   * @param carryForward when the source cannot be read, carry its channel's previous entries
   *     forward instead of failing the run ({@code on-unavailable = carry-forward})
   */
  public record Source(
      SourceSpec spec,
      String format,
      String location,
      Map<String, String> options,
      Map<String, String> connection,
      boolean carryForward) {}
}

package io.quarentena.job;

import io.quarentena.Channel;
import io.quarentena.LoadDates;
import io.quarentena.QuarantinePolicy;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.job.internal.CarryForward;
import io.quarentena.job.internal.FailedFile;
import io.quarentena.job.internal.PiiColumns;
import io.quarentena.job.internal.RunProgress;
import io.quarentena.job.internal.SourceReader;
import io.quarentena.job.internal.TruncationGuard;
import io.quarentena.spark.HistoryTable;
import io.quarentena.spark.Messages;
import io.quarentena.spark.PolicyView;
import io.quarentena.spark.QuarantinePipeline;
import io.quarentena.spark.QuarantineRun;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RejectsTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SourceInput;
import io.quarentena.spark.TableColumns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job: reads the sources of a configuration file, computes the quarantine for a load date,
 * replaces that date in the quarantine and rejects tables, and prints a summary per channel. Runs
 * with spark-submit and as a Databricks JAR task; it uses the session it finds and never stops it.
 *
 * <pre>
 * spark-submit --class io.quarentena.job.QuarantineJob quarentena-job-bundle.jar \
 *   --config job.conf --as-of 2024-05-28
 * </pre>
 *
 * <p>Without {@code --as-of} the load date is today in the configured zone ({@code
 * America/Sao_Paulo} by default). Every configuration key is documented in {@code
 * docs/configuration.md}. From code:
 *
 * <pre>{@code
 * RunSummary summary = QuarantineJob.run(spark, "--config", "job.conf", "--as-of", "2024-05-28");
 * }</pre>
 *
 * <p>or, typed, with a parsed configuration, the secrets and the clock given: {@link #builder}.
 */
public final class QuarantineJob {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineJob.class);

  static final String USAGE =
      "usage: QuarantineJob --config <file> [--as-of YYYY-MM-DD] [--allow-drop]\n"
          + "  --config      the job configuration (HOCON), a local path or a Hadoop URI (dbfs:/, s3a://)\n"
          + "  --as-of       the load date (data_carga); default: today in the configured zone\n"
          + "  --allow-drop  this run only: accept a channel whose accepted rows fell by more than\n"
          + "                quarentena.guards.max-drop against the previous load\n"
          + "  --simulate    a candidate policy file: compare it with the configured policy and\n"
          + "                write nothing to the job's tables (JobSimulation; docs/simulation.md)";

  private final SparkSession spark;
  private final JobConfig config;
  private final SecretProvider secrets;
  private final Clock clock;
  private final boolean allowDrop;

  private QuarantineJob(Builder b) {
    this.spark = b.spark;
    this.config = b.config;
    this.secrets = b.secrets;
    this.clock = b.clock;
    this.allowDrop = b.allowDrop;
  }

  /**
   * The typed way to run the job from code: a parsed configuration (from {@link JobFile} or built
   * otherwise), the secrets and the clock given, not found.
   *
   * <pre>{@code
   * RunSummary summary =
   *     QuarantineJob.builder(spark, JobFile.load(Path.of("job.conf")))
   *         .secrets(secrets)
   *         .clock(Clock.systemUTC())
   *         .build()
   *         .run(LocalDate.parse("2024-05-28"));
   * }</pre>
   *
   * @param spark the session (never stopped by the job)
   * @param config the configuration
   * @return a builder; by default the secrets are {@link SecretProviders#defaults()}, the clock
   *     UTC's system clock, and the truncation guard is on
   */
  public static Builder builder(SparkSession spark, JobConfig config) {
    return new Builder(spark, config);
  }

  /** Builds a {@link QuarantineJob}. */
  public static final class Builder {
    private final SparkSession spark;
    private final JobConfig config;
    private SecretProvider secrets = SecretProviders.defaults();
    private Clock clock = Clock.systemUTC();
    private boolean allowDrop;

    private Builder(SparkSession spark, JobConfig config) {
      this.spark = Objects.requireNonNull(spark, "spark");
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Where {@code secret:} references (connections, the PII hash key) are resolved.
     *
     * @param secrets the provider
     * @return this builder
     */
    public Builder secrets(SecretProvider secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets");
      return this;
    }

    /**
     * The clock of "today" (without a load date) and of the runs table's timestamps.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * This run only: accept a channel whose accepted rows fell by more than the guard's {@code
     * max-drop} against the previous load ({@code --allow-drop}).
     *
     * @param allowDrop true to accept the drop
     * @return this builder
     */
    public Builder allowDrop(boolean allowDrop) {
      this.allowDrop = allowDrop;
      return this;
    }

    /**
     * The job.
     *
     * @return the job, ready to run
     */
    public QuarantineJob build() {
      return new QuarantineJob(this);
    }
  }

  /**
   * Runs the job for a load date.
   *
   * @param loadDate the load date ({@code data_carga})
   * @return the run's summary
   * @throws IllegalStateException when the run fails (recorded as FAILED in the runs table), saying
   *     why and which tables it changed
   */
  public RunSummary run(LocalDate loadDate) {
    return run(spark, clock, config, loadDate, allowDrop, secrets);
  }

  /**
   * Runs the job for today in the configured zone, by the builder's clock.
   *
   * @return the run's summary
   */
  public RunSummary run() {
    return run(today(config, clock));
  }

  /**
   * Runs the job on the active session (spark-submit, Databricks) or a new one.
   *
   * @param args {@code --config <file> [--as-of YYYY-MM-DD]}
   */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("quarentena").getOrCreate();
    if (java.util.Arrays.asList(args).contains("--simulate")) {
      JobSimulation.run(spark, args);
      return;
    }
    run(spark, args);
  }

  /**
   * Runs the job on a session.
   *
   * @param spark the session
   * @param args {@code --config <file> [--as-of YYYY-MM-DD]}
   * @return the run's summary
   * @throws IllegalArgumentException on bad arguments or configuration, naming the key
   * @throws IllegalStateException when the run fails (recorded as FAILED in the runs table), saying
   *     why and which tables it changed: none, the rejects only (written first), or both
   */
  public static RunSummary run(SparkSession spark, String... args) {
    return run(spark, Clock.systemUTC(), args);
  }

  static RunSummary run(SparkSession spark, Clock clock, String... args) {
    String configLocation = null;
    String asOf = null;
    boolean allowDrop = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--config" -> configLocation = value(args, ++i, arg);
        case "--as-of" -> asOf = value(args, ++i, arg);
        case "--allow-drop" -> allowDrop = true;
        case "--simulate" ->
            throw new IllegalArgumentException(
                "--simulate is a mode of its own, which returns a simulation, not a run's summary:"
                    + " call JobSimulation.run(spark, args) (main does)\n"
                    + JobSimulation.USAGE);
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
    }
    if (configLocation == null) {
      throw new IllegalArgumentException("--config is required\n" + USAGE);
    }
    LocalDate given = asOf == null ? null : parseDate(asOf); // before reading anything
    JobConfig config = loadConfig(spark, configLocation);
    LocalDate loadDate = given != null ? given : today(config, clock);
    return builder(spark, config).clock(clock).allowDrop(allowDrop).build().run(loadDate);
  }

  private static RunSummary run(
      SparkSession spark,
      Clock clock,
      JobConfig config,
      LocalDate loadDate,
      boolean allowDrop,
      SecretProvider secrets) {
    Instant started = clock.instant();
    String runId = UUID.randomUUID().toString();
    RunsTable runs = RunsTable.of(spark, config.runsTable());
    LOG.info(
        "Quarantine job {}: load date {}, policy {}, {} sources, output {}, rejects {}, runs {}",
        runId,
        loadDate,
        config.policy(),
        config.sources().size(),
        config.outputTable(),
        config.rejectsTable(),
        config.runsTable());
    SourceReader reader = new SourceReader(spark, config.stagingDir(), loadDate, secrets);
    RunProgress progress = new RunProgress(loadDate, config.outputTable(), config.rejectsTable());
    try {
      RunSummary summary =
          compute(spark, config, loadDate, allowDrop, reader, runs, progress, secrets);
      System.out.println(summary.toTable());
      record(runs, runId, loadDate, started, clock, config, reader, summary, null);
      return summary;
    } catch (Exception | Error e) { // SparkException is checked, and thrown undeclared
      RuntimeException failure = progress.failure(e);
      try {
        record(runs, runId, loadDate, started, clock, config, reader, null, failure);
      } catch (RuntimeException recordFailure) {
        failure.addSuppressed(recordFailure);
      }
      if (e instanceof Error error) {
        error.addSuppressed(failure);
        throw error;
      }
      throw failure;
    }
  }

  /** A source that cannot be read, and is not (or cannot be) carried forward. */
  private static final class UnreadableSource extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String reason;

    UnreadableSource(String source, String reason, String message, Throwable cause) {
      super(message, cause);
      this.source = source;
      this.reason = reason;
    }
  }

  /**
   * Handles a source that cannot be read: fails the run, or marks it to be carried forward when it
   * is configured so and has a fixed channel.
   */
  private static void unavailable(
      JobConfig.Source source,
      String reason,
      Throwable cause,
      Map<JobConfig.Source, String> unavailable) {
    String name = source.spec().name();
    String channel = source.spec().channel().map(Object::toString).orElse("(column)");
    String own = "source '" + name + "': "; // the reader's prefix, said once here
    String cannot =
        "source '"
            + name
            + "' (channel "
            + channel
            + ") cannot be read: "
            + (reason.startsWith(own) ? reason.substring(own.length()) : reason);
    if (source.carryForward() && source.spec().channel().isEmpty()) {
      throw new UnreadableSource(
          name,
          reason,
          Messages.sentences(
              cannot,
              "on-unavailable = carry-forward needs a fixed channel, and this source takes its"
                  + " channel from a column"),
          cause);
    }
    if (!source.carryForward()) {
      throw new UnreadableSource(
          name,
          reason,
          Messages.sentences(
              cannot,
              "To carry the channel's previous entries forward while this source is down, set"
                  + " on-unavailable = carry-forward on it"),
          cause);
    }
    LOG.warn(
        "Source '{}' (channel {}) cannot be read; its previous entries are carried forward: {}",
        name,
        channel,
        reason);
    unavailable.put(source, reason);
  }

  private static RunSummary compute(
      SparkSession spark,
      JobConfig config,
      LocalDate loadDate,
      boolean allowDrop,
      SourceReader reader,
      RunsTable runs,
      RunProgress progress,
      SecretProvider secrets) {
    Map<JobConfig.Source, Dataset<Row>> read = new LinkedHashMap<>();
    Map<JobConfig.Source, String> unavailable = new LinkedHashMap<>();
    for (JobConfig.Source source : config.sources()) {
      try {
        read.put(source, reader.read(source));
      } catch (RuntimeException e) {
        unavailable(source, Messages.clause(e.getMessage()), e, unavailable);
      }
    }
    QuarantinePipeline pipeline =
        QuarantinePipeline.builder(config.policy()).zone(config.zone()).build();
    while (true) {
      if (read.isEmpty()) {
        throw new IllegalStateException(
            "no source could be read (" + unavailable.size() + " unavailable)");
      }
      List<SourceInput> inputs = new ArrayList<>();
      read.forEach((source, rows) -> inputs.add(SourceInput.of(source.spec(), rows)));
      try (QuarantineRun run = pipeline.run(loadDate, inputs)) {
        List<RunSummary.SourceCounts> counts;
        try {
          counts = run.sources(); // the action that scans every source
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
          // Spark reads lazily: a file gone or damaged since the source was opened shows here.
          // Find the source whose file it is, then fail as for a source that cannot be opened,
          // or carry it forward and compute the others again.
          JobConfig.Source culprit = null;
          FailedFile file = null;
          for (Map.Entry<JobConfig.Source, Dataset<Row>> r : read.entrySet()) {
            var found = FailedFile.in(e, r.getValue());
            if (found.isPresent()) {
              culprit = r.getKey();
              file = found.get();
              break;
            }
          }
          if (culprit == null) {
            throw e;
          }
          unavailable(culprit, file.describe(), e, unavailable);
          read.remove(culprit);
          continue;
        }
        return write(
            spark, config, loadDate, allowDrop, runs, run, counts, unavailable, progress, secrets);
      }
    }
  }

  /**
   * Carries the unavailable sources' channels forward, checks the guard, and writes: the rejects
   * first and the quarantine table last, so that a failure of any other write leaves the quarantine
   * table at its last good load.
   */
  private static RunSummary write(
      SparkSession spark,
      JobConfig config,
      LocalDate loadDate,
      boolean allowDrop,
      RunsTable runs,
      QuarantineRun run,
      List<RunSummary.SourceCounts> counts,
      Map<JobConfig.Source, String> unavailable,
      RunProgress progress,
      SecretProvider secrets) {
    QuarantineTable table = QuarantineTable.of(spark, config.outputTable());
    // Minimise this run's entries only: carried ones come from the table, minimised already
    // (hashing them again would make a carried e-mail's hash differ from a fresh one's).
    Dataset<Row> entries = PiiColumns.apply(run.entries(), config.pii(), secrets);
    List<RunSummary.CarriedForward> carried = new ArrayList<>();
    List<Dataset<Row>> carriedRows = new ArrayList<>();
    Map<Channel, LocalDate> carriedFrom = new LinkedHashMap<>();
    for (Map.Entry<JobConfig.Source, String> u : unavailable.entrySet()) {
      CarryForward.Carried c =
          CarryForward.previous(table, u.getKey().spec().channel().orElseThrow(), loadDate);
      carriedRows.add(c.rows());
      carriedFrom.put(u.getKey().spec().channel().orElseThrow(), c.from());
      carried.add(
          new RunSummary.CarriedForward(
              u.getKey().spec().name(),
              u.getKey().spec().channel().orElseThrow().id(),
              c.from(),
              c.count(),
              u.getValue()));
    }
    if (!carriedRows.isEmpty()) {
      Dataset<Row> merged = CarryForward.merge(entries, carriedRows);
      List<RunSummary.CarriedForward> kept = new ArrayList<>();
      Map<String, Long> carriedKept = new LinkedHashMap<>();
      for (Row r :
          merged.groupBy(TableColumns.CHANNEL, CarryForward.CARRIED).count().collectAsList()) {
        if (r.getBoolean(1)) {
          carriedKept.put(r.getString(0), r.getLong(2));
        }
      }
      for (RunSummary.CarriedForward c : carried) {
        kept.add(
            new RunSummary.CarriedForward(
                c.source(),
                c.channel(),
                c.fromLoadDate(),
                carriedKept.getOrDefault(c.channel(), 0L),
                c.reason()));
      }
      carried = kept;
      entries = merged.drop(CarryForward.CARRIED);
    }
    TruncationGuard.check(
        counts, carried, runs.lastReadByChannel(loadDate), config.maxDrop(), allowDrop);
    table.checkSchemaIfExists(); // before the rejects are written, not after
    RejectsTable rejects = RejectsTable.of(spark, config.rejectsTable());
    rejects.write(
        config.pii().minimises()
            ? PiiColumns.applyToRejects(run.rejectsWithContacts(), config.pii(), secrets)
            : run.rejects(),
        loadDate);
    progress.rejectsWritten();
    // The history a live send needs to complete a cap (docs/rules.md), before the table: a
    // service that sees the new load finds its history there already.
    HistoryTable history = HistoryTable.beside(spark, config.outputTable());
    history.write(
        CarryForward.history(
            PiiColumns.apply(run.history(), config.pii(), secrets),
            history,
            carriedFrom,
            config.policy(),
            loadDate),
        loadDate);
    table.write(entries, loadDate);
    progress.quarantineWritten();
    // The entries per channel counted in the table as written (carried entries included, a key
    // both read and carried once), not computed again.
    RunSummary written = run.summary(table);
    Map<String, Long> inQuarantine = new LinkedHashMap<>();
    written.channels().forEach(c -> inQuarantine.put(c.channel(), c.inQuarantine()));
    RunSummary summary = written.withCarriedForward(carried, inQuarantine);
    if (config.retentionDays() != null) {
      LocalDate cutoff = loadDate.minusDays(config.retentionDays());
      progress.retentionStarted(cutoff);
      table.deleteLoadDatesBefore(cutoff);
      progress.retained("quarantine");
      rejects.deleteLoadDatesBefore(cutoff);
      progress.retained("rejects");
      history.deleteLoadDatesBefore(cutoff);
    }
    PolicyView.of(config.policy()).publish(spark, config.outputTable()); // docs/sql.md
    return summary;
  }

  private static void record(
      RunsTable runs,
      String runId,
      LocalDate loadDate,
      Instant started,
      Clock clock,
      JobConfig config,
      SourceReader reader,
      @Nullable RunSummary summary,
      @Nullable RuntimeException error) {
    List<RunsTable.SourceRun> sources = new ArrayList<>();
    List<RunsTable.ChannelRun> channels = new ArrayList<>();
    UnreadableSource unreadable = null;
    for (Throwable t = error; t != null && unreadable == null; t = t.getCause()) {
      unreadable = t instanceof UnreadableSource u ? u : null;
    }
    for (JobConfig.Source s : config.sources()) {
      String name = s.spec().name();
      String channel = s.spec().channel().map(c -> c.id()).orElse(null);
      var fetched = reader.fetched(name);
      Long bytes =
          fetched.map(f -> (Long) f.sizeBytes()).orElse(SourceReader.localSize(s.location()));
      String checksum = fetched.map(f -> f.checksum()).orElse(null);
      RunSummary.CarriedForward carried =
          summary == null
              ? null
              : summary.carriedForward().stream()
                  .filter(c -> c.source().equals(name))
                  .findFirst()
                  .orElse(null);
      RunSummary.SourceCounts counts =
          summary == null || carried != null
              ? null
              : summary.sources().stream()
                  .filter(c -> c.source().equals(name))
                  .findFirst()
                  .orElse(null);
      boolean failed = unreadable != null && unreadable.source.equals(name);
      sources.add(
          new RunsTable.SourceRun(
              name,
              channel,
              s.format(),
              s.location(),
              carried != null
                  ? "CARRIED_FORWARD"
                  : counts != null ? "READ" : failed ? "UNREADABLE" : "NOT_COMPLETED",
              counts == null ? null : counts.read(),
              counts == null ? null : counts.accepted(),
              counts == null ? null : counts.rejectedTotal(),
              bytes,
              checksum,
              carried != null ? carried.reason() : failed ? unreadable.reason : null,
              counts == null ? List.of() : counts.warnings()));
    }
    if (summary != null) {
      for (RunSummary.ChannelCounts c : summary.channels()) {
        LocalDate from =
            summary.carriedForward().stream()
                .filter(cf -> cf.channel().equals(c.channel()))
                .map(RunSummary.CarriedForward::fromLoadDate)
                .findFirst()
                .orElse(null);
        channels.add(new RunsTable.ChannelRun(c.channel(), c.inQuarantine(), from));
      }
    }
    runs.append(
        new RunsTable.Run(
            runId,
            loadDate,
            started,
            clock.instant(),
            error == null,
            error == null ? null : error.getMessage(),
            config.policy().name(),
            fingerprint(config.policy()),
            sources,
            channels));
    LOG.info("Run {} recorded in {}", runId, runs.location());
  }

  /** A short, stable fingerprint of the rules, so the runs say which rules produced a load. */
  static String fingerprint(QuarantinePolicy policy) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(policy.toProperties())
        .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  static LocalDate today(JobConfig config, Clock clock) {
    LocalDate today = LoadDates.today(clock, config.zone());
    LOG.info("No --as-of: the load date is today in {}: {}", config.zone(), today);
    return today;
  }

  static LocalDate parseDate(String asOf) {
    try {
      return LocalDate.parse(asOf.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--as-of '" + asOf + "' is not a date; expected YYYY-MM-DD, for example 2024-05-28", e);
    }
  }

  /** A local file, or any Hadoop URI (dbfs:/, s3a://, abfss://) read through the session. */
  static JobConfig loadConfig(SparkSession spark, String location) {
    Path local = localPath(location);
    if (local != null) {
      return JobFile.load(local);
    }
    return JobFile.parse(readText(spark, location, "config file"), "config file " + location);
  }

  /**
   * A text file's content, UTF-8: a local file, or any Hadoop URI read through the session.
   *
   * @param what the file's role, for the error
   */
  static String readText(SparkSession spark, String location, String what) {
    Path local = localPath(location);
    try {
      if (local != null) {
        return java.nio.file.Files.readString(local, StandardCharsets.UTF_8);
      }
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + what + " " + location, e);
    }
  }

  /** The local path a location names, or null for a Hadoop URI. */
  private static @Nullable Path localPath(String location) {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      return Paths.get(location);
    }
    String scheme = uri.getScheme();
    if (scheme == null || scheme.length() == 1) {
      return Paths.get(location);
    }
    return scheme.equals("file") ? Path.of(uri) : null;
  }
}

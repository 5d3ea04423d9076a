package io.quarentena.spark;

import io.quarentena.LoadDates;
import io.quarentena.spark.internal.JobConfig;
import io.quarentena.spark.internal.SourceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job: reads the sources of a configuration file, computes the quarantine for a load date,
 * replaces that date in the quarantine and rejects tables, and prints a summary per channel. Runs
 * with spark-submit and as a Databricks JAR task; it uses the session it finds and never stops it.
 *
 * <pre>
 * spark-submit --class io.quarentena.spark.QuarantineJob quarentena-spark-job.jar \
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
 */
public final class QuarantineJob {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineJob.class);

  static final String USAGE =
      "usage: QuarantineJob --config <file> [--as-of YYYY-MM-DD]\n"
          + "  --config  the job configuration (HOCON), a local path or a Hadoop URI (dbfs:/, s3a://)\n"
          + "  --as-of   the load date (data_carga); default: today in the configured zone";

  private QuarantineJob() {}

  /**
   * Runs the job on the active session (spark-submit, Databricks) or a new one.
   *
   * @param args {@code --config <file> [--as-of YYYY-MM-DD]}
   */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("quarentena").getOrCreate();
    run(spark, args);
  }

  /**
   * Runs the job on a session.
   *
   * @param spark the session
   * @param args {@code --config <file> [--as-of YYYY-MM-DD]}
   * @return the run's summary
   * @throws IllegalArgumentException on bad arguments or configuration, naming the key
   */
  public static RunSummary run(SparkSession spark, String... args) {
    return run(spark, Clock.systemUTC(), args);
  }

  static RunSummary run(SparkSession spark, Clock clock, String... args) {
    String configLocation = null;
    String asOf = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--config" -> configLocation = value(args, ++i, arg);
        case "--as-of" -> asOf = value(args, ++i, arg);
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
    }
    if (configLocation == null) {
      throw new IllegalArgumentException("--config is required\n" + USAGE);
    }
    LocalDate given = asOf == null ? null : parseDate(asOf); // before reading anything
    JobConfig config = loadConfig(spark, configLocation);
    LocalDate loadDate = given != null ? given : today(config, clock);
    return run(spark, config, loadDate);
  }

  private static RunSummary run(SparkSession spark, JobConfig config, LocalDate loadDate) {
    LOG.info(
        "Quarantine job: load date {}, policy {}, {} sources, output {}, rejects {}",
        loadDate,
        config.policy(),
        config.sources().size(),
        config.outputTable(),
        config.rejectsTable());
    SourceReader reader = new SourceReader(spark, config.stagingDir(), loadDate);
    List<SourceInput> inputs = new ArrayList<>();
    for (JobConfig.Source source : config.sources()) {
      inputs.add(SourceInput.of(source.spec(), reader.read(source)));
    }
    QuarantinePipeline pipeline =
        QuarantinePipeline.builder(config.policy()).zone(config.zone()).build();
    try (QuarantineRun run = pipeline.run(loadDate, inputs)) {
      QuarantineTable.of(spark, config.outputTable()).write(run.entries(), loadDate);
      RejectsTable.of(spark, config.rejectsTable()).write(run.rejects(), loadDate);
      RunSummary summary = run.summary();
      System.out.println(summary.toTable());
      return summary;
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static LocalDate today(JobConfig config, Clock clock) {
    LocalDate today = LoadDates.today(clock, config.zone());
    LOG.info("No --as-of: the load date is today in {}: {}", config.zone(), today);
    return today;
  }

  private static LocalDate parseDate(String asOf) {
    try {
      return LocalDate.parse(asOf.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--as-of '" + asOf + "' is not a date; expected YYYY-MM-DD, for example 2024-05-28", e);
    }
  }

  /** A local file, or any Hadoop URI (dbfs:/, s3a://, abfss://) read through the session. */
  private static JobConfig loadConfig(SparkSession spark, String location) {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      return JobConfig.load(Paths.get(location));
    }
    String scheme = uri.getScheme();
    if (scheme == null || scheme.length() == 1) {
      return JobConfig.load(Paths.get(location));
    }
    if (scheme.equals("file")) {
      return JobConfig.load(Path.of(uri));
    }
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(path)) {
        return JobConfig.parse(
            new String(in.readAllBytes(), StandardCharsets.UTF_8), "config file " + location);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the config file " + location, e);
    }
  }
}

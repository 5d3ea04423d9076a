package io.quarentena.examples;

import io.quarentena.job.QuarantineJob;
import io.quarentena.spark.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The whole job on the embedded default: a local Spark with Delta, the article's six sources
 * written as real files (an xlsx, a {@code ;} CSV, parquet, nested JSON lines, two Delta tables),
 * the job run from a configuration file exactly as spark-submit or Databricks would run it, and the
 * result printed: the table, the summary per channel, and where the rejects are.
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl examples -am package exec:exec     # the README's run command
 * </pre>
 *
 * <p>Arguments: {@code [--as-of 2024-05-28] [--home DIR]}. Everything is written under {@code DIR}
 * (default {@code examples/target/quarentena-local}): {@code sources/}, {@code tables/} (the
 * quarantine and rejects Delta tables), {@code quarentena-local.conf} (the job's configuration, to
 * read and to copy). {@link CampaignEngine} reads the quarantine table itself, without Spark.
 */
public final class LocalJob {

  /** Where the example writes when no {@code --home} is given. */
  public static final Path DEFAULT_HOME = Paths.get("target", "quarentena-local");

  private LocalJob() {}

  /**
   * Runs the example and stops the local session.
   *
   * @param args {@code [--as-of YYYY-MM-DD] [--home DIR]}
   */
  public static void main(String[] args) {
    LocalDate asOf = SampleSources.AS_OF;
    Path home = DEFAULT_HOME;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--as-of" ->
            asOf = LocalDate.parse(Objects.requireNonNull(value, "--as-of needs a date"));
        case "--home" ->
            home = Paths.get(Objects.requireNonNull(value, "--home needs a directory"));
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; usage: LocalJob [--as-of YYYY-MM-DD] [--home DIR]");
      }
      i++;
    }
    runAndStop(home, asOf);
  }

  /**
   * Runs the example, prints its report, and stops the local session.
   *
   * @param home the example's directory
   * @param asOf the load date
   */
  static void runAndStop(Path home, LocalDate asOf) {
    SparkSession spark = LocalSpark.session(home);
    try {
      System.out.print(run(spark, home, asOf));
    } finally {
      spark.stop();
    }
  }

  /**
   * Writes the sample and runs the job.
   *
   * @param spark a local session with Delta ({@link LocalSpark})
   * @param home the example's directory
   * @param asOf the load date
   * @return the report to print
   */
  public static String run(SparkSession spark, Path home, LocalDate asOf) {
    Path dir = home.toAbsolutePath();
    SampleSources.write(spark, dir.resolve("sources"));
    Path config = writeConfig(dir);

    RunSummary summary =
        QuarantineJob.run(spark, "--config", config.toString(), "--as-of", asOf.toString());

    Dataset<Row> table =
        spark.read().format("delta").load(dir.resolve("tables/quarentena_global").toString());
    Dataset<Row> load = table.where(table.col("data_carga").equalTo(java.sql.Date.valueOf(asOf)));
    Dataset<Row> rejects =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("tables/quarentena_rejeitados").toString())
            .where("data_carga = DATE'" + asOf + "'");

    StringBuilder out = new StringBuilder();
    out.append(String.format("%nquarentena_global, data_carga = %s:%n%n", asOf));
    out.append(show(load.orderBy("canal", "id_cliente"), 100));
    out.append(
        String.format(
            "%nSummary (per channel and source, printed by the job above): %d rows read,"
                + " %d accepted, %d rejected; %d customer-channel entries in quarantine.%n",
            summary.read(), summary.accepted(), summary.rejected(), summary.inQuarantine()));
    out.append(
        String.format(
            "%n%d rejected rows, with the reason and the raw values, in %s (data_carga = %s):%n%n",
            rejects.count(), dir.resolve("tables/quarentena_rejeitados"), asOf));
    out.append(show(rejects.select("fonte", "motivo", "detalhe"), 20));
    out.append(String.format("%nConfiguration: %s%n", config));
    out.append(String.format("Tables:        %s%n", dir.resolve("tables")));
    out.append(String.format("Quarantine:    %s (CampaignEngine reads it)%n", tableDir(dir)));
    return out.toString();
  }

  /** Where the job writes the quarantine table. */
  static Path tableDir(Path home) {
    return home.toAbsolutePath().resolve("tables/quarentena_global");
  }

  static Path writeConfig(Path dir) {
    try (InputStream in = LocalJob.class.getResourceAsStream("/quarentena-local.conf")) {
      if (in == null) {
        throw new IllegalStateException("quarentena-local.conf is missing from the classpath");
      }
      String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Path config = dir.resolve("quarentena-local.conf");
      Files.writeString(
          config,
          "local.home = \"" + dir.toString().replace("\\", "/") + "\"\n\n" + template,
          StandardCharsets.UTF_8);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the configuration under " + dir, e);
    }
  }

  private static String show(Dataset<Row> rows, int max) {
    String[] columns = rows.columns();
    List<Row> data = rows.limit(max).collectAsList();
    int[] width = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      width[c] = columns[c].length();
      for (Row r : data) {
        width[c] = Math.max(width[c], String.valueOf(r.get(c)).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    StringBuilder line = new StringBuilder("+");
    for (int w : width) {
      line.append("-".repeat(w + 2)).append('+');
    }
    sb.append(line).append('\n').append(cells(columns, width)).append(line).append('\n');
    for (Row r : data) {
      String[] values = new String[columns.length];
      for (int c = 0; c < columns.length; c++) {
        values[c] = r.isNullAt(c) ? "NULL" : String.valueOf(r.get(c));
      }
      sb.append(cells(values, width));
    }
    return sb.append(line).append('\n').toString();
  }

  private static String cells(String[] values, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < values.length; c++) {
      sb.append(' ').append(String.format("%-" + width[c] + "s", values[c])).append(" |");
    }
    return sb.append('\n').toString();
  }
}

package io.quarentena.examples;

import io.quarentena.job.JobSimulation;
import io.quarentena.simulation.SimulationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * A rule change simulated before it is applied, on the bundled sample: the job's {@code --simulate}
 * mode compares the six default rules with a candidate that shortens Marketing from 7 days to 5
 * ({@code quarentena-candidate.conf}), prints the summary, and writes the per-customer rows, the
 * forecast and the HTML report beside the quarantine table, which it does not write.
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl examples -am package exec:exec \
 *   -Dexample.mainClass=io.quarentena.examples.LocalSimulation
 * </pre>
 *
 * <p>Arguments: {@code [--as-of 2024-05-28] [--home DIR]}, as {@link LocalJob}. Under {@code DIR}
 * (default {@code examples/target/quarentena-local}): {@code simulacao.html} (open it in a
 * browser), {@code tables/quarentena_global_simulacao/} and {@code
 * tables/quarentena_global_previsao/} (CSV: the output is a path), {@code
 * quarentena-candidate.conf}.
 */
public final class LocalSimulation {

  private LocalSimulation() {}

  /**
   * Runs the example and stops the local session.
   *
   * @param args {@code [--as-of YYYY-MM-DD] [--home DIR]}
   */
  public static void main(String[] args) {
    LocalDate asOf = SampleSources.AS_OF;
    Path home = LocalJob.DEFAULT_HOME;
    for (int i = 0; i < args.length; i += 2) {
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
                    + "; usage: LocalSimulation [--as-of YYYY-MM-DD] [--home DIR]");
      }
    }
    SparkSession spark = LocalSpark.session(home);
    try {
      run(spark, home, asOf);
    } finally {
      spark.stop();
    }
  }

  /**
   * Writes the sample, the job's configuration and the candidate, and simulates; the job prints the
   * summary.
   *
   * @param spark a local session with Delta ({@link LocalSpark})
   * @param home the example's directory
   * @param asOf the load date
   * @return the simulation's result
   */
  public static SimulationResult run(SparkSession spark, Path home, LocalDate asOf) {
    Path dir = home.toAbsolutePath();
    SampleSources.write(spark, dir.resolve("sources"));
    Path config = LocalJob.writeConfig(dir);
    Path candidate = dir.resolve("quarentena-candidate.conf");
    try (InputStream in = LocalSimulation.class.getResourceAsStream("/quarentena-candidate.conf")) {
      Files.write(
          candidate, Objects.requireNonNull(in, "quarentena-candidate.conf").readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + candidate, e);
    }
    return JobSimulation.run(
        spark,
        "--config",
        config.toString(),
        "--as-of",
        asOf.toString(),
        "--simulate",
        candidate.toString(),
        "--report",
        reportFile(dir).toString());
  }

  /** Where the example writes the HTML report. */
  static Path reportFile(Path home) {
    return home.toAbsolutePath().resolve("simulacao.html");
  }
}

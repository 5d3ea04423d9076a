package io.quarentena.examples;

import io.quarentena.Channel;
import io.quarentena.LoadDates;
import io.quarentena.Quarantine;
import io.quarentena.QuarantinePolicy;
import io.quarentena.SuppressionDecision;
import io.quarentena.serving.DeltaSnapshots;
import io.quarentena.serving.TableWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A campaign engine in plain Java: it reads the quarantine table the job wrote, {@code
 * quarentena_global} itself, with {@code quarentena-serving} (Delta Kernel, no Spark in the
 * service, no export step), asks {@code check} for every customer of an audience before sending,
 * and prints who is held back, why, and from when they may be contacted.
 *
 * <p>The table is the local job's ({@link LocalJob}, under {@code tables/quarentena_global}); when
 * it is missing, the local job runs first. A {@link TableWatcher} keeps the snapshot following the
 * table, as a service would run it.
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl examples -am package exec:exec \
 *     -Dexample.mainClass=io.quarentena.examples.CampaignEngine -Dexample.args=
 * </pre>
 *
 * <p>Arguments: {@code [--home DIR] [--channel Marketing] [--date 2024-05-29]}.
 */
public final class CampaignEngine {

  /** The audience of the "Dia das Mães" e-mail campaign: the customers of the sample and more. */
  static final List<String> AUDIENCE =
      List.of(
          "1234567890", // CRM contact on 05-08: the global quarantine holds every channel
          "2345678901", // Marketing e-mail on 05-24
          "3456789012", // a recommendation on 05-18
          "1001001001", // an offer on 05-26
          "1001001003", // an offer on 05-23: its last day was the load date
          "4567890123", // fraud suspect: open-ended
          "4888888800", // restricted on request until 05-30
          "2500000005", // a Marketing e-mail on 05-20: past the 7 days
          "9000000001"); // never contacted

  private CampaignEngine() {}

  /**
   * Runs the example.
   *
   * @param args {@code [--home DIR] [--channel NAME] [--date YYYY-MM-DD]}
   */
  public static void main(String[] args) {
    Path home = LocalJob.DEFAULT_HOME;
    Channel channel = Channel.MARKETING;
    LocalDate date = SampleSources.AS_OF.plusDays(1);
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--home" -> home = Paths.get(args[i + 1]);
        case "--channel" -> channel = Channel.of(args[i + 1]);
        case "--date" -> date = LocalDate.parse(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; expected --home, --channel or --date");
      }
    }
    Path table = LocalJob.tableDir(home);
    if (!Files.isDirectory(table.resolve("_delta_log"))) {
      System.out.println("No quarantine table under " + table + ": running the local job first.");
      LocalJob.runAndStop(home, SampleSources.AS_OF);
    }
    System.out.print(report(table, channel, date));
  }

  /**
   * Loads the snapshot from the table and decides for the audience.
   *
   * @param table the quarantine table's directory ({@code quarentena_global})
   * @param channel the campaign's channel
   * @param date the day of the send
   * @return the printed report
   */
  static String report(Path table, Channel channel, LocalDate date) {
    ZoneId zone = LoadDates.DEFAULT_ZONE;
    // The service's clock; fixed here so the example prints the same thing every day.
    Clock clock = Clock.fixed(date.atTime(9, 0).atZone(zone).toInstant(), zone);
    // What a service needs: the table, a quarantine (fail closed until loaded), a watcher.
    DeltaSnapshots snapshots = DeltaSnapshots.at(table.toString());
    Quarantine quarantine = Quarantine.builder().clock(clock).zone(zone).build();
    try (TableWatcher watcher =
        TableWatcher.builder(snapshots, QuarantinePolicy.defaults(), quarantine)
            .clock(clock)
            .build()
            .start()) {
      TableWatcher.Status status = watcher.status();
      if (status.lastFailure() != null) {
        throw new IllegalStateException(
            "cannot load the snapshot from " + table + ": " + status.lastFailure().error());
      }
      return report(quarantine, status, table, channel, date);
    }
  }

  private static String report(
      Quarantine quarantine,
      TableWatcher.Status status,
      Path table,
      Channel channel,
      LocalDate date) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%nSnapshot of %s: %,d entries, table version %d, read from %s with Delta Kernel%n",
            status.loadDate(), status.entries(), status.version(), table));
    out.append(
        String.format(
            "Campaign on %s, %s, %d customers in the audience:%n%n",
            channel, date, AUDIENCE.size()));
    out.append(
        String.format("%-12s %-10s %-16s %s%n", "id_cliente", "decision", "contactable", "why"));
    int held = 0;
    for (String customer : AUDIENCE) {
      SuppressionDecision d = quarantine.check(customer, channel, date);
      if (d.suppressed()) {
        held++;
      }
      out.append(
          String.format(
              "%-12s %-10s %-16s %s%n",
              customer,
              d.suppressed() ? "HOLD" : "send",
              d.suppressed()
                  ? d.contactableFromDate().map(LocalDate::toString).orElse("until revoked")
                  : "now",
              d.suppressed() ? d.explain() : ""));
    }
    out.append(String.format("%n%d held back, %d sent.%n", held, AUDIENCE.size() - held));
    out.append(throughput(quarantine, channel, date));
    return out.toString();
  }

  /** The numeric-id API in a loop: what a campaign engine's hot path costs (not a benchmark). */
  private static String throughput(Quarantine quarantine, Channel channel, LocalDate date) {
    int n = 2_000_000;
    long[] ids = new long[n];
    SplittableRandom random = new SplittableRandom(42);
    List<String> audience = AUDIENCE;
    for (int i = 0; i < n; i++) {
      ids[i] =
          random.nextBoolean()
              ? Long.parseLong(audience.get(random.nextInt(audience.size())))
              : 10_000_000_000L + random.nextInt(1_000_000_000);
    }
    int suppressed = 0;
    long start = System.nanoTime();
    for (long id : ids) {
      if (quarantine.isSuppressed(id, channel, date)) {
        suppressed++;
      }
    }
    long nanos = System.nanoTime() - start;
    return String.format(
        "%,d checks with isSuppressed(long, ...) took %,d ms (%.0f ns per check, %,d suppressed);"
            + " see docs/benchmarks.md for measured figures.%n",
        n, nanos / 1_000_000, (double) nanos / n, suppressed);
  }
}

package io.quarentena.benchmarks.live;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.LoadDates;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.SendLog;
import io.quarentena.kafka.KafkaSendLog;
import io.quarentena.kafka.testing.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The propagation delay of a live send: three instances of a service, each a {@link Quarantine}
 * connected to its own {@link KafkaSendLog} on one KRaft broker on loopback (the test fixture, in a
 * child JVM); a send recorded on the first instance, timed until the next check on each of the two
 * others blocks the customer. Sends go one at a time, each to a new customer, after a warm-up.
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl quarentena-benchmarks -am package exec:exec -Dbench.heap=-Xmx1g \
 *     -Dbench.mainClass=io.quarentena.benchmarks.live.PropagationBenchmark -Dbench.args="500"
 * </pre>
 *
 * <p>Prints the delay's percentiles to each observer and to both (the later of the two), in
 * milliseconds.
 */
public final class PropagationBenchmark {

  private static final ZoneId ZONE = LoadDates.DEFAULT_ZONE;
  private static final String TOPIC = "quarentena-envios";
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final int WARM_UP = 50;

  private PropagationBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args the number of measured sends (500 by default)
   */
  @SuppressWarnings("try") // the subscriptions are held open by their try block
  public static void main(String[] args) {
    int sends = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Clock clock = Clock.systemUTC();
    LocalDate today = LoadDates.today(clock, ZONE);
    QuarantinePolicy policy =
        QuarantinePolicy.builder("propagation")
            .rule(QuarantineRule.fixedPeriod(Channel.CRM, 30))
            .build();
    try (KafkaBroker broker = KafkaBroker.start()) {
      broker.createTopic(TOPIC, 3);
      try (KafkaSendLog logA = log(broker, "a", clock);
          KafkaSendLog logB = log(broker, "b", clock);
          KafkaSendLog logC = log(broker, "c", clock)) {
        Quarantine a = quarantine(policy, today, clock);
        Quarantine b = quarantine(policy, today, clock);
        Quarantine c = quarantine(policy, today, clock);
        try (SendLog.Subscription sa = a.connect(logA);
            SendLog.Subscription sb = b.connect(logB);
            SendLog.Subscription sc = c.connect(logC)) {
          long[] toB = new long[sends];
          long[] toC = new long[sends];
          long[] toBoth = new long[sends];
          for (int i = -WARM_UP; i < sends; i++) {
            String customer = String.format(Locale.ROOT, "%011d", 10_000_000_000L + i + WARM_UP);
            ContactEvent send =
                ContactEvent.builder(customer, Channel.CRM, today)
                    .sendId("propagation/" + customer)
                    .build();
            long start = System.nanoTime();
            a.record(send);
            long seenB = -1;
            long seenC = -1;
            long deadline = start + DEADLINE.toNanos();
            while (seenB < 0 || seenC < 0) {
              long now = System.nanoTime();
              if (seenB < 0 && b.isSuppressed(customer, Channel.CRM, today)) {
                seenB = now;
              }
              if (seenC < 0 && c.isSuppressed(customer, Channel.CRM, today)) {
                seenC = now;
              }
              if (now > deadline) {
                throw new IllegalStateException(
                    "send " + customer + " not seen within " + DEADLINE + ": " + b.status());
              }
              LockSupport.parkNanos(20_000);
            }
            if (i >= 0) {
              toB[i] = seenB - start;
              toC[i] = seenC - start;
              toBoth[i] = Math.max(seenB, seenC) - start;
            }
          }
          System.out.printf(
              Locale.ROOT,
              "%d sends after %d warm-up, 3 instances, one broker on loopback, topic of 3"
                  + " partitions%n",
              sends,
              WARM_UP);
          System.out.println("delay (ms)      p50      p90      p99      max");
          print("to b", toB);
          print("to c", toC);
          print("to both", toBoth);
        }
      }
    }
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    List<String> cells = new ArrayList<>();
    for (double q : new double[] {0.50, 0.90, 0.99, 1.0}) {
      int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
      cells.add(String.format(Locale.ROOT, "%8.2f", sorted[Math.max(0, index)] / 1e6));
    }
    System.out.printf(Locale.ROOT, "%-10s %s%n", what, String.join(" ", cells));
  }

  private static Quarantine quarantine(QuarantinePolicy policy, LocalDate today, Clock clock) {
    QuarantineIndex snapshot = policy.evaluate(List.of(), today).toIndex();
    return Quarantine.builder().clock(clock).zone(ZONE).snapshot(snapshot).build();
  }

  private static KafkaSendLog log(KafkaBroker broker, String id, Clock clock) {
    return KafkaSendLog.builder(broker.bootstrapServers(), TOPIC)
        .zone(ZONE)
        .clock(clock)
        .clientId("propagation-" + id)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }
}

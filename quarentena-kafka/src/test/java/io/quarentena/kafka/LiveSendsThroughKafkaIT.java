package io.quarentena.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.SendDecision;
import io.quarentena.SendLog;
import io.quarentena.kafka.testing.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The promise end to end: a send recorded on one instance of a service blocks the next
 * check on every other, through a real Kafka broker, with the policy's own rules.
 */
@SuppressWarnings("try") // connections are held open by their try blocks
class LiveSendsThroughKafkaIT {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final QuarantinePolicy POLICY =
      QuarantinePolicy.builder("live")
          .rule(QuarantineRule.fixedPeriod(Channel.CRM, 30))
          .rule(QuarantineRule.frequencyCap(Channel.MARKETING, 2, 7))
          .build();

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aSendOnOneInstanceBlocksTheOthersAndTwoInstancesShareOneCap() {
    broker.createTopic("live-sends", 3);
    try (KafkaSendLog logA = log("a");
        KafkaSendLog logB = log("b")) {
      Quarantine a = quarantine();
      Quarantine b = quarantine();
      try (SendLog.Subscription la = a.connect(logA);
          SendLog.Subscription lb = b.connect(logB)) {
        // A CRM send on a: b holds the customer on every channel (a global 30-day rule).
        assertThat(a.tryRecord(send("1111111111", Channel.CRM, "crm-1")).recorded()).isTrue();
        await(() -> b.isSuppressed("1111111111", Channel.MARKETING, LOAD), b::status);
        SendDecision refused = b.tryRecord(send("1111111111", Channel.MARKETING, "m-0"));
        assertThat(refused.outcome()).isEqualTo(SendDecision.Outcome.SUPPRESSED);
        assertThat(refused.decision().explain()).contains("CRM");

        // A cap of 2 in 7 days: one Marketing send on each instance completes it for both.
        assertThat(a.tryRecord(send("2222222222", Channel.MARKETING, "m-1")).recorded()).isTrue();
        await(() -> b.status().liveSends() == 2, b::status);
        assertThat(b.isSuppressed("2222222222", Channel.MARKETING, LOAD)).isFalse();
        assertThat(b.tryRecord(send("2222222222", Channel.MARKETING, "m-2")).recorded()).isTrue();
        await(() -> a.isSuppressed("2222222222", Channel.MARKETING, LOAD), a::status);
        assertThat(a.tryRecord(send("2222222222", Channel.MARKETING, "m-3")).outcome())
            .isEqualTo(SendDecision.Outcome.SUPPRESSED);

        // Each instance counts every send once: its own, and the echo that came back.
        await(() -> a.status().liveSends() == 3 && b.status().liveSends() == 3, a::status);
      }

      // An instance started later replays the day from the log and answers as the others do.
      try (KafkaSendLog logC = log("c")) {
        Quarantine c = quarantine();
        try (SendLog.Subscription lc = c.connect(logC)) {
          await(() -> c.status().liveSends() == 3, c::status);
          assertThat(c.isSuppressed("1111111111", Channel.CRM, LOAD.plusDays(29))).isTrue();
          assertThat(c.isSuppressed("2222222222", Channel.MARKETING, LOAD)).isTrue();
          assertThat(c.isSuppressed("3333333333", Channel.MARKETING, LOAD)).isFalse();
        }
      }
    }
  }

  private static Quarantine quarantine() {
    QuarantineIndex snapshot = POLICY.evaluate(List.of(), LOAD).toIndex();
    return Quarantine.builder().clock(clock()).zone(ZONE).snapshot(snapshot).build();
  }

  private static KafkaSendLog log(String clientId) {
    return KafkaSendLog.builder(broker.bootstrapServers(), "live-sends")
        .zone(ZONE)
        .clock(clock())
        .clientId(clientId)
        .connectTimeout(Duration.ofSeconds(20))
        .build();
  }

  private static Clock clock() {
    return Clock.fixed(LOAD.atTime(12, 0).atZone(ZONE).toInstant(), ZoneOffset.UTC);
  }

  private static ContactEvent send(String customer, Channel channel, String sendId) {
    return ContactEvent.builder(customer, channel, LOAD).sendId(sendId).build();
  }

  private static void await(BooleanSupplier condition, Supplier<?> state) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + DEADLINE + ": " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

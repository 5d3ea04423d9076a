package io.quarentena.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.SendLog;
import io.quarentena.kafka.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KafkaSendLog against a real KRaft broker on loopback, started in a child JVM. */
@SuppressWarnings("try") // a subscription is held open by its try block
class KafkaSendLogIT {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final LocalDate D1 = LocalDate.parse("2024-05-27");
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  /** Short client timeouts, so a stopped broker shows within seconds. */
  private static final Map<String, String> FAST =
      Map.of(
          "delivery.timeout.ms", "3000",
          "request.timeout.ms", "1000",
          "max.block.ms", "2000",
          "reconnect.backoff.max.ms", "500");

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
  void everyFieldOfASendCrossesTheBroker() {
    broker.createTopic("round-trip", 1);
    ContactEvent send =
        ContactEvent.builder("0012345678", Channel.of("Push"), D2)
            .email("cliente@exemplo.com")
            .phone("+55 11 99999-0000")
            .subject("Promoção \"relâmpago\"\n😀")
            .category("transactional")
            .revokedOn(D3)
            .sendId("campanha-42/0012345678")
            .build();
    List<ContactEvent> got = new CopyOnWriteArrayList<>();
    try (KafkaSendLog log = log("round-trip", clockAt(D2)).build();
        SendLog.Subscription s = log.subscribe(D2, got::add)) {
      log.append(send);
      await(() -> !got.isEmpty(), () -> "the send never came back: " + log.status());
      assertThat(got).containsExactly(send);
      await(() -> log.status().unsent() == 0 && log.status().lag() == 0, log::toString);
      assertThat(log.status().lastError()).isNull();
    }
  }

  @Test
  void twoInstancesSeeEachOthersSendsAndTheirOwn() {
    broker.createTopic("two-instances", 3);
    List<ContactEvent> gotA = new CopyOnWriteArrayList<>();
    List<ContactEvent> gotB = new CopyOnWriteArrayList<>();
    ContactEvent fromA = send("111", D2, "a-1");
    ContactEvent fromB = send("222", D2, "b-1");
    try (KafkaSendLog a = log("two-instances", clockAt(D2)).clientId("a").build();
        KafkaSendLog b = log("two-instances", clockAt(D2)).clientId("b").build();
        SendLog.Subscription sa = a.subscribe(D2, gotA::add);
        SendLog.Subscription sb = b.subscribe(D2, gotB::add)) {
      a.append(fromA);
      b.append(fromB);
      await(
          () -> Set.copyOf(gotA).size() == 2 && Set.copyOf(gotB).size() == 2,
          () -> gotA + " / " + gotB);
      assertThat(Set.copyOf(gotA)).containsExactlyInAnyOrder(fromA, fromB);
      assertThat(Set.copyOf(gotB)).containsExactlyInAnyOrder(fromA, fromB);
    }
  }

  @Test
  void aReplayFromADateReturnsTheSendsOfThatDateOnAndARestartedInstanceReplays() {
    broker.createTopic("replay", 2);
    MutableClock clock = new MutableClock(noonOf(D1));
    ContactEvent s1 = send("1", D1, "d1");
    ContactEvent s2 = send("2", D2, "d2");
    ContactEvent s3 = send("3", D3, "d3");
    try (KafkaSendLog writer = log("replay", clock).build()) {
      writer.append(s1);
      await(() -> writer.status().unsent() == 0, writer::toString);
      clock.set(noonOf(D2));
      writer.append(s2);
      await(() -> writer.status().unsent() == 0, writer::toString);
      clock.set(noonOf(D3));
      writer.append(s3);
      await(() -> writer.status().unsent() == 0, writer::toString);
    }
    // A new instance (the writer restarted): replays from its snapshot's load date.
    List<ContactEvent> got = new CopyOnWriteArrayList<>();
    try (KafkaSendLog restarted = log("replay", clock).build();
        SendLog.Subscription s = restarted.subscribe(D2, got::add)) {
      await(() -> got.size() >= 2 && restarted.status().lag() == 0, () -> got.toString());
      assertThat(got).containsExactlyInAnyOrder(s2, s3);
    }
    List<ContactEvent> all = new CopyOnWriteArrayList<>();
    try (KafkaSendLog again = log("replay", clock).build();
        SendLog.Subscription s = again.subscribe(D1, all::add)) {
      await(() -> all.size() >= 3, all::toString);
      assertThat(all).containsExactlyInAnyOrder(s1, s2, s3);
    }
  }

  @Test
  void aMalformedRecordIsSkippedCountedAndLoggedAndLaterSendsArrive() {
    broker.createTopic("malformed", 1);
    List<ContactEvent> got = new CopyOnWriteArrayList<>();
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new TeeStream(err, logged), true, StandardCharsets.UTF_8));
    try (KafkaSendLog log = log("malformed", clockAt(D2)).build();
        SendLog.Subscription s = log.subscribe(D2, got::add)) {
      broker.produceRaw("malformed", null, "not a send".getBytes(StandardCharsets.UTF_8));
      broker.produceRaw(
          "malformed", null, "{\"v\":9,\"id_cliente\":\"1\"}".getBytes(StandardCharsets.UTF_8));
      ContactEvent later = send("9", D2, "after-the-bad-ones");
      log.append(later);
      await(() -> !got.isEmpty(), () -> "skipped " + log.skippedRecords());
      assertThat(got).containsExactly(later);
      assertThat(log.skippedRecords()).isEqualTo(2);
    } finally {
      System.setErr(err);
    }
    // slf4j-simple writes to System.err: the log names where each bad record is, and why.
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("Skipped the record of Kafka topic 'malformed' partition 0 offset 0")
        .contains("Skipped the record of Kafka topic 'malformed' partition 0 offset 1")
        .contains("version 9");
  }

  /** Writes to the real stream and keeps a copy. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }

  @Test
  void aStoppedBrokerIsReportedAndBufferedSendsArriveWhenItIsBack() {
    broker.createTopic("faults", 1);
    List<ContactEvent> got = new CopyOnWriteArrayList<>();
    try (KafkaSendLog a = log("faults", clockAt(D2)).properties(FAST).clientId("a").build();
        KafkaSendLog b = log("faults", clockAt(D2)).properties(FAST).clientId("b").build();
        SendLog.Subscription s = b.subscribe(D2, got::add)) {
      ContactEvent before = send("1", D2, "before");
      a.append(before);
      await(() -> got.contains(before), got::toString);

      broker.stop();
      ContactEvent during = send("2", D2, "during");
      a.append(during);
      assertThat(a.status().unsent()).isEqualTo(1);
      await(() -> a.status().lastError() != null, () -> a.status().toString());
      assertThat(a.status().lastError()).contains(broker.bootstrapServers()).contains("'faults'");
      await(() -> b.status().lastError() != null, () -> b.status().toString());
      assertThat(b.status().lag()).isEqualTo(-1);

      broker.restart();
      await(() -> got.contains(during), () -> a.status() + " " + b.status());
      await(
          () -> a.status().unsent() == 0 && a.status().lastError() == null,
          () -> a.status().toString());
      await(
          () -> b.status().lastError() == null && b.status().lag() == 0,
          () -> b.status().toString());
    }
  }

  @Test
  void aFailingListenerDoesNotStopTheSubscriptionAndCloseStopsItsThreads() {
    broker.createTopic("listener-fails", 1);
    List<ContactEvent> got = new CopyOnWriteArrayList<>();
    ContactEvent first = send("1", D2, "first");
    ContactEvent second = send("2", D2, "second");
    try (KafkaSendLog log = log("listener-fails", clockAt(D2)).clientId("closing").build()) {
      log.subscribe(
          D2,
          e -> {
            got.add(e);
            if (e.equals(first)) {
              throw new IllegalStateException("the listener fails on purpose");
            }
          });
      log.append(first);
      await(() -> got.contains(first), got::toString);
      log.append(second);
      await(() -> got.contains(second), got::toString);
    }
    // close() stopped the subscription and the sender: no thread of this log is left.
    await(
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(
                    t ->
                        t.isAlive()
                            && t.getName().contains("quarentena-kafka")
                            && t.getName().contains("closing")),
        () -> "threads left: " + Thread.getAllStackTraces().keySet());
  }

  @Test
  void aMissingTopicFailsNamingTopicAndServers() {
    try (KafkaSendLog log = log("no-such-topic", clockAt(D2)).build()) {
      assertThatThrownBy(() -> log.subscribe(D2, e -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'no-such-topic' does not exist")
          .hasMessageContaining(broker.bootstrapServers());
    }
  }

  @Test
  void anUnreachableBootstrapFailsClearlyAndAppendsWait() throws IOException {
    String nowhere = "127.0.0.1:" + freePort();
    try (KafkaSendLog log =
        KafkaSendLog.builder(nowhere, "quarentena-envios")
            .zone(ZONE)
            .clock(clockAt(D2))
            .connectTimeout(Duration.ofSeconds(2))
            .properties(FAST)
            .build()) {
      assertThatThrownBy(() -> log.subscribe(D2, e -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'" + nowhere + "' did not answer")
          .hasMessageContaining("'quarentena-envios'");
      log.append(send("1", D2, "nowhere"));
      assertThat(log.status().unsent()).isEqualTo(1);
      await(() -> log.status().lastError() != null, () -> log.status().toString());
      assertThat(log.status().lastError()).contains(nowhere).contains("'quarentena-envios'");
    }
  }

  @Test
  void wrongUseIsRefusedWithTheReason() {
    try (KafkaSendLog log = log("round-trip-misuse", clockAt(D2)).build()) {
      assertThatThrownBy(() -> log.append(ContactEvent.of("1", Channel.CRM, D2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no send id");
    }
    assertThatThrownBy(() -> log("t", clockAt(D2)).property("acks", "1"))
        .hasMessageContaining("acks=all");
    assertThatThrownBy(() -> log("t", clockAt(D2)).property("group.id", "g"))
        .hasMessageContaining("sets it itself");
    assertThatThrownBy(() -> KafkaSendLog.builder(broker.bootstrapServers(), "bad topic"))
        .hasMessageContaining("not a valid topic name");
  }

  private static KafkaSendLog.Builder log(String topic, Clock clock) {
    return KafkaSendLog.builder(broker.bootstrapServers(), topic)
        .zone(ZONE)
        .clock(clock)
        .connectTimeout(Duration.ofSeconds(20));
  }

  private static ContactEvent send(String customer, LocalDate date, String id) {
    return ContactEvent.builder(customer, Channel.MARKETING, date).sendId(id).build();
  }

  private static Instant noonOf(LocalDate day) {
    return day.atTime(12, 0).atZone(ZONE).toInstant();
  }

  private static Clock clockAt(LocalDate day) {
    return Clock.fixed(noonOf(day), ZoneOffset.UTC);
  }

  private static void await(BooleanSupplier condition, Supplier<String> state) {
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A clock the test moves: the time stamped on each appended send. */
  private static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}

package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.testing.InMemorySendLog;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Instances sharing their sends through a {@link SendLog} (the in-memory one of the test fixtures):
 * a send recorded on one blocks the next check on the others, repeats and echoes count once, a
 * restarted instance replays from its snapshot's load date.
 */
class SharedSendsTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final QuarantinePolicy CAP =
      QuarantinePolicy.builder("cap")
          .rule(QuarantineRule.frequencyCap(Channel.MARKETING, 2, 7))
          .rule(QuarantineRule.fixedPeriod(Channel.CRM, 30))
          .build();
  static final String ID = "2345678901";

  static QuarantineIndex snapshot(LocalDate load, List<ContactEvent> contacts) {
    return CAP.evaluate(contacts, load).toIndex();
  }

  static ContactEvent send(Channel channel, LocalDate date, String sendId) {
    return ContactEvent.builder(ID, channel, date).sendId(sendId).build();
  }

  @Test
  void aSendRecordedOnOneInstanceBlocksTheOthers() throws Exception {
    try (InMemorySendLog log = new InMemorySendLog(1)) {
      Quarantine a = Quarantine.of(snapshot(LOAD, List.of()));
      Quarantine b = Quarantine.of(snapshot(LOAD, List.of()));
      Quarantine c = Quarantine.of(snapshot(LOAD, List.of()));
      a.connect(log);
      b.connect(log);
      c.connect(log);
      assertThat(a.tryRecord(send(Channel.CRM, LOAD, "crm-1")).recorded()).isTrue();
      log.awaitDelivered();
      assertThat(b.isSuppressed(ID, Channel.MARKETING, LOAD)).isTrue();
      SendDecision refused = c.tryRecord(send(Channel.MARKETING, LOAD, "m-1"));
      assertThat(refused.outcome()).isEqualTo(SendDecision.Outcome.SUPPRESSED);
      assertThat(refused.decision().explain()).contains("CRM: 30 days");
      for (Quarantine q : List.of(a, b, c)) {
        assertThat(q.status().liveSends()).as("the echo counts once").isEqualTo(1);
        assertThat(q.status().sendLog()).isNotNull();
        assertThat(q.status().sendLog().lag()).isZero();
      }
    }
  }

  @Test
  void sendsOfTwoInstancesCompleteOneCapAndRepeatedDeliveryCountsOnce() throws Exception {
    try (InMemorySendLog log = new InMemorySendLog(3)) {
      Quarantine a = Quarantine.of(snapshot(LOAD, List.of()));
      Quarantine b = Quarantine.of(snapshot(LOAD, List.of()));
      a.connect(log);
      b.connect(log);
      a.record(send(Channel.MARKETING, LOAD, "m-1"));
      log.awaitDelivered();
      assertThat(b.isSuppressed(ID, Channel.MARKETING, LOAD)).as("one send of two").isFalse();
      b.record(send(Channel.MARKETING, LOAD.plusDays(1), "m-2"));
      log.awaitDelivered();
      assertThat(a.isSuppressed(ID, Channel.MARKETING, LOAD.plusDays(1))).isTrue();
      assertThat(a.check(ID, Channel.MARKETING, LOAD.plusDays(1)).contactableFrom())
          .isEqualTo(LOAD.plusDays(7));
      assertThat(a.status().liveSends()).isEqualTo(2);
      assertThat(b.status().liveSends()).isEqualTo(2);
    }
  }

  @Test
  void aRestartedInstanceReplaysFromItsSnapshotsLoadDate() throws Exception {
    try (InMemorySendLog log = new InMemorySendLog(1)) {
      Quarantine a = Quarantine.of(snapshot(LOAD.minusDays(3), List.of()));
      a.connect(log);
      a.record(send(Channel.MARKETING, LOAD.minusDays(2), "m-old"));
      a.record(send(Channel.MARKETING, LOAD, "m-1"));
      a.record(send(Channel.CRM, LOAD.plusDays(1), "crm-1"));
      log.awaitDelivered();

      // started later, with the snapshot of LOAD (which holds m-old): replays m-1 and crm-1 only
      Quarantine restarted = Quarantine.builder().build();
      restarted.connect(log);
      log.awaitDelivered();
      assertThat(restarted.status().liveSends()).as("no snapshot yet, no replay").isZero();
      restarted.update(
          snapshot(LOAD, List.of(send(Channel.MARKETING, LOAD.minusDays(2), "m-old"))));
      log.awaitDelivered();
      assertThat(restarted.status().liveSends()).isEqualTo(2);
      assertThat(restarted.isSuppressed(ID, Channel.MARKETING, LOAD))
          .as("cap of 2: m-old, m-1")
          .isTrue();
      assertThat(restarted.isSuppressed(ID, Channel.MARKETING, LOAD.plusDays(10))).isTrue();
      assertThat(restarted.status().sendLog()).isNotNull();
    }
  }

  @Test
  void aNewSnapshotDropsTheSendsItHoldsAndAClosedConnectionStopsSharing() throws Exception {
    try (InMemorySendLog log = new InMemorySendLog(1)) {
      Quarantine a = Quarantine.of(snapshot(LOAD, List.of()));
      Quarantine b = Quarantine.of(snapshot(LOAD, List.of()));
      a.connect(log);
      SendLog.Subscription bLink = b.connect(log);
      ContactEvent m1 = send(Channel.MARKETING, LOAD, "m-1");
      ContactEvent m2 = send(Channel.MARKETING, LOAD.plusDays(1), "m-2");
      a.record(m1);
      a.record(m2);
      log.awaitDelivered();
      b.update(snapshot(LOAD.plusDays(1), List.of(m1, m2)));
      assertThat(b.status().liveSends())
          .as("m-1 is before the load date, m-2 in the history")
          .isZero();
      assertThat(b.isSuppressed(ID, Channel.MARKETING, LOAD.plusDays(2))).isTrue();
      assertThat(b.check(ID, Channel.MARKETING, LOAD.plusDays(2)).contactableFrom())
          .isEqualTo(LOAD.plusDays(7));

      bLink.close();
      assertThat(b.status().sendLog()).isNull();
      a.record(send(Channel.CRM, LOAD.plusDays(1), "crm-1"));
      log.awaitDelivered();
      assertThat(b.status().liveSends()).isZero();
      b.record(ContactEvent.of("999", Channel.CRM, LOAD.plusDays(1))); // no id needed now
      assertThat(log.sends()).hasSize(3);
    }
  }

  @Test
  void aSnapshotOfAnEarlierDateReplaysTheLogFromThatDate() throws Exception {
    try (InMemorySendLog log = new InMemorySendLog(1)) {
      Quarantine b = Quarantine.of(snapshot(LOAD, List.of()));
      b.connect(log);
      b.record(send(Channel.CRM, LOAD.plusDays(1), "crm-1"));
      Quarantine a = Quarantine.of(snapshot(LOAD.plusDays(2), List.of()));
      a.connect(log);
      log.awaitDelivered();
      assertThat(a.status().liveSends()).as("crm-1 is before a's load date").isZero();
      a.update(snapshot(LOAD, List.of())); // a rollback to an earlier load
      log.awaitDelivered();
      assertThat(a.status().liveSends()).isEqualTo(1);
      assertThat(a.isSuppressed(ID, Channel.MARKETING, LOAD.plusDays(5))).isTrue();
    }
  }
}

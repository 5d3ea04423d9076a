package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The facade campaign engines call: snapshots, refresh, fail closed, time, scopes, exemptions. */
class QuarantineTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-29T02:00:00Z"), ZoneOffset.UTC);

  static QuarantineIndex snapshot(QuarantinePolicy policy, ContactEvent... events) {
    return policy.evaluate(List.of(events), LOAD).toIndex();
  }

  @Test
  void withoutASnapshotEveryoneIsSuppressedByDefault() {
    Quarantine q = Quarantine.builder().clock(CLOCK).build();
    assertThat(q.isSuppressed("1", Channel.CRM, LOAD)).isTrue();
    SuppressionDecision d = q.check("1", Channel.CRM, LOAD);
    assertThat(d.suppressed()).isTrue();
    assertThat(d.snapshotLoadDate()).isNull();
    assertThat(d.explain()).contains("no quarantine snapshot is loaded (fail closed)");
    assertThat(q.status().failClosed()).isTrue();
  }

  @Test
  void failingOpenWithoutASnapshotIsAnExplicitChoice() {
    Quarantine q = Quarantine.builder().failOpenWithoutSnapshot().build();
    assertThat(q.isSuppressed("1", Channel.CRM, LOAD)).isFalse();
    assertThat(q.check("1", Channel.CRM, LOAD).contactableFrom()).isEqualTo(LOAD);
  }

  @Test
  void todayComesFromTheInjectedClockInSaoPauloByDefault() {
    // 02:00 UTC on the 29th is still the 28th in America/Sao_Paulo (UTC-3).
    assertThat(Quarantine.builder().clock(CLOCK).build().today()).isEqualTo(LOAD);
    assertThat(Quarantine.builder().clock(CLOCK).zone(ZoneId.of("UTC")).build().today())
        .isEqualTo(LOAD.plusDays(1));
    Quarantine q =
        Quarantine.builder()
            .clock(CLOCK)
            .snapshot(
                snapshot(
                    QuarantinePolicy.defaults(),
                    ContactEvent.of("1", Channel.OFERTAS, LOAD.minusDays(5))))
            .build();
    assertThat(q.isSuppressedToday("1", Channel.CRM)).isTrue(); // 05-23 + 5 = 05-28, today
  }

  @Test
  void aGlobalRuleBlocksEveryChannelAndAScopedRuleOnlyItsOwn() {
    QuarantinePolicy policy =
        QuarantinePolicy.builder("p")
            .rules(QuarantinePolicy.defaults().rules())
            .replace(
                QuarantineRule.fixedPeriod(Channel.MARKETING, 7)
                    .scopedTo(Scope.only(Channel.MARKETING)))
            .build();
    Quarantine q =
        Quarantine.of(
            snapshot(
                policy,
                ContactEvent.of("crm", Channel.CRM, LOAD),
                ContactEvent.of("mkt", Channel.MARKETING, LOAD)));
    for (Channel c : policy.channels()) {
      assertThat(q.isSuppressed("crm", c, LOAD)).as("crm on %s", c).isTrue();
      assertThat(q.isSuppressed("mkt", c, LOAD))
          .as("mkt on %s", c)
          .isEqualTo(c.equals(Channel.MARKETING));
    }
  }

  @Test
  void anExemptCategoryIsNeverBlockedAndNeverCounted() {
    QuarantinePolicy policy =
        QuarantinePolicy.builder("p")
            .rules(QuarantinePolicy.defaults().rules())
            .replace(QuarantineRule.fixedPeriod(Channel.MARKETING, 7).exempting("transactional"))
            .build();
    Quarantine q =
        Quarantine.of(
            snapshot(
                policy,
                ContactEvent.of("1", Channel.MARKETING, LOAD),
                ContactEvent.builder("2", Channel.MARKETING, LOAD)
                    .category("Transactional")
                    .build()));
    assertThat(q.isSuppressed("1", Channel.MARKETING, LOAD)).isTrue();
    assertThat(q.isSuppressed("1", Channel.MARKETING, LOAD, "transactional")).isFalse();
    assertThat(q.isSuppressed("1", Channel.MARKETING, LOAD, " TRANSACTIONAL ")).isFalse();
    assertThat(q.isSuppressed("2", Channel.MARKETING, LOAD))
        .isFalse(); // a receipt starts no quarantine
  }

  @Test
  void theDecisionListsEveryBlockingEntryAndTheFirstFreeDay() {
    Quarantine q =
        Quarantine.of(
            snapshot(
                QuarantinePolicy.defaults(),
                ContactEvent.of("1", Channel.CRM, LocalDate.parse("2024-05-08")),
                ContactEvent.of("1", Channel.OFERTAS, LocalDate.parse("2024-05-26"))));
    SuppressionDecision d = q.check("1", Channel.MARKETING, LOAD);
    assertThat(d.suppressed()).isTrue();
    assertThat(d.blockedBy())
        .extracting(b -> b.entry().channel())
        .containsExactlyInAnyOrder(Channel.CRM, Channel.OFERTAS);
    assertThat(d.contactableFrom()).isEqualTo(LocalDate.parse("2024-06-08"));
    assertThat(d.explain())
        .contains("CRM: 30 days after the last contact; contact 2024-05-08, last day 2024-06-07")
        .contains("contactable from 2024-06-08");
  }

  @Test
  void theLongOverloadMatchesTheCanonicalText() {
    Quarantine q =
        Quarantine.of(
            snapshot(
                QuarantinePolicy.defaults(), ContactEvent.of("1234567890", Channel.CRM, LOAD)));
    assertThat(q.isSuppressed(1234567890L, Channel.CRM, LOAD)).isTrue();
    assertThat(q.isSuppressed(1234567891L, Channel.CRM, LOAD)).isFalse();
  }

  @Test
  void leadingZerosAreKept() {
    Quarantine q =
        Quarantine.of(
            snapshot(
                QuarantinePolicy.defaults(), ContactEvent.of("0012345678", Channel.CRM, LOAD)));
    assertThat(q.isSuppressed("0012345678", Channel.CRM, LOAD)).isTrue();
    assertThat(q.isSuppressed("12345678", Channel.CRM, LOAD)).isFalse();
  }

  @Test
  void aFailedRefreshKeepsServingTheLastGoodSnapshot() {
    Quarantine q = Quarantine.builder().clock(CLOCK).build();
    assertThat(
            q.refresh(
                () ->
                    snapshot(QuarantinePolicy.defaults(), ContactEvent.of("1", Channel.CRM, LOAD))))
        .isTrue();
    assertThat(
            q.refresh(
                () -> {
                  throw new IllegalStateException("table missing");
                }))
        .isFalse();
    assertThat(q.isSuppressed("1", Channel.CRM, LOAD)).isTrue();
    Quarantine.Status status = q.status();
    assertThat(status.loadDate()).isEqualTo(LOAD);
    assertThat(status.entries()).isEqualTo(1);
    assertThat(status.lastFailure()).isNotNull();
    assertThat(status.lastFailure().error()).contains("table missing");
    q.update(snapshot(QuarantinePolicy.defaults()));
    assertThat(q.status().lastFailure()).isNull();
    assertThat(q.isSuppressed("1", Channel.CRM, LOAD)).isFalse();
  }

  @Test
  void entriesOfAChannelWithoutARuleStillBlockEverything() {
    QuarantineEntry orphan =
        QuarantineEntry.of("1", Channel.of("Legacy"), LOAD, LOAD.plusDays(3), LOAD);
    Quarantine q =
        Quarantine.of(QuarantineIndex.of(QuarantinePolicy.defaults(), LOAD, List.of(orphan)));
    assertThat(q.isSuppressed("1", Channel.MARKETING, LOAD.plusDays(3))).isTrue();
    assertThat(q.isSuppressed("1", Channel.MARKETING, LOAD.plusDays(4))).isFalse();
  }

  /** Readers racing swaps only ever see one whole snapshot: all its customers or none. */
  @Test
  void readersRacingRefreshesNeverSeeAHalfSnapshot() throws Exception {
    QuarantinePolicy policy = QuarantinePolicy.defaults();
    List<QuarantineIndex> snapshots = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      List<ContactEvent> events = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        events.add(ContactEvent.of("s" + s + "-" + i, Channel.CRM, LOAD));
      }
      snapshots.add(policy.evaluate(events, LOAD).toIndex());
    }
    Quarantine q = Quarantine.of(snapshots.get(0));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread reader =
          new Thread(
              () -> {
                while (!stop.get()) {
                  QuarantineIndex seen = q.snapshot().orElseThrow();
                  int s = snapshots.indexOf(seen);
                  for (int i = 0; i < 200; i += 7) {
                    if (!seen.isSuppressed("s" + s + "-" + i, Channel.CRM, LOAD, null)) {
                      failure.set("snapshot " + s + " lost customer " + i);
                    }
                  }
                }
              });
      reader.start();
      readers.add(reader);
    }
    for (int swap = 0; swap < 2000; swap++) {
      q.update(snapshots.get(swap % snapshots.size()));
    }
    stop.set(true);
    for (Thread r : readers) {
      r.join();
    }
    assertThat(failure.get()).isNull();
  }
}

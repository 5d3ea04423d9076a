package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.testing.InMemorySendLog;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Worked examples of live sends: a send recorded between loads counts at once, with the rules. */
class LiveSendsTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final String ID = "2345678901";

  static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  static ContactEvent send(Channel channel, String date, String sendId) {
    return ContactEvent.builder(ID, channel, d(date)).sendId(sendId).build();
  }

  static Quarantine empty(QuarantinePolicy policy, LocalDate load) {
    return Quarantine.of(policy.evaluate(List.of(), load).toIndex());
  }

  @Nested
  @DisplayName("fixed period")
  class FixedPeriod {

    @Test
    void aMarketingSendOn0529BlocksThroughThe7FollowingDays() {
      Quarantine q = empty(QuarantinePolicy.defaults(), LOAD);
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-29"))).isFalse();
      assertThat(q.record(send(Channel.MARKETING, "2024-05-29", "m-1"))).isTrue();
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-29"))).isTrue();
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-05"))).isTrue();
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-06"))).isFalse();
      assertThat(q.isSuppressed(Long.parseLong(ID), Channel.CRM, d("2024-06-05"))).isTrue();
      SuppressionDecision decision = q.check(ID, Channel.CRM, d("2024-05-30"));
      assertThat(decision.contactableFrom()).isEqualTo(d("2024-06-06"));
      assertThat(decision.blockedBy())
          .singleElement()
          .satisfies(
              b ->
                  assertThat(b.rule())
                      .isEqualTo(QuarantinePolicy.defaults().rule(Channel.MARKETING)));
      assertThat(decision.snapshotLoadDate()).isEqualTo(LOAD);
      assertThat(q.status().liveSends()).isEqualTo(1);
    }

    @Test
    void aLiveSendExtendsAnEntryOfTheSnapshot() {
      Quarantine q =
          Quarantine.of(
              QuarantinePolicy.defaults()
                  .evaluate(List.of(ContactEvent.of(ID, Channel.MARKETING, d("2024-05-24"))), LOAD)
                  .toIndex());
      assertThat(q.check(ID, Channel.MARKETING, LOAD).contactableFrom()).isEqualTo(d("2024-06-01"));
      q.record(send(Channel.MARKETING, "2024-05-30", "m-2"));
      assertThat(q.check(ID, Channel.MARKETING, d("2024-05-30")).contactableFrom())
          .isEqualTo(d("2024-06-07"));
      // a check for a day before the live send does not see it
      assertThat(q.check(ID, Channel.MARKETING, LOAD).contactableFrom()).isEqualTo(d("2024-06-01"));
    }
  }

  @Nested
  @DisplayName("frequency cap, 3 per 14 days, completed by a live send over the snapshot's history")
  class Cap {
    final QuarantinePolicy cap =
        QuarantinePolicy.builder("cap")
            .rule(QuarantineRule.frequencyCap(Channel.MARKETING, 3, 14))
            .build();
    final LocalDate load = d("2024-06-03");
    final List<ContactEvent> twoSends =
        List.of(
            send(Channel.MARKETING, "2024-05-30", "m-1"),
            send(Channel.MARKETING, "2024-06-03", "m-2"));

    @Test
    void twoSendsLeaveNoEntryButTheSnapshotCarriesThemAsHistory() {
      QuarantineEvaluation batch = cap.evaluate(twoSends, load);
      assertThat(batch.entries()).isEmpty();
      assertThat(batch.history()).hasSize(2);
      QuarantineIndex index = batch.toIndex();
      assertThat(index.history(ID)).extracting(ContactEvent::sendId).containsExactly("m-2", "m-1");
      assertThat(index.historySize()).isEqualTo(2);
    }

    @Test
    void theThirdSendOn0608SuppressesThrough0612() {
      Quarantine q = Quarantine.of(cap.evaluate(twoSends, load).toIndex());
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-08"))).isFalse();
      SendDecision third = q.tryRecord(send(Channel.MARKETING, "2024-06-08", "m-3"));
      assertThat(third.outcome()).isEqualTo(SendDecision.Outcome.RECORDED);
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-08"))).isTrue();
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-12"))).isTrue();
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-13"))).isFalse();
      SuppressionDecision d = q.check(ID, Channel.MARKETING, d("2024-06-10"));
      assertThat(d.contactableFrom()).isEqualTo(d("2024-06-13"));
      assertThat(d.blockedBy())
          .singleElement()
          .satisfies(
              b -> {
                assertThat(b.entry().contactDate()).isEqualTo(d("2024-06-08"));
                assertThat(b.entry().lastDay()).isEqualTo(d("2024-06-12"));
              });
    }

    @Test
    void withoutHistoryTheLiveSendCountsAlone() {
      QuarantineIndex entriesOnly =
          QuarantineIndex.of(cap, load, cap.evaluate(twoSends, load).entries());
      Quarantine q = Quarantine.of(entriesOnly);
      q.record(send(Channel.MARKETING, "2024-06-08", "m-3"));
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-12"))).isFalse();
    }

    @Test
    void aNewSnapshotThatHoldsTheSendDropsItAndCountsItOnce() {
      Quarantine q = Quarantine.of(cap.evaluate(twoSends, load).toIndex());
      ContactEvent third = send(Channel.MARKETING, "2024-06-08", "m-3");
      ContactEvent later = send(Channel.MARKETING, "2024-06-09", "m-4");
      q.record(third);
      q.record(later);
      List<ContactEvent> all = List.of(twoSends.get(0), twoSends.get(1), third);
      q.update(cap.evaluate(all, d("2024-06-08")).toIndex());
      assertThat(q.status().liveSends()).as("m-3 is in the snapshot, m-4 is not").isEqualTo(1);
      // four contacts in the window: the 3rd most recent is 06-03, so the last day is 06-16
      assertThat(q.check(ID, Channel.MARKETING, d("2024-06-09")).contactableFrom())
          .isEqualTo(d("2024-06-17"));
    }
  }

  @Nested
  @DisplayName("scope and exempt categories")
  class ScopeAndExemptions {
    final QuarantinePolicy policy =
        QuarantinePolicy.builder("scoped")
            .rule(QuarantineRule.fixedPeriod(Channel.CRM, 30).scopedTo(Scope.only(Channel.CRM)))
            .rule(QuarantineRule.fixedPeriod(Channel.MARKETING, 7).exempting("transactional"))
            .build();

    @Test
    void aScopedRuleBlocksOnlyItsChannels() {
      Quarantine q = empty(policy, LOAD);
      q.record(send(Channel.CRM, "2024-05-29", "c-1"));
      assertThat(q.isSuppressed(ID, Channel.CRM, d("2024-06-10"))).isTrue();
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-10"))).isFalse();
      q.record(send(Channel.MARKETING, "2024-05-29", "m-1"));
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-06-01"))).isTrue();
      assertThat(q.isSuppressed(ID, Channel.CRM, d("2024-06-01"))).isTrue();
    }

    @Test
    void anExemptSendCountsForNothingAndAnExemptCheckIsNeverBlocked() {
      Quarantine q = empty(policy, LOAD);
      q.record(
          ContactEvent.builder(ID, Channel.MARKETING, d("2024-05-29"))
              .category("Transactional ")
              .sendId("receipt-1")
              .build());
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-30"))).isFalse();
      q.record(
          ContactEvent.builder(ID, Channel.MARKETING, d("2024-05-29"))
              .category("promo")
              .sendId("m-1")
              .build());
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-30"), "promo")).isTrue();
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-30"), "transactional")).isFalse();
    }
  }

  @Nested
  @DisplayName("a send counts once")
  class CountsOnce {
    final QuarantinePolicy twoPerWeek =
        QuarantinePolicy.builder("two")
            .rule(QuarantineRule.frequencyCap(Channel.MARKETING, 2, 7))
            .build();

    @Test
    void theSameSendIdTwiceIsOneContact() {
      Quarantine q = empty(twoPerWeek, LOAD);
      assertThat(q.apply(send(Channel.MARKETING, "2024-05-29", "m-1"))).isTrue();
      assertThat(q.apply(send(Channel.MARKETING, "2024-05-29", "m-1"))).isFalse();
      q.apply(
          ContactEvent.builder(ID, Channel.MARKETING, d("2024-05-29"))
              .subject("as the export reports it")
              .sendId(" m-1 ")
              .build());
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-30"))).isFalse();
      q.apply(send(Channel.MARKETING, "2024-05-29", "m-2"));
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-30"))).isTrue();
    }

    @Test
    void identicalStandardColumnsWithoutASendIdAreOneContact() {
      Quarantine q = empty(twoPerWeek, LOAD);
      ContactEvent line =
          ContactEvent.builder(ID, Channel.MARKETING, d("2024-05-29")).subject("A").build();
      q.apply(line);
      q.apply(ContactEvent.builder(ID, Channel.MARKETING, d("2024-05-29")).subject("A").build());
      assertThat(q.status().liveSends()).isEqualTo(1);
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-30"))).isFalse();
      q.apply(ContactEvent.builder(ID, Channel.MARKETING, d("2024-05-29")).subject("B").build());
      assertThat(q.isSuppressed(ID, Channel.MARKETING, d("2024-05-30"))).isTrue();
    }
  }

  @Nested
  @DisplayName("check and record")
  class TryRecord {

    @Test
    void theFirstSendIsRecordedTheSecondRefusedWithTheReasonARetryIsAlreadyRecorded() {
      Clock clock =
          Clock.fixed(d("2024-05-29").atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
      Quarantine q =
          Quarantine.builder()
              .clock(clock)
              .snapshot(QuarantinePolicy.defaults().evaluate(List.of(), LOAD).toIndex())
              .build();
      SendDecision first = q.tryRecordToday(ID, Channel.MARKETING, null, "m-1");
      assertThat(first.recorded()).isTrue();
      assertThat(first.send().contactDate()).isEqualTo(d("2024-05-29"));
      SendDecision second = q.tryRecordToday(ID, Channel.OFERTAS, null, "o-1");
      assertThat(second.outcome()).isEqualTo(SendDecision.Outcome.SUPPRESSED);
      assertThat(second.decision().contactableFrom()).isEqualTo(d("2024-06-06"));
      assertThat(second.decision().explain()).contains("Marketing: 7 days");
      SendDecision retry = q.tryRecordToday(ID, Channel.MARKETING, null, "m-1");
      assertThat(retry.outcome()).isEqualTo(SendDecision.Outcome.ALREADY_RECORDED);
      assertThat(q.status().liveSends()).isEqualTo(1);
    }

    @Test
    void withoutASnapshotFailClosedRefuses() {
      Quarantine q = Quarantine.builder().build();
      SendDecision d = q.tryRecord(send(Channel.MARKETING, "2024-05-29", "m-1"));
      assertThat(d.outcome()).isEqualTo(SendDecision.Outcome.SUPPRESSED);
      assertThat(q.status().liveSends()).isZero();
    }

    @Test
    void anUnknownChannelIsAnError() {
      Quarantine q = empty(QuarantinePolicy.defaults(), LOAD);
      assertThatThrownBy(() -> q.tryRecord(send(Channel.of("Push"), "2024-05-29", "p-1")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown channel 'Push'");
    }

    @Test
    void aConnectedQuarantineNeedsSendIds() {
      Quarantine q = empty(QuarantinePolicy.defaults(), LOAD);
      try (InMemorySendLog log = new InMemorySendLog(1)) {
        q.connect(log);
        assertThatThrownBy(() -> q.record(ContactEvent.of(ID, Channel.MARKETING, LOAD)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no send id");
        assertThat(q.status().liveSends()).isZero();
      }
    }
  }
}

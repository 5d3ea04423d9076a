package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/rules.md, each a named test. */
class WorkedExamplesTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final QuarantinePolicy DEFAULTS = QuarantinePolicy.defaults();
  static final QuarantinePolicy CAP_3_PER_14_DAYS =
      QuarantinePolicy.builder("cap")
          .rule(QuarantineRule.frequencyCap(Channel.MARKETING, 3, 14))
          .build();

  static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  static QuarantineEntry only(QuarantineEvaluation result) {
    assertThat(result.entries()).hasSize(1);
    return result.entries().get(0);
  }

  @Nested
  @DisplayName("the article's table, corrected (load date 2024-05-28)")
  class ArticleTable {

    @Test
    void crmContactOn0508IsInQuarantineFor20DaysUntil0607() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(ContactEvent.of("1234567890", Channel.CRM, d("2024-05-08"))), LOAD));
      assertThat(e.contactDate()).isEqualTo(d("2024-05-08"));
      assertThat(e.daysSinceContact()).isEqualTo(20);
      assertThat(e.lastDay()).isEqualTo(d("2024-06-07"));
      assertThat(e.loadDate()).isEqualTo(LOAD);
    }

    @Test
    void marketingContactOn0524Until0531() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(ContactEvent.of("2345678901", Channel.MARKETING, d("2024-05-24"))),
                  LOAD));
      assertThat(e.daysSinceContact()).isEqualTo(4);
      assertThat(e.lastDay()).isEqualTo(d("2024-05-31"));
    }

    @Test
    void recomendacaoContactOn0518Until0602() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(ContactEvent.of("3456789012", Channel.RECOMENDACAO, d("2024-05-18"))),
                  LOAD));
      assertThat(e.daysSinceContact()).isEqualTo(10);
      assertThat(e.lastDay()).isEqualTo(d("2024-06-02"));
    }

    @Test
    void ofertasContactOn0526Until0531() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(ContactEvent.of("1001001001", Channel.OFERTAS, d("2024-05-26"))), LOAD));
      assertThat(e.daysSinceContact()).isEqualTo(2);
      assertThat(e.lastDay()).isEqualTo(d("2024-05-31"));
    }

    @Test
    void fraudeIncludedOn0401IsOpenEndedWith57Days() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(ContactEvent.of("4567890123", Channel.FRAUDE, d("2024-04-01"))), LOAD));
      assertThat(e.contactDate()).isEqualTo(d("2024-04-01"));
      assertThat(e.daysSinceContact()).isEqualTo(57); // the article prints NULL: its bug
      assertThat(e.lastDay()).isNull();
      assertThat(e.isOpenEnded()).isTrue();
    }

    @Test
    void restritosRequestedOn0301Until0530() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(ContactEvent.of("4888888800", Channel.RESTRITOS, d("2024-03-01"))),
                  LOAD));
      assertThat(e.daysSinceContact()).isEqualTo(88);
      assertThat(e.lastDay()).isEqualTo(d("2024-05-30")); // the article prints 2024-05-29 (or 90)
    }

    @Test
    void allSixTogetherGiveOneRowEach() {
      QuarantineEvaluation r =
          DEFAULTS.evaluate(
              List.of(
                  ContactEvent.of("1234567890", Channel.CRM, d("2024-05-08")),
                  ContactEvent.of("2345678901", Channel.MARKETING, d("2024-05-24")),
                  ContactEvent.of("3456789012", Channel.RECOMENDACAO, d("2024-05-18")),
                  ContactEvent.of("1001001001", Channel.OFERTAS, d("2024-05-26")),
                  ContactEvent.of("4567890123", Channel.FRAUDE, d("2024-04-01")),
                  ContactEvent.of("4888888800", Channel.RESTRITOS, d("2024-03-01"))),
              LOAD);
      assertThat(r.entries()).hasSize(6);
      assertThat(r.rejects()).isEmpty();
      assertThat(r.eventsRead()).isEqualTo(6);
    }
  }

  @Nested
  @DisplayName("boundaries")
  class Boundaries {

    @Test
    void crmContactOn0428IsInOnDay30AndOutOnDay31() {
      ContactEvent c = ContactEvent.of("1", Channel.CRM, d("2024-04-28"));
      QuarantineEntry in = only(DEFAULTS.evaluate(List.of(c), d("2024-05-28")));
      assertThat(in.daysSinceContact()).isEqualTo(30);
      assertThat(in.lastDay()).isEqualTo(d("2024-05-28"));
      assertThat(DEFAULTS.evaluate(List.of(c), d("2024-05-29")).entries()).isEmpty();
    }

    @Test
    void theContactDayItselfIsSuppressed() {
      QuarantineEntry e =
          only(DEFAULTS.evaluate(List.of(ContactEvent.of("1", Channel.OFERTAS, LOAD)), LOAD));
      assertThat(e.daysSinceContact()).isZero();
      Quarantine q = Quarantine.of(QuarantineIndex.of(DEFAULTS, LOAD, List.of(e)));
      assertThat(q.isSuppressed("1", Channel.OFERTAS, LOAD)).isTrue();
      assertThat(q.isSuppressed("1", Channel.OFERTAS, LOAD.plusDays(5))).isTrue();
      assertThat(q.isSuppressed("1", Channel.OFERTAS, LOAD.plusDays(6))).isFalse();
      assertThat(q.check("1", Channel.OFERTAS, LOAD).contactableFrom()).isEqualTo(LOAD.plusDays(6));
    }

    @Test
    void theLatestContactCounts() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(
                      ContactEvent.of("1", Channel.CRM, d("2024-04-01")),
                      ContactEvent.of("1", Channel.CRM, d("2024-05-20")),
                      ContactEvent.of("1", Channel.CRM, d("2024-05-01"))),
                  LOAD));
      assertThat(e.contactDate()).isEqualTo(d("2024-05-20"));
      assertThat(e.lastDay()).isEqualTo(d("2024-06-19"));
    }

    @Test
    void aTieOnTheLatestDateKeepsTheSameRowWhateverTheOrder() {
      ContactEvent a =
          ContactEvent.builder("1", Channel.CRM, d("2024-05-20")).subject("B").email("x@x").build();
      ContactEvent b =
          ContactEvent.builder("1", Channel.CRM, d("2024-05-20")).subject("A").email("y@y").build();
      ContactEvent c = ContactEvent.builder("1", Channel.CRM, d("2024-05-20")).email("z@z").build();
      assertThat(only(DEFAULTS.evaluate(List.of(a, b, c), LOAD)).subject()).isEqualTo("A");
      assertThat(only(DEFAULTS.evaluate(List.of(c, b, a), LOAD)).email()).isEqualTo("y@y");
    }
  }

  @Nested
  @DisplayName("frequency cap: 3 per 14 days, sends on 05-30, 06-03 and 06-08")
  class FrequencyCapExample {

    final QuarantinePolicy policy = CAP_3_PER_14_DAYS;
    final List<ContactEvent> sends =
        List.of(
            ContactEvent.of("7", Channel.MARKETING, d("2024-05-30")),
            ContactEvent.of("7", Channel.MARKETING, d("2024-06-03")),
            ContactEvent.of("7", Channel.MARKETING, d("2024-06-08")));

    @Test
    void suppressedOn0612AndContactableOn0613() {
      QuarantineEntry e = only(policy.evaluate(sends, d("2024-06-12")));
      assertThat(e.lastDay()).isEqualTo(d("2024-06-12")); // 3rd most recent (05-30) + 14 - 1
      assertThat(e.contactDate()).isEqualTo(d("2024-06-08"));
      assertThat(e.daysSinceContact()).isEqualTo(4);
      assertThat(policy.evaluate(sends, d("2024-06-13")).entries()).isEmpty();
    }

    @Test
    void twoSendsInTheWindowDoNotSuppress() {
      assertThat(policy.evaluate(sends.subList(0, 2), d("2024-06-04")).entries()).isEmpty();
    }

    @Test
    void theIndexAgreesOnLaterDays() {
      QuarantineEvaluation r = policy.evaluate(sends, d("2024-06-08"));
      Quarantine q = Quarantine.of(r.toIndex());
      assertThat(q.isSuppressed("7", Channel.MARKETING, d("2024-06-12"))).isTrue();
      assertThat(q.isSuppressed("7", Channel.MARKETING, d("2024-06-13"))).isFalse();
      assertThat(q.check("7", Channel.MARKETING, d("2024-06-10")).contactableFrom())
          .isEqualTo(d("2024-06-13"));
    }
  }

  @Nested
  @DisplayName("contact identity: a contact is one send, 3 per 14 days on Marketing")
  class ContactIdentity {

    final QuarantinePolicy policy = CAP_3_PER_14_DAYS;

    ContactEvent send(String date, String subject) {
      return ContactEvent.builder("7", Channel.MARKETING, d(date))
          .email("c@x.com")
          .subject(subject)
          .build();
    }

    ContactEvent send(String date, String subject, String sendId) {
      return ContactEvent.builder("7", Channel.MARKETING, d(date))
          .email("c@x.com")
          .subject(subject)
          .sendId(sendId)
          .build();
    }

    @Test
    void twoSendsWithOneExportLineRepeatedAreNotInQuarantine() {
      List<ContactEvent> export =
          List.of(send("2024-05-30", "A"), send("2024-06-03", "B"), send("2024-06-03", "B"));
      for (LocalDate day = d("2024-06-03"); day.isBefore(d("2024-06-20")); day = day.plusDays(1)) {
        assertThat(policy.evaluate(export, day).entries()).as("on %s", day).isEmpty();
      }
    }

    @Test
    void aRepeatedLineDoesNotMoveTheLastDay() {
      // Counted three times, the 06-08 line would make 06-03 the 3rd most recent: last day 06-16.
      List<ContactEvent> export =
          List.of(
              send("2024-05-30", "A"),
              send("2024-06-03", "B"),
              send("2024-06-08", "C"),
              send("2024-06-08", "C"));
      QuarantineEntry e = only(policy.evaluate(export, d("2024-06-12")));
      assertThat(e.lastDay()).isEqualTo(d("2024-06-12"));
      assertThat(policy.evaluate(export, d("2024-06-13")).entries()).isEmpty();
    }

    @Test
    void twoDifferentSendsOnOneDayCountTwice() {
      List<ContactEvent> sends =
          List.of(send("2024-05-30", "A"), send("2024-06-03", "B"), send("2024-06-03", "C"));
      QuarantineEntry e = only(policy.evaluate(sends, d("2024-06-04")));
      assertThat(e.lastDay()).isEqualTo(d("2024-06-12")); // 05-30 + 13
      assertThat(e.subject()).isEqualTo("B"); // the tie order: by subject
    }

    @Test
    void twoRowsWithOneSendIdCountOnce() {
      // The live-send log and the channel's export both report send m-2, with different details.
      List<ContactEvent> rows =
          List.of(
              send("2024-05-30", "A", "m-1"),
              send("2024-06-03", "B", "m-2"),
              ContactEvent.builder("7", Channel.MARKETING, d("2024-06-03"))
                  .subject("Campanha B")
                  .sendId(" m-2 ")
                  .build());
      assertThat(policy.evaluate(rows, d("2024-06-04")).entries()).isEmpty();
    }

    @Test
    void aSendReportedOnTwoDaysIsOneContactOnItsLatestRow() {
      // A log in UTC and an export in local time can see one send on two days: it counts once,
      // on the later day, with that row's details.
      ContactEvent log = send("2024-06-02", "B", "m-2");
      ContactEvent export = send("2024-06-03", "B (export)", "m-2");
      ContactEvent third = send("2024-06-05", "C", "m-3");
      assertThat(policy.evaluate(List.of(log, export, third), d("2024-06-05")).entries())
          .as("two contacts")
          .isEmpty();
      QuarantineEntry e =
          only(
              policy.evaluate(
                  List.of(send("2024-05-30", "A", "m-1"), third, log, export), d("2024-06-05")));
      assertThat(e.lastDay()).isEqualTo(d("2024-06-12")); // 05-30 + 13
      e =
          only(
              policy.evaluate(
                  List.of(
                      send("2024-05-30", "A", "m-1"), send("2024-06-01", "Z", "m-5"), log, export),
                  d("2024-06-04")));
      assertThat(e.contactDate()).isEqualTo(d("2024-06-03"));
      assertThat(e.subject()).isEqualTo("B (export)");
      e =
          only(
              policy.evaluate(
                  List.of(log, export, third, send("2024-06-08", "D")), d("2024-06-08")));
      assertThat(e.lastDay()).as("m-2 is the 3rd most recent, on 06-03").isEqualTo(d("2024-06-16"));
    }

    @Test
    void distinctSendIdsAreDistinctContactsEvenWithTheSameValues() {
      List<ContactEvent> rows =
          List.of(
              send("2024-05-30", "A", "m-1"),
              send("2024-06-03", "B", "m-2"),
              send("2024-06-03", "B", "m-3"));
      assertThat(only(policy.evaluate(rows, d("2024-06-04"))).lastDay()).isEqualTo(d("2024-06-12"));
    }

    @Test
    void aRowWithASendIdAndOneWithoutAreTwoContacts() {
      List<ContactEvent> rows =
          List.of(send("2024-05-30", "A"), send("2024-06-03", "B", "m-2"), send("2024-06-03", "B"));
      assertThat(only(policy.evaluate(rows, d("2024-06-04"))).lastDay()).isEqualTo(d("2024-06-12"));
    }

    @Test
    void aSendIdIsTrimmedAndABlankOneIsNone() {
      assertThat(send("2024-06-03", "B", "\t m-2 ").sendId()).isEqualTo("m-2");
      assertThat(send("2024-06-03", "B", "  ").sendId()).isNull();
      assertThat(send("2024-06-03", "B", "  ").isSameContactAs(send("2024-06-03", "B"))).isTrue();
      assertThat(send("2024-06-03", "B", "m-2").isSameContactAs(send("2024-06-04", "C", "m-2")))
          .isTrue();
    }
  }

  @Nested
  @DisplayName("fraud: open-ended until excluded at the source")
  class Fraud {

    @Test
    void anActiveRecordBlocksWithNoEnd() {
      QuarantineEvaluation r =
          DEFAULTS.evaluate(List.of(ContactEvent.of("9", Channel.FRAUDE, d("2024-04-01"))), LOAD);
      Quarantine q = Quarantine.of(r.toIndex());
      SuppressionDecision decision = q.check("9", Channel.MARKETING, d("2030-01-01"));
      assertThat(decision.suppressed()).isTrue();
      assertThat(decision.contactableFromDate()).isEmpty();
      assertThat(decision.blockedBy())
          .singleElement()
          .satisfies(b -> assertThat(b.rule()).isEqualTo(QuarantineRule.openEnded(Channel.FRAUDE)));
    }

    @Test
    void aRecordExcludedOnOrBeforeTheLoadDateNoLongerBlocks() {
      ContactEvent revokedOnLoadDate =
          ContactEvent.builder("9", Channel.FRAUDE, d("2024-04-01")).revokedOn(LOAD).build();
      ContactEvent revokedEarlier =
          ContactEvent.builder("8", Channel.FRAUDE, d("2024-04-01"))
              .revokedOn(d("2024-05-01"))
              .build();
      assertThat(DEFAULTS.evaluate(List.of(revokedOnLoadDate, revokedEarlier), LOAD).entries())
          .isEmpty();
    }

    @Test
    void aRecordExcludedAfterTheLoadDateStillBlocks() {
      ContactEvent e =
          ContactEvent.builder("9", Channel.FRAUDE, d("2024-04-01"))
              .revokedOn(LOAD.plusDays(1))
              .build();
      assertThat(only(DEFAULTS.evaluate(List.of(e), LOAD)).isOpenEnded()).isTrue();
    }

    @Test
    void theLatestActiveRecordGivesTheContactDate() {
      QuarantineEntry e =
          only(
              DEFAULTS.evaluate(
                  List.of(
                      ContactEvent.builder("9", Channel.FRAUDE, d("2024-05-01"))
                          .revokedOn(d("2024-05-10"))
                          .build(),
                      ContactEvent.of("9", Channel.FRAUDE, d("2024-03-01"))),
                  LOAD));
      assertThat(e.contactDate()).isEqualTo(d("2024-03-01"));
      assertThat(e.daysSinceContact()).isEqualTo(88);
    }
  }

  @Nested
  @DisplayName("future-dated contacts")
  class FutureContacts {

    @Test
    void aContactAfterTheLoadDateIsRejectedNotLostAndDoesNotCount() {
      ContactEvent past = ContactEvent.of("5", Channel.CRM, d("2024-05-01"));
      ContactEvent future = ContactEvent.of("5", Channel.CRM, d("2024-05-29"));
      QuarantineEvaluation r = DEFAULTS.evaluate(List.of(past, future), LOAD);
      assertThat(only(r).contactDate()).isEqualTo(d("2024-05-01"));
      assertThat(r.rejects())
          .singleElement()
          .satisfies(
              rej -> {
                assertThat(rej.reason()).isEqualTo(RejectReason.FUTURE_CONTACT_DATE);
                assertThat(rej.event()).isEqualTo(future);
                assertThat(rej.detail()).contains("2024-05-29").contains("2024-05-28");
              });
      assertThat(r.eventsRead()).isEqualTo(2);
    }

    @Test
    void theSameContactCountsWhenItsDayComes() {
      ContactEvent future = ContactEvent.of("5", Channel.CRM, d("2024-05-29"));
      assertThat(only(DEFAULTS.evaluate(List.of(future), d("2024-05-29"))).daysSinceContact())
          .isZero();
    }
  }
}

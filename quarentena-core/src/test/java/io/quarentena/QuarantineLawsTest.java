package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The laws of the rules, checked over seeded random policies and events. A failure prints the seed;
 * replay it with {@code -Dquarentena.seed=N -Dquarentena.trials=1}.
 */
class QuarantineLawsTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final String[] CATEGORIES = {null, "transactional", "promo"};

  @Test
  void addingAContactNeverShortensAQuarantine() {
    Seeds.forEach(
        300,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          List<ContactEvent> events = gen.events(policy, LOAD, random.nextInt(60));
          List<ContactEvent> more = new ArrayList<>(events);
          more.add(gen.events(policy, LOAD, 1).get(0));
          Quarantine before = Quarantine.of(policy.evaluate(events, LOAD).toIndex());
          Quarantine after = Quarantine.of(policy.evaluate(more, LOAD).toIndex());
          for (String customer : customers(more)) {
            for (Channel channel : policy.channels()) {
              for (int day = 0; day < 70; day++) {
                LocalDate date = LOAD.plusDays(day);
                if (before.isSuppressed(customer, channel, date)) {
                  assertThat(after.isSuppressed(customer, channel, date))
                      .as("%s on %s on %s", customer, channel, date)
                      .isTrue();
                }
              }
            }
          }
        });
  }

  @Test
  void inputOrderNeverChangesTheResult() {
    Seeds.forEach(
        300,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          List<ContactEvent> events = gen.events(policy, LOAD, random.nextInt(80));
          List<ContactEvent> shuffled = new ArrayList<>(events);
          Collections.shuffle(shuffled, random);
          QuarantineEvaluation a = policy.evaluate(events, LOAD);
          QuarantineEvaluation b = policy.evaluate(shuffled, LOAD);
          assertThat(b.entries()).isEqualTo(a.entries());
          assertThat(b.rejects()).containsExactlyInAnyOrderElementsOf(a.rejects());
        });
  }

  @Test
  void duplicatingAnySubsetOfRowsNeverChangesTheEntries() {
    Seeds.forEach(
        300,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          List<ContactEvent> events = gen.events(policy, LOAD, random.nextInt(80));
          List<ContactEvent> repeated = new ArrayList<>(events);
          for (ContactEvent e : events) {
            for (int copies = random.nextInt(4) - 1; copies > 0; copies--) {
              repeated.add(e);
            }
          }
          Collections.shuffle(repeated, random);
          LocalDate date = gen.date(LOAD.minusDays(5), 10);
          QuarantineEvaluation once = policy.evaluate(events, date);
          QuarantineEvaluation more = policy.evaluate(repeated, date);
          assertThat(more.entries()).isEqualTo(once.entries());
          long future = repeated.stream().filter(e -> e.contactDate().isAfter(date)).count();
          assertThat(more.rejects())
              .as("every repeated future row is a reject")
              .hasSize((int) future);
        });
  }

  @Test
  void oneEntryPerCustomerAndChannelAndEveryEventAccountedFor() {
    Seeds.forEach(
        300,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          List<ContactEvent> events = gen.events(policy, LOAD, random.nextInt(100));
          QuarantineEvaluation r = policy.evaluate(events, LOAD);
          Set<String> keys = new HashSet<>();
          for (QuarantineEntry e : r.entries()) {
            assertThat(keys.add(e.customerId() + "|" + e.channel()))
                .as("duplicate key %s", e)
                .isTrue();
            assertThat(e.loadDate()).isEqualTo(LOAD);
            assertThat(e.contactDate()).isBeforeOrEqualTo(LOAD);
            if (e.lastDay() != null) {
              assertThat(e.lastDay()).isAfterOrEqualTo(LOAD);
            }
          }
          long future = events.stream().filter(e -> e.contactDate().isAfter(LOAD)).count();
          assertThat(r.rejects()).hasSize((int) future);
          assertThat(r.eventsRead()).isEqualTo(events.size());
        });
  }

  /**
   * The snapshot of load date D answers for a later date X exactly as a fresh evaluation at X of
   * the same contacts would (contacts up to D; revocations after D unknown to the snapshot).
   */
  @Test
  void isSuppressedAgreesWithTheEntriesForEveryDate() {
    Seeds.forEach(
        120,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          List<ContactEvent> events =
              gen.events(policy, LOAD, random.nextInt(60)).stream()
                  .filter(e -> !e.contactDate().isAfter(LOAD))
                  .map(e -> knownOn(e, LOAD))
                  .toList();
          Quarantine snapshot = Quarantine.of(policy.evaluate(events, LOAD).toIndex());
          for (int day = 0; day < 45; day++) {
            LocalDate date = LOAD.plusDays(day);
            QuarantineEvaluation fresh = policy.evaluate(events, date);
            for (String customer : customers(events)) {
              for (Channel channel : policy.channels()) {
                for (String category : CATEGORIES) {
                  boolean expected =
                      fresh.entries().stream()
                          .anyMatch(
                              e -> {
                                QuarantineRule rule = policy.rule(e.channel());
                                return e.customerId().equals(customer)
                                    && rule.scope().covers(channel)
                                    && !rule.exempts(category);
                              });
                  assertThat(snapshot.isSuppressed(customer, channel, date, category))
                      .as("%s on %s on %s (%s)", customer, channel, date, category)
                      .isEqualTo(expected);
                  SuppressionDecision d = snapshot.check(customer, channel, date, category);
                  assertThat(d.suppressed()).isEqualTo(expected);
                }
              }
            }
          }
        });
  }

  @Test
  void contactableFromIsTheFirstDateWithNoBlockingEntry() {
    Seeds.forEach(
        150,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          Quarantine q =
              Quarantine.of(policy.evaluate(gen.events(policy, LOAD, 40), LOAD).toIndex());
          for (String customer : customers(gen.events(policy, LOAD, 40))) {
            for (Channel channel : policy.channels()) {
              SuppressionDecision d = q.check(customer, channel, LOAD);
              if (!d.suppressed()) {
                assertThat(d.contactableFrom()).isEqualTo(LOAD);
              } else if (d.contactableFrom() == null) {
                assertThat(d.blockedBy()).anyMatch(b -> b.entry().isOpenEnded());
                assertThat(q.isSuppressed(customer, channel, LOAD.plusYears(10))).isTrue();
              } else {
                LocalDate free = d.contactableFrom();
                assertThat(q.isSuppressed(customer, channel, free)).isFalse();
                for (LocalDate x = LOAD; x.isBefore(free); x = x.plusDays(1)) {
                  assertThat(q.isSuppressed(customer, channel, x)).isTrue();
                }
              }
            }
          }
        });
  }

  @Test
  void aCapOfOnePerNPlusOneDaysIsTheNDayPeriod() {
    Seeds.forEach(
        300,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          int n = random.nextInt(40);
          QuarantinePolicy fixed =
              QuarantinePolicy.builder("p")
                  .rule(QuarantineRule.fixedPeriod(Channel.CRM, n))
                  .build();
          QuarantinePolicy cap =
              QuarantinePolicy.builder("p")
                  .rule(QuarantineRule.frequencyCap(Channel.CRM, 1, n + 1))
                  .build();
          List<ContactEvent> events = gen.events(fixed, LOAD, random.nextInt(80));
          LocalDate date = gen.date(LOAD.minusDays(10), 20);
          assertThat(cap.evaluate(events, date).entries())
              .isEqualTo(fixed.evaluate(events, date).entries());
        });
  }

  private static ContactEvent knownOn(ContactEvent e, LocalDate loadDate) {
    if (e.revokedOn() != null && e.revokedOn().isAfter(loadDate)) {
      return new ContactEvent(
          e.customerId(),
          e.channel(),
          e.contactDate(),
          e.email(),
          e.phone(),
          e.subject(),
          e.category(),
          null);
    }
    return e;
  }

  private static Set<String> customers(List<ContactEvent> events) {
    Set<String> ids = events.stream().map(ContactEvent::customerId).collect(Collectors.toSet());
    ids.add("0000000000"); // never contacted
    return ids;
  }
}

package io.quarentena.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.Scope;
import io.quarentena.simulation.CustomerChange.Change;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Worked examples of a rule change, by hand. */
class PolicySimulationTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final QuarantinePolicy CURRENT = QuarantinePolicy.defaults();

  static QuarantinePolicy withRule(String name, QuarantineRule rule) {
    return QuarantinePolicy.builder(name).rules(CURRENT.rules()).replace(rule).build();
  }

  static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  static ContactEvent mkt(String id, int daysBefore) {
    return ContactEvent.of(id, Channel.MARKETING, LOAD.minusDays(daysBefore));
  }

  @Test
  void marketingSevenToFiveReleasesExactlyTheCustomersLastContactedSixOrSevenDaysBefore() {
    List<ContactEvent> contacts = new ArrayList<>();
    for (int days = 0; days <= 10; days++) {
      contacts.add(mkt("c" + days, days));
    }
    contacts.add(mkt("older-then-recent", 7));
    contacts.add(mkt("older-then-recent", 3)); // last contact 3 days before: held by both
    contacts.add(mkt("twice-at-six", 6));
    contacts.add(mkt("twice-at-six", 12));
    contacts.add(ContactEvent.of("c6", Channel.CRM, LOAD.minusDays(6))); // CRM untouched
    QuarantinePolicy candidate =
        withRule("short", QuarantineRule.fixedPeriod(Channel.MARKETING, 5));

    SimulationResult r = PolicySimulation.of(CURRENT, candidate).run(contacts, LOAD);

    Set<String> released =
        r.customers().stream()
            .filter(c -> c.change() == Change.RELEASED)
            .map(c -> c.customerId() + "/" + c.channel())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(released).containsExactly("c6/Marketing", "c7/Marketing", "twice-at-six/Marketing");
    ChannelSummary m = r.channel(Channel.MARKETING);
    assertThat(m).isEqualTo(new ChannelSummary(Channel.MARKETING, 10, 7, 3, 0, 7, 0));
    assertThat(r.channel(Channel.CRM).unchanged()).isTrue();
    assertThat(r.channel(Channel.CRM).currentEntries()).isEqualTo(1);
    assertThat(r.ruleDifferences()).containsExactly("Marketing: 7 days → 5 days");
    CustomerChange c7 =
        r.customers().stream().filter(c -> c.customerId().equals("c7")).findFirst().orElseThrow();
    assertThat(c7.current())
        .isEqualTo(
            new CustomerChange.Decision(
                "default", "Marketing: 7 days after the last contact", true, d("2024-05-28")));
    assertThat(c7.candidate().blocked()).isFalse();
    assertThat(c7.reason())
        .isEqualTo(
            "released: current policy 'default' (Marketing: 7 days after the last contact)"
                + " blocked until 2024-05-28; candidate policy 'short' (Marketing: 5 days after"
                + " the last contact) not blocked");
    assertThat(r.noChange()).isFalse();
    assertThat(r.summary()).contains("Marketing: 10 → 7 entries; released 3");
    // the seven still held leave two days earlier
    assertThat(r.changedCustomers())
        .filteredOn(c -> c.change() == Change.LAST_DAY_EARLIER)
        .allMatch(c -> c.candidate().lastDay().equals(c.current().lastDay().minusDays(2)));
  }

  @Test
  void ofertasFiveDaysToAtMostTwoInTenDaysWorkedByHand() {
    List<ContactEvent> contacts =
        List.of(
            // A: one contact: held 5 days by the period, never by a cap of 2
            ContactEvent.of("A", Channel.OFERTAS, d("2024-05-26")),
            // B: 2nd most recent 05-20 + 9 = 05-29, earlier than 05-25 + 5 = 05-30
            ContactEvent.of("B", Channel.OFERTAS, d("2024-05-20")),
            ContactEvent.of("B", Channel.OFERTAS, d("2024-05-25")),
            // C: 05-21 + 5 = 05-26 has passed; 05-19 + 9 = 05-28 is the load date
            ContactEvent.of("C", Channel.OFERTAS, d("2024-05-19")),
            ContactEvent.of("C", Channel.OFERTAS, d("2024-05-21")),
            // D: 05-27 + 5 = 06-01; 05-26 + 9 = 06-04
            ContactEvent.of("D", Channel.OFERTAS, d("2024-05-10")),
            ContactEvent.of("D", Channel.OFERTAS, d("2024-05-26")),
            ContactEvent.of("D", Channel.OFERTAS, d("2024-05-27")));
    QuarantinePolicy candidate =
        withRule("cap", QuarantineRule.frequencyCap(Channel.OFERTAS, 2, 10));

    SimulationResult r = PolicySimulation.of(CURRENT, candidate).horizonDays(8).run(contacts, LOAD);

    Map<String, Change> changes = new TreeMap<>();
    r.customers().forEach(c -> changes.put(c.customerId(), c.change()));
    assertThat(changes)
        .containsExactly(
            Map.entry("A", Change.RELEASED),
            Map.entry("B", Change.LAST_DAY_EARLIER),
            Map.entry("C", Change.NEWLY_HELD),
            Map.entry("D", Change.LAST_DAY_LATER));
    assertThat(r.channel(Channel.OFERTAS))
        .isEqualTo(new ChannelSummary(Channel.OFERTAS, 3, 3, 1, 1, 1, 1));
    assertThat(r.ruleDifferences()).containsExactly("Ofertas: 5 days → at most 2 in 10 days");
    List<long[]> ofertas =
        r.forecast().stream()
            .filter(f -> f.channel().equals(Channel.OFERTAS))
            .map(f -> new long[] {f.current(), f.candidate()})
            .toList();
    // day:            0  1  2  3  4  5  6  7  8   (05-28 .. 06-05)
    // current  A 05-31, B 05-30, D 06-01;  candidate B 05-29, C 05-28, D 06-04
    assertThat(ofertas.stream().map(p -> p[0]).toList())
        .containsExactly(3L, 3L, 3L, 2L, 1L, 0L, 0L, 0L, 0L);
    assertThat(ofertas.stream().map(p -> p[1]).toList())
        .containsExactly(3L, 2L, 1L, 1L, 1L, 1L, 1L, 1L, 0L);
    assertThat(r.forecast().get(8).date()).isEqualTo(d("2024-06-05"));
  }

  @Test
  void anOpenEndedEntryThatGetsALastDayMovesEarlier() {
    List<ContactEvent> contacts = List.of(ContactEvent.of("F", Channel.FRAUDE, d("2024-04-01")));
    QuarantinePolicy candidate =
        withRule("fraud-90", QuarantineRule.fixedPeriod(Channel.FRAUDE, 90));
    SimulationResult r = PolicySimulation.of(CURRENT, candidate).run(contacts, LOAD);
    assertThat(r.customers())
        .singleElement()
        .extracting(CustomerChange::change)
        .isEqualTo(Change.LAST_DAY_EARLIER);
    assertThat(r.customers().get(0).current().describe()).isEqualTo("blocked until revoked");
    assertThat(r.ruleDifferences()).containsExactly("Fraude: until revoked → 90 days");
    SimulationResult back = PolicySimulation.of(candidate, CURRENT).run(contacts, LOAD);
    assertThat(back.customers().get(0).change()).isEqualTo(Change.LAST_DAY_LATER);
  }

  @Test
  void ruleDifferencesNameAddedAndRemovedChannelsScopesAndExemptions() {
    Channel push = Channel.of("Push");
    QuarantinePolicy candidate =
        QuarantinePolicy.builder("new")
            .rules(CURRENT.rules())
            .remove(Channel.RESTRITOS)
            .replace(
                QuarantineRule.fixedPeriod(Channel.MARKETING, 7)
                    .scopedTo(Scope.only(Channel.MARKETING, Channel.OFERTAS))
                    .exempting("transactional"))
            .rule(QuarantineRule.frequencyCap(push, 3, 7).exempting("transactional"))
            .build();
    assertThat(PolicySimulation.of(CURRENT, candidate).run(List.of(), LOAD).ruleDifferences())
        .containsExactly(
            "Marketing: blocks every channel → Marketing, Ofertas",
            "Marketing: exempts nothing → transactional",
            "Restritos: removed (was 90 days)",
            "Push: added (at most 3 in 7 days, exempts transactional)");
  }

  @Test
  void aRemovedChannelStopsCountingAndAChannelInNeitherPolicyIsAnError() {
    QuarantinePolicy candidate =
        QuarantinePolicy.builder("no-ofertas")
            .rules(CURRENT.rules())
            .remove(Channel.OFERTAS)
            .build();
    SimulationResult r =
        PolicySimulation.of(CURRENT, candidate)
            .run(List.of(ContactEvent.of("A", Channel.OFERTAS, LOAD)), LOAD);
    assertThat(r.channel(Channel.OFERTAS))
        .isEqualTo(new ChannelSummary(Channel.OFERTAS, 1, 0, 1, 0, 0, 0));
    assertThat(r.customers().get(0).candidate().rule()).isNull();
    assertThatThrownBy(
            () ->
                PolicySimulation.of(CURRENT, candidate)
                    .run(List.of(ContactEvent.of("A", Channel.of("Push"), LOAD)), LOAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channel 'Push' has a rule in neither policy");
  }

  @Test
  void entriesOfAnotherLoadDateOrRepeatedAreRefusedNamingTheEntry() {
    PolicySimulation sim = PolicySimulation.of(CURRENT, CURRENT);
    QuarantineEntry other =
        QuarantineEntry.of("A", Channel.CRM, LOAD, LOAD.plusDays(30), LOAD.plusDays(1));
    assertThatThrownBy(() -> sim.compare(LOAD, List.of(other), List.of()))
        .hasMessageContaining("load date 2024-05-29 is not the simulated load date 2024-05-28");
    QuarantineEntry e = QuarantineEntry.of("A", Channel.CRM, LOAD, LOAD.plusDays(30), LOAD);
    assertThatThrownBy(() -> sim.compare(LOAD, List.of(), List.of(e, e)))
        .hasMessageContaining("a second entry for customer A on CRM");
    assertThatThrownBy(() -> sim.horizonDays(-1)).hasMessageContaining("got -1");
  }

  @Test
  void runReadsTheContactsOnce() {
    List<ContactEvent> contacts = List.of(mkt("A", 6), mkt("B", 1));
    int[] reads = {0};
    Iterable<ContactEvent> once =
        () -> {
          if (reads[0]++ > 0) {
            throw new IllegalStateException("the contacts were read twice");
          }
          return contacts.iterator();
        };
    QuarantinePolicy candidate =
        withRule("short", QuarantineRule.fixedPeriod(Channel.MARKETING, 5));
    SimulationResult r = PolicySimulation.of(CURRENT, candidate).run(once, LOAD);
    assertThat(r.channel(Channel.MARKETING).released()).isEqualTo(1);
    assertThat(reads[0]).isEqualTo(1);
  }

  @Test
  void compareTakesAnEnginesEntriesIncludingAChannelWithoutARule() {
    Channel legado = Channel.of("Legado");
    QuarantineEntry open = QuarantineEntry.of("F", Channel.FRAUDE, d("2024-04-01"), null, LOAD);
    QuarantineEntry old = QuarantineEntry.of("L", legado, d("2024-05-01"), d("2024-06-10"), LOAD);
    SimulationResult r =
        PolicySimulation.of(CURRENT, CURRENT)
            .horizonDays(20)
            .compare(LOAD, List.of(open, old), List.of(open));
    assertThat(r.channel(Channel.FRAUDE).unchanged()).isTrue();
    assertThat(r.channel(legado)).isEqualTo(new ChannelSummary(legado, 1, 0, 1, 0, 0, 0));
    assertThat(r.customers().get(1).current().rule()).isNull();
    assertThat(r.forecast())
        .filteredOn(f -> f.channel().equals(Channel.FRAUDE))
        .allMatch(f -> f.current() == 1 && f.candidate() == 1);
    assertThat(r.forecast())
        .filteredOn(f -> f.channel().equals(legado))
        .extracting(ForecastDay::current)
        .containsExactly(
            1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
  }
}

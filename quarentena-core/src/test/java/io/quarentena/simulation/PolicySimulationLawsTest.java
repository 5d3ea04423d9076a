package io.quarentena.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.simulation.CustomerChange.Change;
import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Seeded properties of a simulation against the in-process engine. */
class PolicySimulationLawsTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  record Row(String customerId, Channel channel, LocalDate lastDay) {}

  static Set<Row> rows(List<QuarantineEntry> entries) {
    return entries.stream()
        .map(e -> new Row(e.customerId(), e.channel(), e.lastDay()))
        .collect(Collectors.toSet());
  }

  static List<ContactEvent> on(QuarantinePolicy p, List<ContactEvent> events) {
    return events.stream().filter(e -> p.findRule(e.channel()).isPresent()).toList();
  }

  @Test
  void anIdenticalCandidateReportsNoChange() {
    Seeds.forEach(
        200,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy current = gen.policy();
          QuarantinePolicy same = QuarantinePolicy.builder("same").rules(current.rules()).build();
          List<ContactEvent> events = gen.events(current, LOAD, 80);
          SimulationResult r = PolicySimulation.of(current, same).horizonDays(20).run(events, LOAD);
          assertThat(r.noChange()).isTrue();
          assertThat(r.ruleDifferences()).isEmpty();
          assertThat(r.customers()).allMatch(c -> c.change() == Change.UNCHANGED);
          assertThat(r.channels()).allMatch(ChannelSummary::unchanged);
          assertThat(r.forecast()).allMatch(f -> f.current() == f.candidate());
          assertThat(r.forecast()).hasSize(current.channels().size() * 21);
        });
  }

  @Test
  void simulatedEntriesAreThoseOfEachPolicysOwnEvaluation() {
    Seeds.forEach(
        200,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy current = gen.policy();
          QuarantinePolicy candidate = gen.policy();
          List<ContactEvent> events = gen.events(current, LOAD, 80);
          events = on(candidate, events); // no channel in neither policy
          SimulationResult r = PolicySimulation.of(current, candidate).run(events, LOAD);

          Set<Row> simulatedCandidate =
              r.customers().stream()
                  .filter(c -> c.candidate().blocked())
                  .map(c -> new Row(c.customerId(), c.channel(), c.candidate().lastDay()))
                  .collect(Collectors.toSet());
          Set<Row> simulatedCurrent =
              r.customers().stream()
                  .filter(c -> c.current().blocked())
                  .map(c -> new Row(c.customerId(), c.channel(), c.current().lastDay()))
                  .collect(Collectors.toSet());
          assertThat(simulatedCandidate)
              .isEqualTo(rows(candidate.evaluate(on(candidate, events), LOAD).entries()));
          assertThat(simulatedCurrent)
              .isEqualTo(rows(current.evaluate(on(current, events), LOAD).entries()));
        });
  }

  @Test
  void forecastOnDayKCountsTheEntriesWhoseLastDayIsOnOrAfterLoadPlusK() {
    Seeds.forEach(
        200,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy current = gen.policy();
          QuarantinePolicy candidate = gen.policy();
          List<ContactEvent> events = on(candidate, gen.events(current, LOAD, 80));
          int horizon = random.nextInt(40);
          SimulationResult r =
              PolicySimulation.of(current, candidate).horizonDays(horizon).run(events, LOAD);
          List<QuarantineEntry> a = current.evaluate(on(current, events), LOAD).entries();
          List<QuarantineEntry> b = candidate.evaluate(events, LOAD).entries();
          Map<Channel, Integer> days = new HashMap<>();
          for (ForecastDay f : r.forecast()) {
            LocalDate date = LOAD.plusDays(f.day());
            assertThat(f.date()).isEqualTo(date);
            assertThat(f.current()).isEqualTo(blockedOn(a, f.channel(), date));
            assertThat(f.candidate()).isEqualTo(blockedOn(b, f.channel(), date));
            days.merge(f.channel(), 1, Integer::sum);
          }
          assertThat(days.values()).allMatch(n -> n == horizon + 1);
        });
  }

  static long blockedOn(List<QuarantineEntry> entries, Channel channel, LocalDate date) {
    return entries.stream()
        .filter(e -> e.channel().equals(channel))
        .filter(e -> e.lastDay() == null || !e.lastDay().isBefore(date))
        .count();
  }

  @Test
  void marketingSevenToFiveReleasesExactlyTheLastContactsSixOrSevenDaysOld() {
    QuarantinePolicy current = QuarantinePolicy.defaults();
    QuarantinePolicy candidate =
        QuarantinePolicy.builder("short")
            .rules(current.rules())
            .replace(QuarantineRule.fixedPeriod(Channel.MARKETING, 5))
            .build();
    Seeds.forEach(
        200,
        random -> {
          List<ContactEvent> events = new ContactGenerator(random).events(current, LOAD, 120);
          SimulationResult r = PolicySimulation.of(current, candidate).run(events, LOAD);
          Map<String, LocalDate> last = new HashMap<>();
          for (ContactEvent e : events) {
            if (e.channel().equals(Channel.MARKETING) && !e.contactDate().isAfter(LOAD)) {
              last.merge(e.customerId(), e.contactDate(), (x, y) -> x.isAfter(y) ? x : y);
            }
          }
          Set<String> expected =
              last.entrySet().stream()
                  .filter(
                      e ->
                          e.getValue().equals(LOAD.minusDays(6))
                              || e.getValue().equals(LOAD.minusDays(7)))
                  .map(Map.Entry::getKey)
                  .collect(Collectors.toSet());
          Set<String> released =
              r.customers().stream()
                  .filter(c -> c.change() == Change.RELEASED)
                  .peek(c -> assertThat(c.channel()).isEqualTo(Channel.MARKETING))
                  .map(CustomerChange::customerId)
                  .collect(Collectors.toSet());
          assertThat(released).isEqualTo(expected);
          assertThat(r.changedCustomers())
              .allMatch(
                  c ->
                      c.change() == Change.RELEASED
                          || c.candidate().lastDay().equals(c.current().lastDay().minusDays(2)));
        });
  }

  @Test
  void summarizingTheDecisionCountsGivesWhatComparingTheEntriesGives() {
    // The job compares in Spark and hands over counts per pair of decisions: the summary and the
    // forecast must be those of the whole comparison.
    Seeds.forEach(
        100,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy current = gen.policy();
          QuarantinePolicy candidate = gen.policy();
          List<ContactEvent> events =
              gen.events(current, LOAD, 60).stream()
                  .filter(e -> candidate.findRule(e.channel()).isPresent())
                  .toList();
          PolicySimulation simulation = PolicySimulation.of(current, candidate).horizonDays(15);
          SimulationResult whole = simulation.run(events, LOAD);
          List<DecisionCount> counts =
              whole.customers().stream()
                  .map(
                      c ->
                          new DecisionCount(
                              c.channel(),
                              c.current().blocked(),
                              c.current().lastDay(),
                              c.candidate().blocked(),
                              c.candidate().lastDay(),
                              1))
                  .toList();
          SimulationResult summarized =
              simulation.summarize(LOAD, counts, whole.changedCustomers());
          assertThat(summarized.channels()).isEqualTo(whole.channels());
          assertThat(summarized.forecast()).isEqualTo(whole.forecast());
          assertThat(summarized.ruleDifferences()).isEqualTo(whole.ruleDifferences());
          assertThat(summarized.noChange()).isEqualTo(whole.noChange());
          assertThat(summarized.summary()).isEqualTo(whole.summary());
        });
  }
}

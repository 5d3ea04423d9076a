package io.quarentena.simulation;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Simulates a rule change before it is applied: evaluates the current and a candidate policy on the
 * same contacts and load date and reports, per channel, who is released, who is newly held and
 * whose last day moves; a drill-down row per customer; a forecast of the blocked audience per day;
 * and the rules' difference in words.
 *
 * <pre>{@code
 * QuarantinePolicy candidate = QuarantinePolicy.builder("short-marketing")
 *     .rules(QuarantinePolicy.defaults().rules())
 *     .replace(QuarantineRule.fixedPeriod(Channel.MARKETING, 5))
 *     .build();
 * SimulationResult result = PolicySimulation.of(QuarantinePolicy.defaults(), candidate)
 *     .run(contacts, LocalDate.parse("2024-05-28"));
 * System.out.print(result.summary());
 * Files.writeString(Path.of("simulation.html"), SimulationReport.html(result));
 * }</pre>
 *
 * <p>An engine that computes the entries itself (the Spark engine, in one scan of each source)
 * hands them to {@link #compare(LocalDate, List, List)}; {@link #run(Iterable, LocalDate)} is the
 * same comparison over the in-process engine's entries.
 *
 * <p><b>The forecast assumes no new contact after the load date.</b> It follows the load date's
 * entries to their last days (an open-ended entry blocks every day), so it shows how fast each
 * policy releases today's audience, not how large the audience will really be once campaigns go on
 * sending.
 */
public final class PolicySimulation {

  /** The default forecast horizon, in days after the load date. */
  public static final int DEFAULT_HORIZON_DAYS = 30;

  private static final int MAX_HORIZON_DAYS = 3660;

  private final QuarantinePolicy current;
  private final QuarantinePolicy candidate;
  private final int horizonDays;

  private PolicySimulation(QuarantinePolicy current, QuarantinePolicy candidate, int horizonDays) {
    this.current = current;
    this.candidate = candidate;
    this.horizonDays = horizonDays;
  }

  /**
   * A simulation of replacing {@code current} by {@code candidate}, forecasting {@link
   * #DEFAULT_HORIZON_DAYS} days.
   *
   * @param current the policy in force
   * @param candidate the policy considered
   * @return the simulation
   */
  public static PolicySimulation of(QuarantinePolicy current, QuarantinePolicy candidate) {
    Objects.requireNonNull(current, "current policy");
    Objects.requireNonNull(candidate, "candidate policy");
    return new PolicySimulation(current, candidate, DEFAULT_HORIZON_DAYS);
  }

  /**
   * The same simulation with another forecast horizon.
   *
   * @param days how many days after the load date to forecast, 0 to 3660
   * @return a new simulation
   * @throws IllegalArgumentException if the number is out of range
   */
  public PolicySimulation horizonDays(int days) {
    if (days < 0 || days > MAX_HORIZON_DAYS) {
      throw new IllegalArgumentException(
          "horizon days: got "
              + days
              + ", expected 0 to "
              + MAX_HORIZON_DAYS
              + " days after the load date (default "
              + DEFAULT_HORIZON_DAYS
              + ")");
    }
    return new PolicySimulation(current, candidate, days);
  }

  /**
   * Evaluates both policies on the contacts with the in-process engine and compares them. The
   * contacts are read once. Each policy counts the contacts of the channels it has a rule for: a
   * channel the candidate removes stops counting, one it adds starts counting.
   *
   * @param contacts the contacts, in any order
   * @param loadDate the load date
   * @return the result
   * @throws IllegalArgumentException naming the channel, if a contact's channel has a rule in
   *     neither policy
   */
  public SimulationResult run(Iterable<ContactEvent> contacts, LocalDate loadDate) {
    Objects.requireNonNull(contacts, "contacts");
    Objects.requireNonNull(loadDate, "loadDate");
    List<ContactEvent> forCurrent = new ArrayList<>();
    List<ContactEvent> forCandidate = new ArrayList<>();
    for (ContactEvent e : contacts) {
      boolean a = current.findRule(e.channel()).isPresent();
      boolean b = candidate.findRule(e.channel()).isPresent();
      if (!a && !b) {
        throw new IllegalArgumentException(
            "contact of customer "
                + e.customerId()
                + " on "
                + e.contactDate()
                + ": channel '"
                + e.channel()
                + "' has a rule in neither policy '"
                + current.name()
                + "' "
                + current.channels()
                + " nor '"
                + candidate.name()
                + "' "
                + candidate.channels());
      }
      if (a) {
        forCurrent.add(e);
      }
      if (b) {
        forCandidate.add(e);
      }
    }
    return compare(
        loadDate,
        current.evaluate(forCurrent, loadDate).entries(),
        candidate.evaluate(forCandidate, loadDate).entries());
  }

  /**
   * Compares entries already computed for the same load date by any engine of the two policies.
   *
   * @param loadDate the load date of every entry
   * @param currentEntries the entries of the current policy, at most one per customer and channel
   * @param candidateEntries the entries of the candidate policy, at most one per customer and
   *     channel
   * @return the result
   * @throws IllegalArgumentException naming the entry, if an entry has another load date, a last
   *     day before it, or repeats a customer and channel
   */
  public SimulationResult compare(
      LocalDate loadDate,
      List<QuarantineEntry> currentEntries,
      List<QuarantineEntry> candidateEntries) {
    Objects.requireNonNull(loadDate, "loadDate");
    Map<Key, QuarantineEntry> was = index(current, currentEntries, loadDate);
    Map<Key, QuarantineEntry> now = index(candidate, candidateEntries, loadDate);

    Map<Key, Boolean> keys = new TreeMap<>(Key.ORDER);
    was.keySet().forEach(k -> keys.put(k, true));
    now.keySet().forEach(k -> keys.put(k, true));
    List<CustomerChange> customers = new ArrayList<>(keys.size());
    Map<DecisionCount, Long> groups = new LinkedHashMap<>();
    for (Key key : keys.keySet()) {
      QuarantineEntry a = was.get(key);
      QuarantineEntry b = now.get(key);
      CustomerChange.Decision x = decision(current, key.channel(), a);
      CustomerChange.Decision y = decision(candidate, key.channel(), b);
      customers.add(
          new CustomerChange(
              key.customerId(), key.channel(), x, y, CustomerChange.Change.between(x, y)));
      groups.merge(
          new DecisionCount(key.channel(), x.blocked(), x.lastDay(), y.blocked(), y.lastDay(), 1),
          1L,
          Long::sum);
    }
    List<DecisionCount> counts = new ArrayList<>(groups.size());
    groups.forEach(
        (g, n) ->
            counts.add(
                new DecisionCount(
                    g.channel(),
                    g.currentBlocked(),
                    g.currentLastDay(),
                    g.candidateBlocked(),
                    g.candidateLastDay(),
                    n)));
    return summarize(loadDate, counts, customers);
  }

  /**
   * Summarizes decisions compared elsewhere: for an engine that joins the two policies' entries
   * where they are (the job's simulation does, in Spark, and writes every customer's row to a table
   * of its own) and hands over only their counts and the drill-down rows it wants shown. The
   * per-channel summary and the forecast are computed from the counts exactly as {@link #compare}
   * computes them from the entries.
   *
   * <pre>{@code
   * SimulationResult r = PolicySimulation.of(current, candidate)
   *     .summarize(loadDate, countsFromTheEngine, firstChangedRows);
   * }</pre>
   *
   * @param loadDate the load date of every decision
   * @param counts the customers per channel and pair of decisions; a pair may repeat (its counts
   *     add up)
   * @param drillDown the per-customer rows the result holds as {@link
   *     SimulationResult#customers()}: every row, or the first changed ones when the engine keeps
   *     the rest
   * @return the result
   * @throws IllegalArgumentException naming the count, if a last day is before the load date
   */
  public SimulationResult summarize(
      LocalDate loadDate, List<DecisionCount> counts, List<CustomerChange> drillDown) {
    Objects.requireNonNull(loadDate, "loadDate");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(drillDown, "drillDown");
    Set<Channel> channels = new LinkedHashSet<>(current.channels());
    channels.addAll(candidate.channels());
    for (DecisionCount g : counts) {
      channels.add(g.channel());
      for (LocalDate last : new LocalDate[] {g.currentLastDay(), g.candidateLastDay()}) {
        if (last != null && last.isBefore(loadDate)) {
          throw new IllegalArgumentException(
              g + ": last day " + last + " is before the load date " + loadDate);
        }
      }
    }
    Map<Channel, long[]> tallies = new LinkedHashMap<>();
    Map<Channel, long[]> blockedWas = new HashMap<>();
    Map<Channel, long[]> blockedNow = new HashMap<>();
    for (Channel c : channels) {
      tallies.put(c, new long[6]);
      blockedWas.put(c, new long[horizonDays + 1]);
      blockedNow.put(c, new long[horizonDays + 1]);
    }
    for (DecisionCount g : counts) {
      long n = g.customers();
      long[] c = tallies.get(g.channel());
      CustomerChange.Change change =
          CustomerChange.Change.between(
              new CustomerChange.Decision(
                  current.name(), null, g.currentBlocked(), g.currentLastDay()),
              new CustomerChange.Decision(
                  candidate.name(), null, g.candidateBlocked(), g.candidateLastDay()));
      c[0] += g.currentBlocked() ? n : 0;
      c[1] += g.candidateBlocked() ? n : 0;
      switch (change) {
        case RELEASED -> c[2] += n;
        case NEWLY_HELD -> c[3] += n;
        case LAST_DAY_EARLIER -> c[4] += n;
        case LAST_DAY_LATER -> c[5] += n;
        case UNCHANGED -> {}
      }
      if (g.currentBlocked()) {
        blockedWas.get(g.channel())[lastDayIndex(loadDate, g.currentLastDay())] += n;
      }
      if (g.candidateBlocked()) {
        blockedNow.get(g.channel())[lastDayIndex(loadDate, g.candidateLastDay())] += n;
      }
    }
    List<ChannelSummary> summaries = new ArrayList<>();
    tallies.forEach(
        (ch, c) -> summaries.add(new ChannelSummary(ch, c[0], c[1], c[2], c[3], c[4], c[5])));
    List<ForecastDay> forecast = new ArrayList<>();
    for (Channel ch : channels) {
      long[] a = runningFromHorizon(blockedWas.get(ch));
      long[] b = runningFromHorizon(blockedNow.get(ch));
      for (int k = 0; k <= horizonDays; k++) {
        forecast.add(new ForecastDay(ch, k, loadDate.plusDays(k), a[k], b[k]));
      }
    }
    return new SimulationResult(
        current.name(),
        candidate.name(),
        loadDate,
        horizonDays,
        summaries,
        drillDown,
        forecast,
        RuleDifferences.between(current, candidate));
  }

  /** The day index of a last day: days after the load date, open-ended or beyond as the horizon. */
  private int lastDayIndex(LocalDate loadDate, @Nullable LocalDate lastDay) {
    return lastDay == null
        ? horizonDays
        : (int) Math.min(horizonDays, ChronoUnit.DAYS.between(loadDate, lastDay));
  }

  /** Blocked on day k = entries whose last day index is k or more: a running sum from the end. */
  private static long[] runningFromHorizon(long[] lastDays) {
    long[] days = lastDays.clone();
    for (int k = days.length - 2; k >= 0; k--) {
      days[k] += days[k + 1];
    }
    return days;
  }

  private record Key(String customerId, Channel channel) {
    static final Comparator<Key> ORDER =
        Comparator.comparing(Key::channel).thenComparing(Key::customerId);
  }

  private static Map<Key, QuarantineEntry> index(
      QuarantinePolicy policy, List<QuarantineEntry> entries, LocalDate loadDate) {
    Objects.requireNonNull(entries, "entries of policy " + policy.name());
    Map<Key, QuarantineEntry> out = new HashMap<>(entries.size() * 2);
    for (QuarantineEntry e : entries) {
      String where = "entry of policy '" + policy.name() + "' " + e;
      if (!e.loadDate().equals(loadDate)) {
        throw new IllegalArgumentException(
            where + ": load date " + e.loadDate() + " is not the simulated load date " + loadDate);
      }
      if (e.lastDay() != null && e.lastDay().isBefore(loadDate)) {
        throw new IllegalArgumentException(
            where
                + ": last day "
                + e.lastDay()
                + " is before the load date "
                + loadDate
                + ", so it blocks nothing; an engine makes no such entry");
      }
      if (out.put(new Key(e.customerId(), e.channel()), e) != null) {
        throw new IllegalArgumentException(
            where + ": a second entry for customer " + e.customerId() + " on " + e.channel());
      }
    }
    return out;
  }

  private static CustomerChange.Decision decision(
      QuarantinePolicy policy, Channel channel, @Nullable QuarantineEntry e) {
    String rule = policy.findRule(channel).map(QuarantineRule::describe).orElse(null);
    return new CustomerChange.Decision(
        policy.name(), rule, e != null, e == null ? null : e.lastDay());
  }
}

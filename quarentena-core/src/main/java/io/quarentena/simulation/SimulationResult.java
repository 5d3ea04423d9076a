package io.quarentena.simulation;

import io.quarentena.Channel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link PolicySimulation} found: an immutable value.
 *
 * <p>The forecast assumes no new contact after the load date: it only follows the entries of the
 * load date to their last days, so it is a floor of the blocked audience, not a prediction of it.
 *
 * @param currentPolicy the name of the current policy
 * @param candidatePolicy the name of the candidate policy
 * @param loadDate the load date both policies were evaluated on
 * @param horizonDays how many days after the load date the forecast covers
 * @param channels per channel (every channel of either policy, the current policy's first), what
 *     the change does on the load date
 * @param customers the drill-down: from {@link PolicySimulation#run} and {@link
 *     PolicySimulation#compare}, one row per customer and channel blocked under at least one
 *     policy, sorted by channel then customer; from {@link PolicySimulation#summarize}, the rows
 *     the engine handed over (the job's simulation: the first changed ones, every row being in its
 *     table)
 * @param forecast per channel, for each day 0 (the load date) to {@code horizonDays}, customers
 *     blocked under each policy; sorted by channel (as {@code channels}) then day
 * @param ruleDifferences the rules' difference in words ({@code "Marketing: 7 days → 5 days"}), in
 *     channel order; empty when the rules are the same
 */
public record SimulationResult(
    String currentPolicy,
    String candidatePolicy,
    LocalDate loadDate,
    int horizonDays,
    List<ChannelSummary> channels,
    List<CustomerChange> customers,
    List<ForecastDay> forecast,
    List<String> ruleDifferences) {

  /** Copies the lists. */
  public SimulationResult {
    channels = List.copyOf(channels);
    customers = List.copyOf(customers);
    forecast = List.copyOf(forecast);
    ruleDifferences = List.copyOf(ruleDifferences);
  }

  /**
   * Whether the candidate changes nothing: the same rules and the same decision for every customer.
   *
   * @return true when there is no rule difference and no customer moves
   */
  public boolean noChange() {
    return ruleDifferences.isEmpty() && channels.stream().allMatch(ChannelSummary::unchanged);
  }

  /**
   * The drill-down rows whose decision moves.
   *
   * @return the rows that are not {@link CustomerChange.Change#UNCHANGED}, in order
   */
  public List<CustomerChange> changedCustomers() {
    List<CustomerChange> out = new ArrayList<>();
    for (CustomerChange c : customers) {
      if (c.change() != CustomerChange.Change.UNCHANGED) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The summary of one channel.
   *
   * @param channel the channel
   * @return its summary
   * @throws IllegalArgumentException naming the channel and the known ones, if neither policy has
   *     it
   */
  public ChannelSummary channel(Channel channel) {
    for (ChannelSummary s : channels) {
      if (s.channel().equals(channel)) {
        return s;
      }
    }
    List<Channel> known = new ArrayList<>();
    channels.forEach(s -> known.add(s.channel()));
    throw new IllegalArgumentException(
        "channel '" + channel + "' is in neither policy; known channels: " + known);
  }

  /**
   * A console summary: the rule differences and one line per channel.
   *
   * @return the text, lines separated by {@code \n}
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("Simulation of '")
        .append(candidatePolicy)
        .append("' against '")
        .append(currentPolicy)
        .append("' on ")
        .append(loadDate)
        .append('\n');
    if (ruleDifferences.isEmpty()) {
      sb.append("  rules: no difference\n");
    }
    for (String d : ruleDifferences) {
      sb.append("  rule ").append(d).append('\n');
    }
    for (ChannelSummary c : channels) {
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "  %s: %d → %d entries; released %d, newly held %d, last day earlier %d, later %d%n",
              c.channel(),
              c.currentEntries(),
              c.candidateEntries(),
              c.released(),
              c.newlyHeld(),
              c.lastDayEarlier(),
              c.lastDayLater()));
    }
    sb.append("  forecast over ")
        .append(horizonDays)
        .append(" days assumes no new contact after the load date\n");
    return sb.toString().replace("\r\n", "\n");
  }
}

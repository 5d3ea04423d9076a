package io.quarentena.simulation;

import io.quarentena.Channel;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One customer and channel with an entry under at least one of the two policies: the drill-down row
 * of a simulation.
 *
 * @param customerId the customer ({@code id_cliente})
 * @param channel the channel whose rule made the entry
 * @param current the decision of the current policy
 * @param candidate the decision of the candidate policy
 * @param change how the decision moves
 */
public record CustomerChange(
    String customerId, Channel channel, Decision current, Decision candidate, Change change) {

  /** How a customer's decision on a channel moves from the current to the candidate policy. */
  public enum Change {
    /** Blocked under the current policy, not under the candidate. */
    RELEASED,
    /** Blocked under the candidate policy, not under the current one. */
    NEWLY_HELD,
    /** Blocked under both, the last day earlier under the candidate (or no longer open-ended). */
    LAST_DAY_EARLIER,
    /** Blocked under both, the last day later under the candidate (or now open-ended). */
    LAST_DAY_LATER,
    /** Blocked under both until the same day. */
    UNCHANGED;

    /**
     * How a decision moves from the current to the candidate policy: the one definition, used by
     * {@link PolicySimulation} and by an engine that compares the decisions where they are (the
     * job's simulation, in Spark).
     *
     * <pre>{@code
     * Change c = Change.between(
     *     new Decision("default", rule7, true, LocalDate.parse("2024-05-29")),
     *     new Decision("short", rule5, false, null));   // RELEASED
     * }</pre>
     *
     * @param current the current policy's decision
     * @param candidate the candidate policy's decision
     * @return the change
     */
    public static Change between(Decision current, Decision candidate) {
      if (!candidate.blocked()) {
        return current.blocked() ? RELEASED : UNCHANGED;
      }
      if (!current.blocked()) {
        return NEWLY_HELD;
      }
      LocalDate x = current.lastDay();
      LocalDate y = candidate.lastDay();
      if (java.util.Objects.equals(x, y)) {
        return UNCHANGED;
      }
      if (x == null) {
        return LAST_DAY_EARLIER;
      }
      if (y == null) {
        return LAST_DAY_LATER;
      }
      return y.isBefore(x) ? LAST_DAY_EARLIER : LAST_DAY_LATER;
    }
  }

  /**
   * One policy's decision for the customer and channel on the load date.
   *
   * @param policy the policy's name
   * @param rule the rule of the channel in that policy, described ({@code "Marketing: 7 days after
   *     the last contact"}), or null when the policy has no rule for the channel
   * @param blocked whether the policy puts the customer in quarantine on the load date
   * @param lastDay the last day of quarantine, or null when not blocked or open-ended
   */
  public record Decision(
      String policy, @Nullable String rule, boolean blocked, @Nullable LocalDate lastDay) {

    /**
     * The decision in words: {@code "blocked until 2024-05-31"}, {@code "blocked until revoked"} or
     * {@code "not blocked"}.
     *
     * @return the words
     */
    public String describe() {
      if (!blocked) {
        return "not blocked";
      }
      return lastDay == null ? "blocked until revoked" : "blocked until " + lastDay;
    }
  }

  /**
   * Why the decision moves, naming the rule of each policy: {@code "released: current policy
   * 'default' (Marketing: 7 days after the last contact) blocked until 2024-05-29; candidate policy
   * 'short' (Marketing: 5 days after the last contact) not blocked"}.
   *
   * @return the reason
   */
  public String reason() {
    return change.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + ": "
        + part("current", current)
        + "; "
        + part("candidate", candidate);
  }

  private static String part(String role, Decision d) {
    return role
        + " policy '"
        + d.policy()
        + "' ("
        + (d.rule() == null ? "no rule" : d.rule())
        + ") "
        + d.describe();
  }
}

package io.quarentena.simulation;

import io.quarentena.Channel;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How many customers of a channel share the same two decisions: the aggregate an engine that
 * compares the policies where the entries are (the job's simulation, in Spark) hands to {@link
 * PolicySimulation#summarize}, instead of every customer's row.
 *
 * <pre>{@code
 * // 120 Marketing customers blocked until 05-30 today, until 05-28 under the candidate
 * new DecisionCount(Channel.MARKETING, true, LocalDate.parse("2024-05-30"),
 *     true, LocalDate.parse("2024-05-28"), 120);
 * }</pre>
 *
 * @param channel the channel whose rule made the decisions
 * @param currentBlocked whether the current policy blocks them on the load date
 * @param currentLastDay the current policy's last day, null when not blocked or open-ended
 * @param candidateBlocked whether the candidate policy blocks them on the load date
 * @param candidateLastDay the candidate policy's last day, null when not blocked or open-ended
 * @param customers how many customers, at least 1
 */
public record DecisionCount(
    Channel channel,
    boolean currentBlocked,
    @Nullable LocalDate currentLastDay,
    boolean candidateBlocked,
    @Nullable LocalDate candidateLastDay,
    long customers) {

  /** Checks the values. */
  public DecisionCount {
    Objects.requireNonNull(channel, "channel");
    if (customers < 1) {
      throw new IllegalArgumentException(
          "decision count of " + channel + ": " + customers + " customers; expected at least 1");
    }
    if (!currentBlocked && currentLastDay != null
        || !candidateBlocked && candidateLastDay != null) {
      throw new IllegalArgumentException(
          "decision count of "
              + channel
              + ": a last day ("
              + currentLastDay
              + ", "
              + candidateLastDay
              + ") on a decision that does not block");
    }
    if (!currentBlocked && !candidateBlocked) {
      throw new IllegalArgumentException(
          "decision count of " + channel + ": blocked under neither policy, so nothing to compare");
    }
  }
}

package io.quarentena.simulation;

import io.quarentena.Channel;

/**
 * What a rule change does to one channel on the load date.
 *
 * @param channel the channel whose rule made the entries
 * @param currentEntries customers in quarantine under the current policy
 * @param candidateEntries customers in quarantine under the candidate policy
 * @param released blocked under the current policy, not under the candidate
 * @param newlyHeld blocked under the candidate policy, not under the current one
 * @param lastDayEarlier blocked under both, the candidate's last day earlier (an open-ended entry
 *     that gets a last day counts here)
 * @param lastDayLater blocked under both, the candidate's last day later (an entry that becomes
 *     open-ended counts here)
 */
public record ChannelSummary(
    Channel channel,
    long currentEntries,
    long candidateEntries,
    long released,
    long newlyHeld,
    long lastDayEarlier,
    long lastDayLater) {

  /**
   * Whether the change leaves this channel as it is.
   *
   * @return true when nobody is released, newly held or moved
   */
  public boolean unchanged() {
    return released == 0 && newlyHeld == 0 && lastDayEarlier == 0 && lastDayLater == 0;
  }
}

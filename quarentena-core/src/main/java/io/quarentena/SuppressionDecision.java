package io.quarentena;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The answer to "may I contact this customer on this channel on this date?", with the reasons. A
 * decision is a value, not an exception.
 *
 * <pre>{@code
 * SuppressionDecision d = quarantine.check("1234567890", Channel.MARKETING, date);
 * if (d.suppressed()) {
 *   log.info("held back until {}: {}", d.contactableFrom(), d.explain());
 * }
 * }</pre>
 *
 * @param customerId the customer asked about
 * @param channel the outbound channel asked about
 * @param date the day of the intended send
 * @param suppressed whether the send must not happen
 * @param blockedBy every entry that blocks the send, with its rule; empty when not suppressed or
 *     when suppressed only because no snapshot is loaded
 * @param contactableFrom the first date with no blocking entry: {@code date} itself when not
 *     suppressed, null when an open-ended entry blocks or no snapshot is loaded
 * @param snapshotLoadDate the load date of the snapshot that answered, or null when none was loaded
 */
public record SuppressionDecision(
    String customerId,
    Channel channel,
    LocalDate date,
    boolean suppressed,
    List<Block> blockedBy,
    @Nullable LocalDate contactableFrom,
    @Nullable LocalDate snapshotLoadDate) {

  /**
   * One entry that blocks the send, and the rule that made it.
   *
   * @param entry the quarantine entry
   * @param rule the rule of the entry's channel
   */
  public record Block(QuarantineEntry entry, QuarantineRule rule) {

    /** Validates the block. */
    public Block {
      Errors.checkNotNull(entry, "entry");
      Errors.checkNotNull(rule, "rule");
    }
  }

  /** Validates the decision and copies the list. */
  public SuppressionDecision {
    Errors.checkNotNull(customerId, "customerId");
    Errors.checkNotNull(channel, "channel");
    Errors.checkNotNull(date, "date");
    blockedBy = List.copyOf(blockedBy);
    if (!suppressed && !blockedBy.isEmpty()) {
      throw new IllegalArgumentException("a decision with blocking entries must be suppressed");
    }
  }

  /**
   * Builds the decision from the blocking entries found (possibly none).
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @param date the day of the send
   * @param blocks the blocking entries
   * @param snapshotLoadDate the snapshot's load date
   * @return the decision, with {@code contactableFrom} derived from the blocks
   */
  public static SuppressionDecision of(
      String customerId,
      Channel channel,
      LocalDate date,
      List<Block> blocks,
      LocalDate snapshotLoadDate) {
    if (blocks.isEmpty()) {
      return new SuppressionDecision(
          customerId, channel, date, false, blocks, date, snapshotLoadDate);
    }
    LocalDate latest = null;
    for (Block b : blocks) {
      LocalDate last = b.entry().lastDay();
      if (last == null) {
        return new SuppressionDecision(
            customerId, channel, date, true, blocks, null, snapshotLoadDate);
      }
      if (latest == null || last.isAfter(latest)) {
        latest = last;
      }
    }
    return new SuppressionDecision(
        customerId, channel, date, true, blocks, latest.plusDays(1), snapshotLoadDate);
  }

  /**
   * The decision when no snapshot is loaded.
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @param date the day of the send
   * @param suppress whether to fail closed (suppress everyone)
   * @return the decision
   */
  public static SuppressionDecision noSnapshot(
      String customerId, Channel channel, LocalDate date, boolean suppress) {
    return new SuppressionDecision(
        customerId, channel, date, suppress, List.of(), suppress ? null : date, null);
  }

  /**
   * The first date with no blocking entry.
   *
   * @return the date, or empty when an open-ended entry blocks or no snapshot is loaded
   */
  public Optional<LocalDate> contactableFromDate() {
    return Optional.ofNullable(contactableFrom);
  }

  /**
   * A sentence a person can read: why the customer is or is not suppressed.
   *
   * @return the explanation
   */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    sb.append("customer ")
        .append(customerId)
        .append(" on ")
        .append(channel)
        .append(" on ")
        .append(date);
    if (snapshotLoadDate == null) {
      return sb.append(
              suppressed
                  ? ": suppressed, no quarantine snapshot is loaded (fail closed)"
                  : ": allowed, no quarantine snapshot is loaded (fail open was chosen)")
          .toString();
    }
    if (!suppressed) {
      return sb.append(": contactable (snapshot of ")
          .append(snapshotLoadDate)
          .append(")")
          .toString();
    }
    sb.append(": suppressed by");
    for (Block b : blockedBy) {
      QuarantineEntry e = b.entry();
      sb.append(" [")
          .append(b.rule().describe())
          .append("; contact ")
          .append(e.contactDate())
          .append(e.lastDay() == null ? ", open-ended" : ", last day " + e.lastDay())
          .append(']');
    }
    sb.append(contactableFrom == null ? "; no end date" : "; contactable from " + contactableFrom);
    return sb.append(" (snapshot of ").append(snapshotLoadDate).append(')').toString();
  }
}

package io.quarentena;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the quarantine entries of one load date, with the policy that made them:
 * what {@link Quarantine} answers from. Build one with {@link #of}, from an {@link
 * QuarantineEvaluation}, or load one from the Delta table (quarentena-spark).
 *
 * <p>A snapshot stays useful after its load date: a query for a later date is answered from the
 * entries' last days (an entry whose last day has passed no longer blocks).
 *
 * <pre>{@code
 * QuarantineIndex index = QuarantineIndex.of(policy, loadDate, entries);
 * boolean held = index.isSuppressed("1234567890", Channel.MARKETING, loadDate, null);
 * }</pre>
 */
public interface QuarantineIndex {

  /**
   * Builds a snapshot from entries of one load date. Entries of a channel the policy has no rule
   * for are kept and block every channel until their last day (fail closed), with a warning.
   *
   * @param policy the policy whose scopes and exemptions apply
   * @param loadDate the load date of every entry
   * @param entries the entries, at most one per customer and channel
   * @return the snapshot
   * @throws IllegalArgumentException if an entry has another load date or a key repeats
   */
  static QuarantineIndex of(
      QuarantinePolicy policy, LocalDate loadDate, Collection<QuarantineEntry> entries) {
    return MapQuarantineIndex.build(policy, loadDate, entries);
  }

  /**
   * The policy whose scopes and exemptions the snapshot applies.
   *
   * @return the policy
   */
  QuarantinePolicy policy();

  /**
   * The load date ({@code data_carga}) the entries were computed for.
   *
   * @return the load date
   */
  LocalDate loadDate();

  /**
   * The number of entries.
   *
   * @return the entry count
   */
  long size();

  /**
   * Whether a send must not happen.
   *
   * @param customerId the customer
   * @param channel the outbound channel; must have a rule in the policy
   * @param date the day of the send
   * @param category the send's category (exempt categories are never blocked), or null
   * @return true if any entry blocks the send
   * @throws IllegalArgumentException if the channel has no rule in the policy
   */
  boolean isSuppressed(
      String customerId, Channel channel, LocalDate date, @Nullable String category);

  /**
   * Whether a send must not happen, for a numeric customer id whose text form is {@code
   * Long.toString(customerId)} (no leading zeros; ids with leading zeros must use the {@code
   * String} form).
   *
   * @param customerId the customer, as a number
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return true if any entry blocks the send
   */
  default boolean isSuppressed(
      long customerId, Channel channel, LocalDate date, @Nullable String category) {
    return isSuppressed(Long.toString(customerId), channel, date, category);
  }

  /**
   * The full decision, with every blocking entry and {@code contactableFrom}.
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return the decision
   */
  SuppressionDecision check(
      String customerId, Channel channel, LocalDate date, @Nullable String category);

  /**
   * Every entry of a customer, blocking or not.
   *
   * @param customerId the customer
   * @return the entries, possibly none
   */
  List<QuarantineEntry> entries(String customerId);
}

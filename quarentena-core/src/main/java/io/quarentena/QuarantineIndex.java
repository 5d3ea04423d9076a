package io.quarentena;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the quarantine entries of one load date, with the policy that made them:
 * what {@link Quarantine} answers from. Build one with {@link #of} or {@link #builder}, from an
 * {@link QuarantineEvaluation}, or load one: {@link QuarantineSnapshotCsv} reads a CSV export of
 * the table, {@code io.quarentena.spark.QuarantineSnapshots} reads the Delta table.
 *
 * <p>A snapshot stays useful after its load date: a query for a later date is answered from the
 * entries' last days (an entry whose last day has passed no longer blocks).
 *
 * <p>The snapshot is compact: numeric customer ids (the text of a {@code long}, such as a CPF) and
 * their entries are packed into primitive arrays, about 25 bytes per entry; other ids (with letters
 * or leading zeros) are kept as text and round-trip exactly ({@code "0012345678"} is not {@code
 * "12345678"}). Ids are compared {@link TextTrim trimmed}, in the entries and in the queries, so
 * {@code "0012345678"} followed by a no-break space (U+00A0) is {@code "0012345678"}. {@code
 * isSuppressed} allocates nothing for an id with nothing to trim. Contact details (email, phone,
 * subject) are kept only for entries that have them; loaders skip them.
 *
 * <p>A snapshot may also carry <b>history</b>: the counted contacts of frequency caps still inside
 * their window on the load date, for customers with or without an entry ({@link
 * Builder#addHistory}, {@link QuarantineEvaluation#history()}). The snapshot's own answers do not
 * use it; {@link Quarantine} needs it to let a live send complete a cap over earlier contacts.
 *
 * <pre>{@code
 * QuarantineIndex index = QuarantineIndex.of(policy, loadDate, entries);
 * boolean held = index.isSuppressed("1234567890", Channel.MARKETING, loadDate, null);
 * boolean same = index.isSuppressed(1234567890L, Channel.MARKETING, loadDate, null);
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
    return of(policy, loadDate, entries, List.of());
  }

  /**
   * Builds a snapshot from entries of one load date and the counted contacts live sends need to
   * complete a frequency cap ({@link Builder#addHistory}).
   *
   * <pre>{@code
   * QuarantineEvaluation batch = policy.evaluate(contacts, loadDate);
   * QuarantineIndex index = QuarantineIndex.of(policy, loadDate, batch.entries(), batch.history());
   * }</pre>
   *
   * @param policy the policy whose scopes and exemptions apply
   * @param loadDate the load date of every entry
   * @param entries the entries, at most one per customer and channel
   * @param history counted contacts on or before the load date (rows of the companion table)
   * @return the snapshot
   * @throws IllegalArgumentException if an entry has another load date, a key repeats, or a history
   *     contact is dated after the load date
   */
  static QuarantineIndex of(
      QuarantinePolicy policy,
      LocalDate loadDate,
      Collection<QuarantineEntry> entries,
      Collection<ContactEvent> history) {
    Errors.checkNotNull(policy, "policy");
    Errors.checkNotNull(loadDate, "loadDate");
    Errors.checkNotNull(entries, "entries");
    Errors.checkNotNull(history, "history");
    if (!PackedQuarantineIndex.canPack(policy, loadDate, entries)) {
      // Entries the packed form cannot hold exactly (qtd_dias that disagrees with the dates,
      // dates beyond ±5.8 million years, more than 64 channels) keep the straightforward form.
      return MapQuarantineIndex.build(
          policy, loadDate, entries, ContactHistory.of(policy, loadDate, history));
    }
    Builder builder = builder(policy, loadDate).expectEntries(entries.size());
    for (QuarantineEntry e : entries) {
      builder.add(e);
    }
    for (ContactEvent c : history) {
      builder.addHistory(c);
    }
    return builder.build();
  }

  /**
   * A builder that adds entries one at a time, for loaders that stream rows: it keeps primitive
   * arrays, never one object per entry.
   *
   * <pre>{@code
   * QuarantineIndex.Builder b = QuarantineIndex.builder(QuarantinePolicy.defaults(), loadDate);
   * b.add("1234567890", Channel.CRM, LocalDate.parse("2024-05-08"), LocalDate.parse("2024-06-07"));
   * b.add("CLI-7", Channel.FRAUDE, LocalDate.parse("2024-04-01"), null);   // open-ended
   * QuarantineIndex index = b.build();
   * }</pre>
   *
   * @param policy the policy whose scopes and exemptions apply
   * @param loadDate the load date ({@code data_carga}) of every entry
   * @return a builder
   */
  static Builder builder(QuarantinePolicy policy, LocalDate loadDate) {
    return new Builder(new PackedIndexBuilder(policy, loadDate));
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
   * The audience of a send: the numeric customer ids that may be contacted on this channel on this
   * day, in their input order — {@link #isSuppressed(long, Channel, LocalDate, String)} asked of
   * each, answered in one pass. For a campaign that filters a list of customers before sending.
   *
   * <pre>{@code
   * long[] audience = index.contactable(candidates, Channel.MARKETING, sendDate, "promo");
   * }</pre>
   *
   * @param customerIds the candidates, as numbers ({@code Long.toString(id)} is each text form)
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return the candidates not suppressed, possibly none; a new array
   */
  default long[] contactable(
      long[] customerIds, Channel channel, LocalDate date, @Nullable String category) {
    long[] out = new long[customerIds.length];
    int n = 0;
    for (long id : customerIds) {
      if (!isSuppressed(id, channel, date, category)) {
        out[n++] = id;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * The full decision for a numeric customer id, whose text form is {@code
   * Long.toString(customerId)}.
   *
   * @param customerId the customer, as a number
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return the decision
   */
  default SuppressionDecision check(
      long customerId, Channel channel, LocalDate date, @Nullable String category) {
    return check(Long.toString(customerId), channel, date, category);
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
   * Every entry of a customer, blocking or not, in the policy's rule order (channels without a rule
   * last, by id), whatever order they were added in.
   *
   * @param customerId the customer
   * @return the entries, possibly none
   */
  List<QuarantineEntry> entries(String customerId);

  /**
   * The counted contacts this snapshot carries for a customer so that live sends can complete a
   * frequency cap ({@link Builder#addHistory}), latest first; none for a snapshot built without
   * history.
   *
   * @param customerId the customer
   * @return the contacts, possibly none
   */
  default List<ContactEvent> history(String customerId) {
    return List.of();
  }

  /**
   * The number of history contacts ({@link #history(String)}) over all customers.
   *
   * @return the count
   */
  default long historySize() {
    return 0;
  }

  /**
   * Adds entries one at a time and builds a compact snapshot; see {@link
   * QuarantineIndex#builder(QuarantinePolicy, LocalDate)}. Not thread-safe; builds once.
   *
   * <pre>{@code
   * QuarantineIndex.Builder b = QuarantineIndex.builder(policy, loadDate);
   * rows.forEach(r -> b.add(r.id(), Channel.of(r.canal()), r.dataEnvio(), r.saidaPrevista()));
   * quarantine.update(b.build());
   * }</pre>
   */
  final class Builder {
    /**
     * The last day ({@code saida_prevista}) of an open-ended entry in {@link #addAll}'s {@code
     * lastDays}: a fraud or restricted-list entry with no end.
     */
    public static final int NO_LAST_DAY = Integer.MIN_VALUE;

    private final PackedIndexBuilder packed;

    private Builder(PackedIndexBuilder packed) {
      this.packed = packed;
    }

    /**
     * Adds an entry, with its contact details if it has any.
     *
     * @param entry the entry; its load date must be the builder's
     * @return this builder
     * @throws IllegalArgumentException if the entry has another load date, or a {@code qtd_dias}
     *     other than {@code data_carga − data_envio}
     */
    public Builder add(QuarantineEntry entry) {
      packed.add(entry);
      return this;
    }

    /**
     * Adds an entry without contact details; {@code qtd_dias} is {@code loadDate − contactDate}.
     *
     * @param customerId {@code id_cliente}, kept as text unless it is the text of a {@code long}
     * @param channel {@code canal}
     * @param contactDate {@code data_envio}, on or before the load date
     * @param lastDay {@code saida_prevista}, or null when open-ended
     * @return this builder
     * @throws IllegalArgumentException naming the customer, channel and value, on a blank id or a
     *     contact date after the load date
     */
    public Builder add(
        String customerId, Channel channel, LocalDate contactDate, @Nullable LocalDate lastDay) {
      packed.add(customerId, channel, contactDate, lastDay);
      return this;
    }

    /**
     * Adds entries given as columns, the {@code i}-th entry made of the {@code i}-th element of
     * each array: what a loader that decodes column batches (Parquet, Arrow) hands over, with no
     * object per entry. The same entries as {@link #add(String, Channel, LocalDate, LocalDate)}
     * called for each row, in order, and the same checks; faster on large snapshots, because the
     * table slots of many rows are looked up together.
     *
     * <pre>{@code
     * // two customers contacted on Marketing three days ago; the second also on the fraud list
     * String[] ids = {"1234567890", "4567890123", "4567890123"};
     * Channel[] channels = {Channel.MARKETING, Channel.MARKETING, Channel.FRAUDE};
     * int sent = (int) loadDate.minusDays(3).toEpochDay(); // data_envio
     * int end = (int) loadDate.plusDays(4).toEpochDay(); // saida_prevista
     * int[] contactDays = {sent, sent, sent};
     * int[] lastDays = {end, end, QuarantineIndex.Builder.NO_LAST_DAY};
     * builder.addAll(ids, channels, contactDays, lastDays, 3);
     * }</pre>
     *
     * <p>The arrays are read during the call and not kept; they may be refilled for the next batch.
     * When it throws, some rows of the call may have been added: discard the builder.
     *
     * @param customerIds {@code id_cliente} per row, kept as text unless it is the text of a {@code
     *     long}
     * @param channels {@code canal} per row
     * @param contactDays {@code data_envio} per row as an epoch day ({@link LocalDate#toEpochDay}),
     *     on or before the load date
     * @param lastDays {@code saida_prevista} per row as an epoch day, or {@link #NO_LAST_DAY} when
     *     open-ended
     * @param count how many rows to add, from index 0; at most each array's length
     * @return this builder
     * @throws IllegalArgumentException naming the customer, channel and value, on a blank id, a
     *     contact date after the load date, a second entry of a customer on one channel, or a count
     *     beyond the arrays
     */
    public Builder addAll(
        String[] customerIds, Channel[] channels, int[] contactDays, int[] lastDays, int count) {
      packed.addAll(customerIds, channels, contactDays, lastDays, count);
      return this;
    }

    /**
     * Adds a counted contact the snapshot keeps so that live sends recorded after the load date can
     * complete a frequency cap: the rows of the companion table the batch publishes with each load
     * ({@code docs/rules.md}, "Live sends"), including customers without an entry. Rows that can
     * play no part are skipped: a channel whose rule needs one contact (its entry says all), a
     * channel without a rule, a contact the rule does not count or older than its window. Rows that
     * are one contact ({@link ContactEvent#isSameContactAs}) are kept once.
     *
     * <pre>{@code
     * b.addHistory(ContactEvent.builder("1234567890", Channel.MARKETING, loadDate.minusDays(3))
     *     .sendId("sfmc-7781").build());
     * }</pre>
     *
     * @param contact a counted contact dated on or before the load date
     * @return this builder
     * @throws IllegalArgumentException if the contact is dated after the load date
     */
    public Builder addHistory(ContactEvent contact) {
      packed.addHistory(contact);
      return this;
    }

    /**
     * Sizes the builder for this many entries at once, so that it does not grow while they are
     * added: a loader that knows its row count (a Delta table's {@code numRecords} statistics, a
     * file's line count) holds little more than the final snapshot while it loads. A hint, not a
     * limit: more entries than expected are still taken.
     *
     * @param entries how many entries will be added; zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code entries} is negative
     */
    public Builder expectEntries(long entries) {
      packed.expectEntries(entries);
      return this;
    }

    /**
     * Builds the snapshot. A builder builds once.
     *
     * @return the snapshot
     * @throws IllegalArgumentException if a customer has two entries on one channel
     */
    public QuarantineIndex build() {
      return packed.build();
    }
  }
}

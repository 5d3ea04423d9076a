package io.quarentena;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How contacts on one channel put a customer in quarantine. A rule is an immutable value; the
 * in-process engine and the Spark engine evaluate the same objects.
 *
 * <p>Three kinds, all described by the same two numbers so that both engines share one definition:
 * a rule blocks while the customer's {@link #threshold() K}-th most recent counted contact is at
 * most {@link #lastDayOffset() L} days old; the last day of quarantine is that contact's date plus
 * L.
 *
 * <ul>
 *   <li>{@link FixedPeriod}: N days after the last contact (K = 1, L = N). The contact day and the
 *       N following days are suppressed.
 *   <li>{@link FrequencyCap}: at most K contacts in any window of W consecutive days (L = W − 1).
 *   <li>{@link OpenEnded}: while an active record exists at the source (K = 1, no L).
 * </ul>
 *
 * <p>Every rule has a {@link Scope} (global by default: it blocks every channel) and may exempt
 * categories (for example {@code transactional}): a contact of an exempt category neither counts
 * towards the rule nor is blocked by it. Categories are compared trimmed and lower-case.
 *
 * <pre>{@code
 * QuarantineRule crm = QuarantineRule.fixedPeriod(Channel.CRM, 30);
 * QuarantineRule cap = QuarantineRule.frequencyCap(Channel.MARKETING, 3, 14)
 *     .scopedTo(Scope.only(Channel.MARKETING))
 *     .exempting("transactional");
 * QuarantineRule fraud = QuarantineRule.openEnded(Channel.FRAUDE);
 * }</pre>
 */
public sealed interface QuarantineRule
    permits QuarantineRule.FixedPeriod, QuarantineRule.FrequencyCap, QuarantineRule.OpenEnded {

  /**
   * A fixed period of N days after the last contact, global scope, no exemptions.
   *
   * @param channel the channel whose contacts count
   * @param days N, zero or more
   * @return the rule
   */
  static FixedPeriod fixedPeriod(Channel channel, int days) {
    return new FixedPeriod(channel, days, Scope.global(), Set.of());
  }

  /**
   * At most {@code maxContacts} contacts in any window of {@code windowDays} consecutive days,
   * global scope, no exemptions.
   *
   * @param channel the channel whose contacts count
   * @param maxContacts K, one or more
   * @param windowDays W, one or more
   * @return the rule
   */
  static FrequencyCap frequencyCap(Channel channel, int maxContacts, int windowDays) {
    return new FrequencyCap(channel, maxContacts, windowDays, Scope.global(), Set.of());
  }

  /**
   * Open-ended: blocks while an active record exists (one with no revocation date on or before the
   * load date), global scope, no exemptions.
   *
   * @param channel the channel whose records count
   * @return the rule
   */
  static OpenEnded openEnded(Channel channel) {
    return new OpenEnded(channel, Scope.global(), Set.of());
  }

  /**
   * The channel whose contacts this rule counts: the {@code canal} of the entries it makes.
   *
   * @return the channel
   */
  Channel channel();

  /**
   * The outbound channels this rule blocks.
   *
   * @return the scope
   */
  Scope scope();

  /**
   * Categories this rule ignores, trimmed and lower-case.
   *
   * @return an immutable set
   */
  Set<String> exemptCategories();

  /**
   * K: how many counted contacts put the customer in quarantine.
   *
   * @return 1 for a fixed period and an open-ended rule, K for a frequency cap
   */
  int threshold();

  /**
   * L: the last day of quarantine is the K-th most recent counted contact plus L days; empty for an
   * open-ended rule.
   *
   * @return N for a fixed period, W − 1 for a frequency cap, empty for open-ended
   */
  OptionalInt lastDayOffset();

  /**
   * A copy of this rule with another scope.
   *
   * @param scope the outbound channels to block
   * @return a new rule
   */
  QuarantineRule scopedTo(Scope scope);

  /**
   * A copy of this rule that also exempts these categories.
   *
   * @param categories category names, for example {@code "transactional"}
   * @return a new rule
   */
  QuarantineRule exempting(String... categories);

  /**
   * Whether the rule has no end date.
   *
   * @return true for {@link OpenEnded}
   */
  default boolean isOpenEnded() {
    return lastDayOffset().isEmpty();
  }

  /**
   * Whether this category is exempt from the rule. A null or blank category is never exempt.
   *
   * @param category the category of a contact or of a send, or null
   * @return true if the rule ignores it
   */
  default boolean exempts(@Nullable String category) {
    return category != null && exemptCategories().contains(normalizeCategory(category));
  }

  /**
   * Whether a contact counts towards this rule on a load date: its category is not exempt and, for
   * an open-ended rule, it is not revoked on or before the load date. The contact date itself is
   * checked by the engine.
   *
   * @param event the contact
   * @param loadDate the day the quarantine is computed for
   * @return true if the contact counts
   */
  default boolean counts(ContactEvent event, LocalDate loadDate) {
    if (exempts(event.category())) {
      return false;
    }
    LocalDate revoked = event.revokedOn();
    return !isOpenEnded() || revoked == null || revoked.isAfter(loadDate);
  }

  /**
   * The last day of quarantine given the K-th most recent counted contact.
   *
   * @param kthMostRecentContact the date of the K-th most recent counted contact
   * @return that date plus L, or null when the rule is open-ended
   */
  default @Nullable LocalDate lastDay(LocalDate kthMostRecentContact) {
    OptionalInt offset = lastDayOffset();
    return offset.isPresent() ? kthMostRecentContact.plusDays(offset.getAsInt()) : null;
  }

  /**
   * A short description, for logs and decisions: {@code "CRM: 30 days after the last contact"}.
   *
   * @return the description
   */
  String describe();

  /**
   * N days after the last contact. In quarantine on load date D iff {@code D − d ≤ N} for the
   * latest contact d ≤ D; the last day is {@code d + N}.
   *
   * @param channel the channel whose contacts count
   * @param days N, zero or more
   * @param scope the outbound channels blocked
   * @param exemptCategories categories ignored
   */
  record FixedPeriod(Channel channel, int days, Scope scope, Set<String> exemptCategories)
      implements QuarantineRule {

    /** Validates the rule. */
    public FixedPeriod {
      Errors.checkNotNull(channel, "rule channel");
      Errors.checkNotNull(scope, "rule scope");
      if (days < 0) {
        throw Errors.invalid(
            "days for channel " + channel.id(), days, "zero or more days after the last contact");
      }
      exemptCategories = normalizeCategories(exemptCategories, channel);
    }

    @Override
    public int threshold() {
      return 1;
    }

    @Override
    public OptionalInt lastDayOffset() {
      return OptionalInt.of(days);
    }

    @Override
    public FixedPeriod scopedTo(Scope newScope) {
      return new FixedPeriod(channel, days, newScope, exemptCategories);
    }

    @Override
    public FixedPeriod exempting(String... categories) {
      return new FixedPeriod(channel, days, scope, union(exemptCategories, categories));
    }

    @Override
    public String describe() {
      return channel.id() + ": " + days + " days after the last contact";
    }
  }

  /**
   * At most K contacts in any window of W consecutive days. On day X the window is {@code [X − W +
   * 1, X]}; the customer is suppressed on X iff the window already holds K contacts. The last day
   * is the K-th most recent contact plus {@code W − 1}. K = 1 with W = N + 1 is exactly the N-day
   * {@link FixedPeriod}.
   *
   * @param channel the channel whose contacts count
   * @param maxContacts K, one or more
   * @param windowDays W, one or more
   * @param scope the outbound channels blocked
   * @param exemptCategories categories ignored
   */
  record FrequencyCap(
      Channel channel, int maxContacts, int windowDays, Scope scope, Set<String> exemptCategories)
      implements QuarantineRule {

    /** Validates the rule. */
    public FrequencyCap {
      Errors.checkNotNull(channel, "rule channel");
      Errors.checkNotNull(scope, "rule scope");
      if (maxContacts < 1) {
        throw Errors.invalid(
            "max-contacts for channel " + channel.id(), maxContacts, "one or more contacts");
      }
      if (windowDays < 1) {
        throw Errors.invalid(
            "window-days for channel " + channel.id(), windowDays, "a window of one or more days");
      }
      exemptCategories = normalizeCategories(exemptCategories, channel);
    }

    @Override
    public int threshold() {
      return maxContacts;
    }

    @Override
    public OptionalInt lastDayOffset() {
      return OptionalInt.of(windowDays - 1);
    }

    @Override
    public FrequencyCap scopedTo(Scope newScope) {
      return new FrequencyCap(channel, maxContacts, windowDays, newScope, exemptCategories);
    }

    @Override
    public FrequencyCap exempting(String... categories) {
      return new FrequencyCap(
          channel, maxContacts, windowDays, scope, union(exemptCategories, categories));
    }

    @Override
    public String describe() {
      return channel.id() + ": at most " + maxContacts + " contacts in " + windowDays + " days";
    }
  }

  /**
   * While an active record exists at the source: one with no revocation date ({@code data_exclus})
   * on or before the load date. The entry's contact date is the latest active record's inclusion
   * date and it has no last day.
   *
   * @param channel the channel whose records count
   * @param scope the outbound channels blocked
   * @param exemptCategories categories ignored
   */
  record OpenEnded(Channel channel, Scope scope, Set<String> exemptCategories)
      implements QuarantineRule {

    /** Validates the rule. */
    public OpenEnded {
      Errors.checkNotNull(channel, "rule channel");
      Errors.checkNotNull(scope, "rule scope");
      exemptCategories = normalizeCategories(exemptCategories, channel);
    }

    @Override
    public int threshold() {
      return 1;
    }

    @Override
    public OptionalInt lastDayOffset() {
      return OptionalInt.empty();
    }

    @Override
    public OpenEnded scopedTo(Scope newScope) {
      return new OpenEnded(channel, newScope, exemptCategories);
    }

    @Override
    public OpenEnded exempting(String... categories) {
      return new OpenEnded(channel, scope, union(exemptCategories, categories));
    }

    @Override
    public String describe() {
      return channel.id() + ": until revoked at the source";
    }
  }

  /**
   * The form categories are compared in: {@link TextTrim trimmed}, lower-case.
   *
   * @param category a category
   * @return its normal form
   */
  static String normalizeCategory(String category) {
    return TextTrim.trim(category).toLowerCase(Locale.ROOT);
  }

  private static Set<String> normalizeCategories(Set<String> categories, Channel channel) {
    Errors.checkNotNull(categories, "exempt categories of channel " + channel.id());
    Set<String> out = new TreeSet<>();
    for (String c : categories) {
      out.add(normalizeCategory(Errors.checkNotBlank(c, "exempt category of channel " + channel)));
    }
    return Set.copyOf(out);
  }

  private static Set<String> union(Set<String> existing, String... more) {
    Set<String> out = new java.util.LinkedHashSet<>(existing);
    out.addAll(Arrays.asList(more)); // nulls and blanks are refused by normalizeCategories
    return out;
  }
}

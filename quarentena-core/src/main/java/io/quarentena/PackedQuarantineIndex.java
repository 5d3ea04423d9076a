package io.quarentena;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The compact snapshot behind {@link QuarantineIndex#of} and {@link QuarantineIndex#builder}.
 *
 * <p>Layout, chosen so that a lookup touches one cache line in the common case and allocates
 * nothing:
 *
 * <ul>
 *   <li>An entry is one {@code long} ({@link #pack}): last day as an epoch-day {@code int} ({@link
 *       #OPEN_ENDED} when there is none), the channel ordinal (6 bits) and {@code qtd_dias} (25
 *       bits; the contact date is the load date minus it, as docs/rules.md defines {@code
 *       qtd_dias}).
 *   <li>Numeric customer ids ({@code Long.toString(id)} gives back the exact text) live in an
 *       open-addressing table with linear probing, keys and values interleaved in one {@code
 *       long[]} so a probe reads key and value from the same cache line. A customer with one entry
 *       (the usual case) keeps it inline in the value, tagged by the sign bit; a customer with
 *       several keeps a pointer {@code (start << 8 | count)} into {@link #runs}. A value of 0 marks
 *       an empty slot, so every {@code long} is a valid key, {@link Long#MIN_VALUE} included.
 *   <li>Any other id (alphanumeric, leading zeros, {@code +1}, out of the {@code long} range) is
 *       kept as text in a hash map, so its text round-trips exactly.
 *   <li>Per outbound channel, a bitmask of the entry channels whose rule's scope covers it; per
 *       exempt category, a bitmask of the entry channels whose rule exempts it. A query is then
 *       {@code (coverMask & ~exemptMask) >>> channel & 1} and one {@code int} comparison per entry.
 *   <li>Contact details (email, phone, subject) are not needed for decisions; they are kept in a
 *       side map only for the entries that have any, so a snapshot loaded without them costs
 *       nothing for them.
 * </ul>
 */
final class PackedQuarantineIndex implements QuarantineIndex {

  /** The most channels (with a rule, or seen in entries) a packed snapshot holds: one bit each. */
  static final int MAX_CHANNELS = 64;

  /** The last-day value of an open-ended entry: greater than or equal to every query day. */
  static final int OPEN_ENDED = Integer.MAX_VALUE;

  /** The largest {@code qtd_dias} a packed entry holds: 2^25 − 1 days, about 91,000 years. */
  static final int MAX_DAYS = (1 << 25) - 1;

  /** Target load factor of the id table: ~2.2 probes on a hit, ~6 (two cache lines) on a miss. */
  static final double LOAD_FACTOR = 0.65;

  /** Ids probed together by {@link #contactable}: 32 ran 1.2x faster than 16, 64 no faster. */
  private static final int BATCH = 32;

  private static final long INLINE = Long.MIN_VALUE;

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final int loadDay;
  private final long size;

  /** Channel of each ordinal: the policy's channels first (outbound), then unknown ones. */
  private final Channel[] channels;

  private final QuarantineRule[] rules;

  /** How many leading ordinals are policy channels, the only valid outbound channels. */
  private final int outbound;

  /** Per outbound ordinal: the entry channels whose rule's scope covers it. */
  private final long[] coverMasks;

  /** Exempt category names (normalized) and, per name, the entry channels whose rule exempts it. */
  private final String[] exemptNames;

  private final long[] exemptMasks;

  /** Interleaved {@code [key, value]} pairs; {@code capacity} slots. */
  private final long[] table;

  private final int capacity;

  /** Entries of customers with several, contiguous per customer. */
  private final long[] runs;

  /** Entries of customers whose id is not a canonical {@code long}. */
  private final Map<String, long[]> textIds;

  /** Contact details of the entries that have any, keyed by customer text and channel. */
  private final Map<DetailKey, Details> details;

  /** Counted contacts kept for live sends to complete frequency caps. */
  private final ContactHistory history;

  record DetailKey(String customerId, Channel channel) {}

  record Details(@Nullable String email, @Nullable String phone, @Nullable String subject) {}

  PackedQuarantineIndex(
      QuarantinePolicy policy,
      LocalDate loadDate,
      long size,
      Channel[] channels,
      QuarantineRule[] rules,
      int outbound,
      long[] table,
      int capacity,
      long[] runs,
      Map<String, long[]> textIds,
      Map<DetailKey, Details> details,
      ContactHistory history) {
    this.policy = policy;
    this.loadDate = loadDate;
    this.loadDay = Math.toIntExact(loadDate.toEpochDay());
    this.size = size;
    this.channels = channels;
    this.rules = rules;
    this.outbound = outbound;
    this.table = table;
    this.capacity = capacity;
    this.runs = runs;
    this.textIds = textIds;
    this.details = details;
    this.history = history;
    this.coverMasks = new long[outbound];
    for (int out = 0; out < outbound; out++) {
      for (int e = 0; e < channels.length; e++) {
        if (rules[e].scope().covers(channels[out])) {
          coverMasks[out] |= 1L << e;
        }
      }
    }
    java.util.TreeMap<String, Long> exempt = new java.util.TreeMap<>();
    for (int e = 0; e < channels.length; e++) {
      for (String category : rules[e].exemptCategories()) {
        exempt.merge(category, 1L << e, (a, b) -> a | b);
      }
    }
    this.exemptNames = exempt.keySet().toArray(new String[0]);
    this.exemptMasks = new long[exemptNames.length];
    int i = 0;
    for (long mask : exempt.values()) {
      exemptMasks[i++] = mask;
    }
  }

  // ---------------------------------------------------------------- packing

  /** Whether every entry fits the packed form exactly (else the map-backed form is used). */
  static boolean canPack(
      QuarantinePolicy policy, LocalDate loadDate, Collection<QuarantineEntry> entries) {
    long loadDay = loadDate.toEpochDay();
    if (loadDay <= Integer.MIN_VALUE || loadDay >= Integer.MAX_VALUE) {
      return false;
    }
    Set<Channel> channels = new HashSet<>(policy.channels());
    for (QuarantineEntry e : entries) {
      if (PackedIndexBuilder.unpackable(e) != null) {
        return false;
      }
      channels.add(e.channel());
    }
    return channels.size() <= MAX_CHANNELS;
  }

  static long pack(int channelOrdinal, int daysSinceContact, int lastDay) {
    return (lastDay & 0xFFFF_FFFFL)
        | ((long) channelOrdinal << 32)
        | ((long) daysSinceContact << 38);
  }

  static int lastDay(long packed) {
    return (int) packed;
  }

  static int channelOrdinal(long packed) {
    return (int) (packed >>> 32) & (MAX_CHANNELS - 1);
  }

  static int daysSinceContact(long packed) {
    return (int) (packed >>> 38) & MAX_DAYS;
  }

  /** The slot a key hashes to: Fibonacci hashing, then a multiply-shift range reduction. */
  static int home(long key, int capacity) {
    long h = (key * 0x9E37_79B9_7F4A_7C15L) >>> 32;
    return (int) ((h * capacity) >>> 32);
  }

  /**
   * Whether {@code Long.toString(Long.parseLong(id))} would give back {@code id}: an optional
   * {@code -}, then digits without leading zeros ({@code 0} alone is fine, {@code -0} is not), in
   * the {@code long} range. Allocation-free.
   */
  static boolean isCanonicalLong(String id) {
    int n = id.length();
    int i = 0;
    if (n > 0 && id.charAt(0) == '-') {
      i = 1;
    }
    int digits = n - i;
    if (digits < 1 || digits > 19) {
      return false;
    }
    char first = id.charAt(i);
    if (first == '0') {
      return n == 1; // "0" only; "-0" and "007" are text
    }
    for (int k = i; k < n; k++) {
      char c = id.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    if (digits < 19) {
      return true;
    }
    String limit = i == 1 ? "9223372036854775808" : "9223372036854775807";
    for (int k = 0; k < 19; k++) {
      char c = id.charAt(i + k);
      char l = limit.charAt(k);
      if (c != l) {
        return c < l;
      }
    }
    return true;
  }

  /** The epoch day of a query date, clamped to the {@code int} range (see {@link #OPEN_ENDED}). */
  static int queryDay(LocalDate date) {
    long day = date.toEpochDay();
    return day >= Integer.MAX_VALUE
        ? Integer.MAX_VALUE
        : day <= Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) day;
  }

  // ---------------------------------------------------------------- queries

  @Override
  public QuarantinePolicy policy() {
    return policy;
  }

  @Override
  public LocalDate loadDate() {
    return loadDate;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean isSuppressed(
      String id, Channel channel, LocalDate date, @Nullable String category) {
    String customerId = TextTrim.trim(id);
    long mask = queryMask(channel, category);
    int day = queryDay(date);
    if (isCanonicalLong(customerId)) {
      return blocks(find(Long.parseLong(customerId)), mask, day);
    }
    long[] entries = textIds.get(customerId);
    return entries != null && anyBlocks(entries, 0, entries.length, mask, day);
  }

  @Override
  public boolean isSuppressed(
      long customerId, Channel channel, LocalDate date, @Nullable String category) {
    return blocks(find(customerId), queryMask(channel, category), queryDay(date));
  }

  /**
   * Probes {@link #BATCH} ids at a time: their first slots are all read before any is resolved, so
   * the cache misses of one batch overlap instead of following each other; the few ids whose first
   * slot holds another key probe on as {@link #find} does.
   */
  @Override
  public long[] contactable(
      long[] customerIds, Channel channel, LocalDate date, @Nullable String category) {
    long mask = queryMask(channel, category);
    int day = queryDay(date);
    long[] t = table;
    int cap = capacity;
    long[] out = new long[customerIds.length];
    int[] slots = new int[BATCH];
    long[] values = new long[BATCH];
    int n = 0;
    for (int from = 0; from < customerIds.length; from += BATCH) {
      int count = Math.min(BATCH, customerIds.length - from);
      for (int k = 0; k < count; k++) {
        slots[k] = home(customerIds[from + k], cap);
      }
      for (int k = 0; k < count; k++) {
        values[k] = t[2 * slots[k] + 1]; // independent loads: their misses overlap
      }
      for (int k = 0; k < count; k++) {
        long id = customerIds[from + k];
        long value = values[k];
        if (value != 0 && t[2 * slots[k]] != id) {
          value = find(id);
        }
        if (!blocks(value, mask, day)) {
          out[n++] = id;
        }
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  public SuppressionDecision check(
      String id, Channel channel, LocalDate date, @Nullable String category) {
    String customerId = TextTrim.trim(id);
    long mask = queryMask(channel, category);
    int day = queryDay(date);
    List<SuppressionDecision.Block> blocks = new ArrayList<>(1);
    for (long p : packedEntries(customerId)) {
      if (blocksPacked(p, mask, day)) {
        int ordinal = channelOrdinal(p);
        blocks.add(new SuppressionDecision.Block(unpack(customerId, p), rules[ordinal]));
      }
    }
    return SuppressionDecision.of(customerId, channel, date, blocks, loadDate);
  }

  @Override
  public List<QuarantineEntry> entries(String id) {
    String customerId = TextTrim.trim(id);
    long[] packed = packedEntries(customerId);
    List<QuarantineEntry> out = new ArrayList<>(packed.length);
    for (long p : packed) {
      out.add(unpack(customerId, p));
    }
    return List.copyOf(out);
  }

  @Override
  public List<ContactEvent> history(String customerId) {
    return List.of(history.of(TextTrim.trim(customerId)));
  }

  @Override
  public long historySize() {
    return history.size();
  }

  /** The table value of a numeric customer: 0 when absent. */
  private long find(long key) {
    long[] t = table;
    int cap = capacity;
    int slot = home(key, cap);
    while (true) {
      long value = t[2 * slot + 1];
      if (value == 0 || t[2 * slot] == key) {
        return value;
      }
      if (++slot == cap) {
        slot = 0;
      }
    }
  }

  private boolean blocks(long value, long mask, int day) {
    if (value < 0) {
      return blocksPacked(value, mask, day); // inline: the tag bit is outside the packed fields
    }
    if (value == 0) {
      return false;
    }
    int start = (int) (value >>> 8);
    return anyBlocks(runs, start, start + (int) (value & 0xFF), mask, day);
  }

  private static boolean anyBlocks(long[] entries, int from, int to, long mask, int day) {
    for (int i = from; i < to; i++) {
      if (blocksPacked(entries[i], mask, day)) {
        return true;
      }
    }
    return false;
  }

  private static boolean blocksPacked(long p, long mask, int day) {
    return ((mask >>> channelOrdinal(p)) & 1L) != 0 && lastDay(p) >= day;
  }

  /**
   * The entry channels that may block a send on this channel with this category: those whose rule's
   * scope covers the channel and whose rule does not exempt the category.
   */
  private long queryMask(Channel channel, @Nullable String category) {
    int out = ordinal(channel);
    if (out < 0 || out >= outbound) {
      throw Errors.unknownChannel(channel, policy.name(), policy.channels());
    }
    long mask = coverMasks[out];
    return category == null || exemptNames.length == 0 ? mask : mask & ~exemptMask(category);
  }

  private int ordinal(Channel channel) {
    Channel[] cs = channels;
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] == channel) {
        return i;
      }
    }
    for (int i = 0; i < cs.length; i++) {
      if (cs[i].equals(channel)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The entry channels whose rule exempts a category, compared as {@link
   * QuarantineRule#exempts(String)} does (trimmed, lower-case, blank never exempt); without
   * allocating for ASCII categories.
   */
  private long exemptMask(String category) {
    int from = 0;
    int to = category.length();
    while (from < to && category.charAt(from) <= ' ') {
      from++;
    }
    while (to > from && category.charAt(to - 1) <= ' ') {
      to--;
    }
    for (int i = from; i < to; i++) {
      if (category.charAt(i) >= 0x80) {
        return exemptMaskSlow(category);
      }
    }
    int length = to - from;
    for (int n = 0; n < exemptNames.length; n++) {
      String name = exemptNames[n];
      if (name.length() == length && asciiEqualsLowerCase(category, from, name)) {
        return exemptMasks[n];
      }
    }
    return 0;
  }

  private static boolean asciiEqualsLowerCase(String category, int from, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = category.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private long exemptMaskSlow(String category) {
    long mask = 0;
    for (int e = 0; e < rules.length; e++) {
      if (rules[e].exempts(category)) {
        mask |= 1L << e;
      }
    }
    return mask;
  }

  private long[] packedEntries(String customerId) {
    if (!isCanonicalLong(customerId)) {
      long[] entries = textIds.get(customerId);
      return entries == null ? new long[0] : entries;
    }
    long value = find(Long.parseLong(customerId));
    if (value == 0) {
      return new long[0];
    }
    if (value < 0) {
      return new long[] {value & ~INLINE};
    }
    int start = (int) (value >>> 8);
    return Arrays.copyOfRange(runs, start, start + (int) (value & 0xFF));
  }

  private QuarantineEntry unpack(String customerId, long p) {
    Channel channel = channels[channelOrdinal(p)];
    int days = daysSinceContact(p);
    int last = lastDay(p);
    Details d = details.isEmpty() ? null : details.get(new DetailKey(customerId, channel));
    return new QuarantineEntry(
        customerId,
        channel,
        LocalDate.ofEpochDay((long) loadDay - days),
        days,
        last == OPEN_ENDED ? null : LocalDate.ofEpochDay(last),
        loadDate,
        d == null ? null : d.email(),
        d == null ? null : d.phone(),
        d == null ? null : d.subject());
  }

  @Override
  public String toString() {
    return "QuarantineIndex["
        + policy.name()
        + ", "
        + loadDate
        + ", "
        + size
        + " entries, "
        + (size - textEntries())
        + " under numeric ids]";
  }

  private long textEntries() {
    long n = 0;
    for (long[] e : textIds.values()) {
      n += e.length;
    }
    return n;
  }
}

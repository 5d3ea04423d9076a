package io.quarentena;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects entries straight into the open-addressing table of a {@link PackedQuarantineIndex}.
 *
 * <p>Building never holds one object per entry, nor a second table: a numeric id goes into the
 * final {@code (key, value)} table at once, its one entry inline; a customer's further entries are
 * chained in two growing arrays until {@link #build()} lays them out as runs. The table grows by
 * doubling (a rehash) when it reaches {@link PackedQuarantineIndex#LOAD_FACTOR}, or is sized once
 * from {@link #expectEntries}: a loader that knows its row count (Delta's {@code numRecords}) holds
 * little more than the final index while it loads. The entry count bounds the customers from above:
 * a table of k entries per customer is then k times emptier than it must be (faster probes, more
 * memory); beyond four entries per customer it is rehashed to size when built. Without a hint the
 * table is rehashed to its exact size when built, as small as the snapshot can be.
 */
final class PackedIndexBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(PackedIndexBuilder.class);

  /** Rows {@link #addAll} probes together, as {@code contactable} does. */
  private static final int BATCH = 32;

  private static final double LOAD_FACTOR = PackedQuarantineIndex.LOAD_FACTOR;

  /** The most customers a table holds: {@link #capacityFor} fails above it. */
  private static final int MAX_CUSTOMERS =
      (int) Math.floor(((Integer.MAX_VALUE - 8) / 2 - 2) * LOAD_FACTOR);

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final long loadDay;

  private final Channel[] channels = new Channel[PackedQuarantineIndex.MAX_CHANNELS];
  private final QuarantineRule[] rules = new QuarantineRule[PackedQuarantineIndex.MAX_CHANNELS];
  private int channelCount;
  private final int outbound;
  private final Set<Channel> unknown = new TreeSet<>();

  /**
   * Numeric ids and their value: {@code entry | MIN_VALUE} for a customer's one entry (as in the
   * index), {@code head << 8 | count} for a chain of several; 0 marks a free slot.
   */
  private long[] table;

  private int capacity;
  private int limit;
  private int customers;
  private int numeric;
  private boolean sizedByHint;

  /** The entries of customers with several, chained newest first ({@code -1} ends a chain). */
  private long[] chained = new long[0];

  private int[] chainNext = new int[0];
  private int chainedCount;

  /** One batch of {@link #addAll}: numeric ids, their packed entries, their first slots' values. */
  private final long[] batchKeys = new long[BATCH];

  private final long[] batchValues = new long[BATCH];
  private final long[] batchSeen = new long[BATCH];

  private final Map<String, long[]> textIds = new LinkedHashMap<>();
  private long textCount;
  private final Map<PackedQuarantineIndex.DetailKey, PackedQuarantineIndex.Details> details =
      new HashMap<>();
  private final ContactHistory.Builder history;
  private boolean built;

  PackedIndexBuilder(QuarantinePolicy policy, LocalDate loadDate) {
    this.policy = Errors.checkNotNull(policy, "policy");
    this.loadDate = Errors.checkNotNull(loadDate, "loadDate");
    this.loadDay = loadDate.toEpochDay();
    if (loadDay <= Integer.MIN_VALUE || loadDay >= Integer.MAX_VALUE) {
      throw Errors.invalid("loadDate", loadDate, "a date between years -5,800,000 and 5,800,000");
    }
    if (policy.channels().size() > PackedQuarantineIndex.MAX_CHANNELS) {
      throw tooManyChannels(policy.channels().size());
    }
    for (QuarantineRule rule : policy.rules()) {
      channels[channelCount] = rule.channel();
      rules[channelCount] = rule;
      channelCount++;
    }
    this.outbound = channelCount;
    this.history = new ContactHistory.Builder(policy, loadDate);
    resize(capacityFor(0, LOAD_FACTOR));
  }

  /**
   * Sizes the table for this many entries at once (an upper bound on the customers), so that no
   * growth happens while they are added. Larger than the table can hold, it is ignored.
   */
  void expectEntries(long entries) {
    checkNotBuilt();
    if (entries < 0) {
      throw Errors.invalid("expected entries", entries, "a count of zero or more");
    }
    if (entries <= limit || entries > MAX_CUSTOMERS) {
      return;
    }
    resize(capacityFor((int) entries, LOAD_FACTOR));
    sizedByHint = true;
  }

  void addHistory(ContactEvent contact) {
    checkNotBuilt();
    history.add(contact);
  }

  /** Why an entry cannot be packed, or null if it can. Checked before anything is added. */
  static @Nullable String unpackable(QuarantineEntry e) {
    long contact = e.contactDate().toEpochDay();
    long expectedDays = e.loadDate().toEpochDay() - contact;
    if (e.daysSinceContact() != expectedDays) {
      return "daysSinceContact (qtd_dias) is "
          + e.daysSinceContact()
          + " but data_carga − data_envio is "
          + expectedDays
          + "; docs/rules.md defines qtd_dias as that difference";
    }
    if (e.daysSinceContact() > PackedQuarantineIndex.MAX_DAYS) {
      return "daysSinceContact (qtd_dias) "
          + e.daysSinceContact()
          + " is over "
          + PackedQuarantineIndex.MAX_DAYS;
    }
    LocalDate last = e.lastDay();
    if (last != null
        && (last.toEpochDay() <= Integer.MIN_VALUE || last.toEpochDay() >= Integer.MAX_VALUE)) {
      return "lastDay (saida_prevista) " + last + " is out of the supported range";
    }
    return null;
  }

  void add(QuarantineEntry e) {
    Errors.checkNotNull(e, "entry");
    if (!e.loadDate().equals(loadDate)) {
      throw new IllegalArgumentException(
          "entry of customer "
              + e.customerId()
              + " on "
              + e.channel()
              + " has load date "
              + e.loadDate()
              + ", the snapshot is for "
              + loadDate
              + ": a snapshot holds one load date. Build one snapshot per data_carga.");
    }
    String why = unpackable(e);
    if (why != null) {
      throw new IllegalArgumentException(
          "entry of customer " + e.customerId() + " on " + e.channel() + ": " + why);
    }
    LocalDate last = e.lastDay();
    add(
        e.customerId(),
        e.channel(),
        e.daysSinceContact(),
        last == null ? PackedQuarantineIndex.OPEN_ENDED : (int) last.toEpochDay());
    if (e.email() != null || e.phone() != null || e.subject() != null) {
      details.put(
          new PackedQuarantineIndex.DetailKey(e.customerId(), e.channel()),
          new PackedQuarantineIndex.Details(e.email(), e.phone(), e.subject()));
    }
  }

  void add(String customerId, Channel channel, LocalDate contactDate, @Nullable LocalDate lastDay) {
    customerId = Errors.checkKey(customerId, "customerId (id_cliente)");
    Errors.checkNotNull(channel, "channel (canal) of customer " + customerId);
    Errors.checkNotNull(contactDate, "contactDate (data_envio) of customer " + customerId);
    int days = checkDays(customerId, channel, contactDate.toEpochDay());
    int last =
        lastDay == null
            ? PackedQuarantineIndex.OPEN_ENDED
            : checkLastDay(customerId, channel, lastDay.toEpochDay());
    add(customerId, channel, days, last);
  }

  /**
   * Adds {@code count} entries given as columns ({@link QuarantineIndex.Builder#addAll}). Works
   * {@link #BATCH} rows at a time: it checks and packs them, reads the first slot of every numeric
   * id before inserting any, so that their cache misses overlap instead of following each other
   * (the one cost that grows with the table), then inserts them in order.
   */
  void addAll(
      String[] customerIds, Channel[] channels, int[] contactDays, int[] lastDays, int count) {
    checkNotBuilt();
    if (count < 0
        || count > customerIds.length
        || count > channels.length
        || count > contactDays.length
        || count > lastDays.length) {
      throw Errors.invalid(
          "count",
          count,
          "zero or more and at most every column's length (ids "
              + customerIds.length
              + ", channels "
              + channels.length
              + ", contact days "
              + contactDays.length
              + ", last days "
              + lastDays.length
              + ")");
    }
    long[] keys = batchKeys;
    long[] values = batchValues;
    Channel lastChannel = null;
    int lastOrdinal = -1;
    for (int from = 0; from < count; from += BATCH) {
      int to = Math.min(count, from + BATCH);
      int n = 0;
      for (int i = from; i < to; i++) {
        String customerId = Errors.checkKey(customerIds[i], "customerId (id_cliente)");
        Channel channel =
            Errors.checkNotNull(channels[i], "channel (canal) of customer " + customerId);
        if (channel != lastChannel) {
          lastOrdinal = ordinal(channel);
          lastChannel = channel;
        }
        int last =
            lastDays[i] == QuarantineIndex.Builder.NO_LAST_DAY
                ? PackedQuarantineIndex.OPEN_ENDED
                : checkLastDay(customerId, channel, lastDays[i]);
        long p =
            PackedQuarantineIndex.pack(
                lastOrdinal, checkDays(customerId, channel, contactDays[i]), last);
        if (PackedQuarantineIndex.isCanonicalLong(customerId)) {
          keys[n] = Long.parseLong(customerId);
          values[n++] = p;
        } else {
          addText(customerId, p);
        }
      }
      if (customers + n > limit) {
        grow(customers + n);
      }
      long[] t = table;
      int cap = capacity;
      long[] seen = batchSeen;
      for (int k = 0; k < n; k++) {
        seen[k] = t[2 * PackedQuarantineIndex.home(keys[k], cap) + 1]; // misses overlap
      }
      for (int k = 0; k < n; k++) {
        addNumeric(keys[k], values[k]);
      }
    }
  }

  /** {@code qtd_dias} of a contact on this epoch day, checked. */
  private int checkDays(String customerId, Channel channel, long contactDay) {
    long days = loadDay - contactDay;
    if (days < 0 || days > PackedQuarantineIndex.MAX_DAYS) {
      throw Errors.invalid(
          "contactDate (data_envio) of customer " + customerId + " on " + channel,
          LocalDate.ofEpochDay(contactDay),
          days < 0
              ? "a date on or before the load date " + loadDate + ": a later contact does not count"
              : "a date less than "
                  + PackedQuarantineIndex.MAX_DAYS
                  + " days before the load date");
    }
    return (int) days;
  }

  /** A last day given as an epoch day, checked. */
  private static int checkLastDay(String customerId, Channel channel, long lastDay) {
    if (lastDay <= Integer.MIN_VALUE || lastDay >= Integer.MAX_VALUE) {
      throw Errors.invalid(
          "lastDay (saida_prevista) of customer " + customerId + " on " + channel,
          LocalDate.ofEpochDay(lastDay),
          "a date between years -5,800,000 and 5,800,000, or null when open-ended");
    }
    return (int) lastDay;
  }

  private void add(String customerId, Channel channel, int days, int lastDay) {
    checkNotBuilt();
    long p = PackedQuarantineIndex.pack(ordinal(channel), days, lastDay);
    if (PackedQuarantineIndex.isCanonicalLong(customerId)) {
      addNumeric(Long.parseLong(customerId), p);
    } else {
      addText(customerId, p);
    }
  }

  private void addText(String customerId, long p) {
    long[] existing = textIds.get(customerId);
    if (existing == null) {
      textIds.put(customerId, new long[] {p});
    } else {
      checkNoDuplicate(customerId, existing, p);
      long[] more = Arrays.copyOf(existing, existing.length + 1);
      more[existing.length] = p;
      textIds.put(customerId, more);
    }
    textCount++;
  }

  private void addNumeric(long id, long p) {
    if (numeric == Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          "a snapshot holds at most " + (Integer.MAX_VALUE - 16) + " numeric entries");
    }
    int slot = slot(table, capacity, id);
    long value = table[2 * slot + 1];
    if (value == 0) {
      if (customers == limit) {
        grow(customers + 1);
        slot = slot(table, capacity, id);
      }
      table[2 * slot] = id;
      table[2 * slot + 1] = p | Long.MIN_VALUE;
      customers++;
    } else if (value < 0) {
      long first = value & Long.MAX_VALUE;
      if (PackedQuarantineIndex.channelOrdinal(first) == PackedQuarantineIndex.channelOrdinal(p)) {
        throw duplicate(Long.toString(id), PackedQuarantineIndex.channelOrdinal(p));
      }
      int head = chain(first, -1);
      table[2 * slot + 1] = ((long) chain(p, head) << 8) | 2;
    } else {
      int ordinal = PackedQuarantineIndex.channelOrdinal(p);
      int head = (int) (value >>> 8);
      for (int j = head; j >= 0; j = chainNext[j]) {
        if (PackedQuarantineIndex.channelOrdinal(chained[j]) == ordinal) {
          throw duplicate(Long.toString(id), ordinal);
        }
      }
      table[2 * slot + 1] = ((long) chain(p, head) << 8) | ((value & 0xFF) + 1);
    }
    numeric++;
  }

  /** Doubles the table (at least), so that it has room for {@code needed} customers. */
  private void grow(int needed) {
    if (customers == MAX_CUSTOMERS) {
      throw new IllegalStateException("too many customers for one snapshot: " + customers);
    }
    long doubled = Math.max(2L * customers + 8, needed);
    resize(capacityFor((int) Math.min(MAX_CUSTOMERS, doubled), LOAD_FACTOR));
  }

  /** Appends an entry to the chains, in front of {@code next}; returns its index. */
  private int chain(long entry, int next) {
    if (chainedCount == chained.length) {
      int grown = (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(16L, chainedCount * 2L));
      chained = Arrays.copyOf(chained, grown);
      chainNext = Arrays.copyOf(chainNext, grown);
    }
    chained[chainedCount] = entry;
    chainNext[chainedCount] = next;
    return chainedCount++;
  }

  /** The slot holding {@code id}, or the free slot where it goes. */
  private static int slot(long[] table, int capacity, long id) {
    int slot = PackedQuarantineIndex.home(id, capacity);
    while (table[2 * slot + 1] != 0 && table[2 * slot] != id) {
      if (++slot == capacity) {
        slot = 0;
      }
    }
    return slot;
  }

  /** Moves every customer into a table of this capacity (values unchanged). */
  private void resize(int newCapacity) {
    long[] grown = new long[2 * newCapacity];
    if (table != null) {
      for (int s = 0; s < capacity; s++) {
        long value = table[2 * s + 1];
        if (value != 0) {
          int at = slot(grown, newCapacity, table[2 * s]);
          grown[2 * at] = table[2 * s];
          grown[2 * at + 1] = value;
        }
      }
    }
    table = grown;
    capacity = newCapacity;
    limit = (int) Math.floor((newCapacity - 1) * LOAD_FACTOR);
  }

  private void checkNotBuilt() {
    if (built) {
      throw new IllegalStateException(
          "this builder already built its snapshot; start a new one with QuarantineIndex.builder");
    }
  }

  private int ordinal(Channel channel) {
    for (int i = 0; i < channelCount; i++) {
      if (channels[i] == channel) {
        return i;
      }
    }
    for (int i = 0; i < channelCount; i++) {
      if (channels[i].equals(channel)) {
        return i;
      }
    }
    if (channelCount == PackedQuarantineIndex.MAX_CHANNELS) {
      throw tooManyChannels(channelCount + 1);
    }
    // A channel without a rule: fail closed, its entries block every channel until their last day.
    unknown.add(channel);
    channels[channelCount] = channel;
    rules[channelCount] = QuarantineRule.openEnded(channel);
    return channelCount++;
  }

  private void checkNoDuplicate(String customerId, long[] entries, long p) {
    int ordinal = PackedQuarantineIndex.channelOrdinal(p);
    for (long e : entries) {
      if (PackedQuarantineIndex.channelOrdinal(e) == ordinal) {
        throw duplicate(customerId, ordinal);
      }
    }
  }

  private IllegalArgumentException duplicate(String customerId, int ordinal) {
    return new IllegalArgumentException(
        "two entries for customer "
            + customerId
            + " on channel "
            + channels[ordinal]
            + ": the table holds one row per (id_cliente, canal) per data_carga");
  }

  private static IllegalArgumentException tooManyChannels(int count) {
    return new IllegalArgumentException(
        "a snapshot holds at most "
            + PackedQuarantineIndex.MAX_CHANNELS
            + " channels (with a rule or seen in its entries), got "
            + count
            + ". Merge channels or split the policy.");
  }

  PackedQuarantineIndex build() {
    checkNotBuilt();
    built = true;
    if (!unknown.isEmpty()) {
      LOG.warn(
          "The snapshot has entries for channels without a rule in policy '{}': {}. They block"
              + " every channel until their last day (fail closed). Add rules for them.",
          policy.name(),
          unknown);
    }
    // Without a hint the snapshot is as small as it can be: a table grown by doubling is rehashed
    // to size. A hinted table is kept (no second table while loading) unless it is more than four
    // times too large for the customers that came.
    int exact = capacityFor(customers, LOAD_FACTOR);
    if (sizedByHint ? customers < limit / 4 : capacity > exact) {
      resize(exact);
    }
    // Lay the chains out as runs in a canonical order (the policy's rule order, then channels
    // without a rule by id), whatever the input order; a customer's one entry stays inline.
    int[] rank = channelRanks();
    long[] runs = new long[chainedCount];
    int runLength = 0;
    for (int s = 0; s < capacity; s++) {
      long value = table[2 * s + 1];
      if (value <= 0) {
        continue; // free, or one entry inline
      }
      int count = (int) (value & 0xFF);
      int k = 0;
      for (int j = (int) (value >>> 8); j >= 0; j = chainNext[j], k++) {
        long p = chained[j];
        int r = rank[PackedQuarantineIndex.channelOrdinal(p)];
        int at = runLength + k;
        while (at > runLength && rank[PackedQuarantineIndex.channelOrdinal(runs[at - 1])] > r) {
          runs[at] = runs[at - 1];
          at--;
        }
        runs[at] = p;
      }
      table[2 * s + 1] = ((long) runLength << 8) | count;
      runLength += count;
    }
    chained = new long[0];
    chainNext = new int[0];
    int n = numeric;
    for (long[] entries : textIds.values()) {
      sortByRank(entries, rank);
    }
    Map<String, long[]> text = textIds.isEmpty() ? Map.of() : new HashMap<>(textIds);
    Map<PackedQuarantineIndex.DetailKey, PackedQuarantineIndex.Details> kept =
        details.isEmpty() ? Map.of() : new HashMap<>(details);
    return new PackedQuarantineIndex(
        policy,
        loadDate,
        n + textCount,
        Arrays.copyOf(channels, channelCount),
        Arrays.copyOf(rules, channelCount),
        outbound,
        table,
        capacity,
        runs,
        text,
        kept,
        history.build());
  }

  private static void sortByRank(long[] entries, int[] rank) {
    for (int k = 1; k < entries.length; k++) {
      long p = entries[k];
      int r = rank[PackedQuarantineIndex.channelOrdinal(p)];
      int at = k;
      while (at > 0 && rank[PackedQuarantineIndex.channelOrdinal(entries[at - 1])] > r) {
        entries[at] = entries[at - 1];
        at--;
      }
      entries[at] = p;
    }
  }

  /** Per ordinal, its place in the canonical entry order. */
  private int[] channelRanks() {
    int[] rank = new int[channelCount];
    Integer[] others = new Integer[channelCount - outbound];
    for (int i = 0; i < channelCount; i++) {
      if (i < outbound) {
        rank[i] = i;
      } else {
        others[i - outbound] = i;
      }
    }
    Arrays.sort(others, (a, b) -> channels[a].compareTo(channels[b]));
    for (int k = 0; k < others.length; k++) {
      rank[others[k]] = outbound + k;
    }
    return rank;
  }

  /** A capacity holding {@code count} keys at most at this load factor, with one free slot. */
  static int capacityFor(int count, double loadFactor) {
    long capacity = (long) Math.ceil(count / loadFactor) + 1;
    if (capacity > (Integer.MAX_VALUE - 8) / 2) {
      throw new IllegalStateException("too many customers for one snapshot: " + count);
    }
    return (int) Math.max(2, capacity);
  }
}

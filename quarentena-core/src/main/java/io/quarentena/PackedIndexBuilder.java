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
 * Collects entries into primitive arrays, then lays them out as a {@link PackedQuarantineIndex}.
 *
 * <p>Building never holds one object per entry: numeric ids and packed entries go into two growing
 * {@code long[]}; {@link #build()} groups them by customer with a temporary open-addressing table
 * (chains threaded through an {@code int[]}), counts the customers, then fills a table sized for
 * exactly that many at {@link PackedQuarantineIndex#LOAD_FACTOR}.
 */
final class PackedIndexBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(PackedIndexBuilder.class);

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final long loadDay;

  private final Channel[] channels = new Channel[PackedQuarantineIndex.MAX_CHANNELS];
  private final QuarantineRule[] rules = new QuarantineRule[PackedQuarantineIndex.MAX_CHANNELS];
  private int channelCount;
  private final int outbound;
  private final Set<Channel> unknown = new TreeSet<>();

  private long[] ids = new long[16];
  private long[] packed = new long[16];
  private int numeric;

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
    long days = loadDay - contactDate.toEpochDay();
    if (days < 0) {
      throw Errors.invalid(
          "contactDate (data_envio) of customer " + customerId + " on " + channel,
          contactDate,
          "a date on or before the load date " + loadDate + ": a later contact does not count");
    }
    if (days > PackedQuarantineIndex.MAX_DAYS) {
      throw Errors.invalid(
          "contactDate (data_envio) of customer " + customerId + " on " + channel,
          contactDate,
          "a date less than " + PackedQuarantineIndex.MAX_DAYS + " days before the load date");
    }
    int last = PackedQuarantineIndex.OPEN_ENDED;
    if (lastDay != null) {
      long l = lastDay.toEpochDay();
      if (l <= Integer.MIN_VALUE || l >= Integer.MAX_VALUE) {
        throw Errors.invalid(
            "lastDay (saida_prevista) of customer " + customerId + " on " + channel,
            lastDay,
            "a date between years -5,800,000 and 5,800,000, or null when open-ended");
      }
      last = (int) l;
    }
    add(customerId, channel, (int) days, last);
  }

  private void add(String customerId, Channel channel, int days, int lastDay) {
    checkNotBuilt();
    long p = PackedQuarantineIndex.pack(ordinal(channel), days, lastDay);
    if (PackedQuarantineIndex.isCanonicalLong(customerId)) {
      if (numeric == ids.length) {
        if (numeric >= Integer.MAX_VALUE - 16) {
          throw new IllegalStateException(
              "a snapshot holds at most " + (Integer.MAX_VALUE - 16) + " numeric entries");
        }
        int grown = (int) Math.min(Integer.MAX_VALUE - 16L, numeric * 2L);
        ids = Arrays.copyOf(ids, grown);
        packed = Arrays.copyOf(packed, grown);
      }
      ids[numeric] = Long.parseLong(customerId);
      packed[numeric] = p;
      numeric++;
    } else {
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
    int n = numeric;
    // 1. Group entries by customer: a temporary table of chains (head per slot, next per entry).
    int tempCapacity = capacityFor(n, 0.5);
    long[] tempKeys = new long[tempCapacity];
    int[] heads = new int[tempCapacity];
    Arrays.fill(heads, -1);
    int[] next = new int[n];
    int customers = 0;
    int singles = 0;
    for (int i = 0; i < n; i++) {
      long id = ids[i];
      int slot = PackedQuarantineIndex.home(id, tempCapacity);
      while (heads[slot] >= 0 && tempKeys[slot] != id) {
        if (++slot == tempCapacity) {
          slot = 0;
        }
      }
      int head = heads[slot];
      if (head < 0) {
        tempKeys[slot] = id;
        customers++;
        singles++;
      } else {
        if (next[head] < 0) {
          singles--; // a second entry: this customer moves from inline to a run
        }
        int ordinal = PackedQuarantineIndex.channelOrdinal(packed[i]);
        for (int j = head; j >= 0; j = next[j]) {
          if (PackedQuarantineIndex.channelOrdinal(packed[j]) == ordinal) {
            throw duplicate(Long.toString(id), ordinal);
          }
        }
      }
      next[i] = head;
      heads[slot] = i;
    }
    ids = new long[0]; // the keys live in tempKeys now: let the copy go
    // 2. Lay out the final table: one entry inline, several as a run in a canonical order (the
    // policy's rule order, then channels without a rule by id), whatever the input order.
    int[] rank = channelRanks();
    int capacity = capacityFor(customers, PackedQuarantineIndex.LOAD_FACTOR);
    long[] table = new long[2 * capacity];
    long[] runs = new long[n - singles];
    int runLength = 0;
    long[] chain = new long[PackedQuarantineIndex.MAX_CHANNELS];
    for (int s = 0; s < tempCapacity; s++) {
      int head = heads[s];
      if (head < 0) {
        continue;
      }
      int count = 0;
      for (int j = head; j >= 0; j = next[j]) {
        chain[count++] = packed[j];
      }
      long value;
      if (count == 1) {
        value = chain[0] | Long.MIN_VALUE;
      } else {
        value = ((long) runLength << 8) | count;
        for (int k = 0; k < count; k++) { // insertion sort by rank: runs are short
          long p = chain[k];
          int r = rank[PackedQuarantineIndex.channelOrdinal(p)];
          int at = runLength + k;
          while (at > runLength && rank[PackedQuarantineIndex.channelOrdinal(runs[at - 1])] > r) {
            runs[at] = runs[at - 1];
            at--;
          }
          runs[at] = p;
        }
        runLength += count;
      }
      long key = tempKeys[s];
      int slot = PackedQuarantineIndex.home(key, capacity);
      while (table[2 * slot + 1] != 0) {
        if (++slot == capacity) {
          slot = 0;
        }
      }
      table[2 * slot] = key;
      table[2 * slot + 1] = value;
    }
    packed = new long[0];
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

package io.quarentena.benchmarks.index;

import io.quarentena.Channel;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic snapshot of a given number of active entries, shaped like the real table:
 * 11-digit numeric ids (CPF-like, distinct), 80% of customers on one channel, 15% on two, 5% on
 * three; dates such that every entry is active on the load date (Fraude open-ended); plus lookup
 * keys, half of them in the snapshot and half not, in random order.
 *
 * <pre>{@code
 * BenchData data = BenchData.generate(10_000_000);
 * Quarantine q = Quarantine.of(data.packedFromRows());
 * }</pre>
 */
public final class BenchData {

  /** The load date of every entry. */
  public static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  /** The date asked about: three days after the load date. */
  public static final LocalDate QUERY_DATE = LOAD.plusDays(3);

  /** The policy: the six default rules of docs/rules.md. */
  public static final QuarantinePolicy POLICY = QuarantinePolicy.defaults();

  private static final List<Channel> CHANNELS = Channel.builtIns();
  private static final long ID_BASE = 10_000_000_000L;
  private static final long ID_MASK = (1L << 36) - 1; // 10^10 + 2^36 stays below 10^11: 11 digits

  /** Per entry: the customer's id text, channel ordinal, contact and last day (epoch days). */
  final String[] ids;

  final byte[] channels;
  final int[] contactDays;
  final int[] lastDays; // Integer.MIN_VALUE: open-ended

  /** Customers in the snapshot. */
  final int customers;

  private BenchData(int entries) {
    ids = new String[entries];
    channels = new byte[entries];
    contactDays = new int[entries];
    lastDays = new int[entries];
    int loadDay = (int) LOAD.toEpochDay();
    int e = 0;
    int c = 0;
    while (e < entries) {
      long mix = mix(c);
      int pick = (int) Long.remainderUnsigned(mix, 100);
      int count = pick < 80 ? 1 : pick < 95 ? 2 : 3;
      int first = (int) Long.remainderUnsigned(mix >>> 8, CHANNELS.size());
      String id = Long.toString(customerId(c));
      for (int k = 0; k < count && e < entries; k++, e++) {
        int ordinal = (first + k) % CHANNELS.size();
        QuarantineRule rule = POLICY.rule(CHANNELS.get(ordinal));
        int span = rule.lastDayOffset().orElse(400);
        int age = (int) Long.remainderUnsigned(mix >>> (16 + 8 * k), span + 1);
        ids[e] = id;
        channels[e] = (byte) ordinal;
        contactDays[e] = loadDay - age;
        lastDays[e] = rule.isOpenEnded() ? Integer.MIN_VALUE : loadDay - age + span;
      }
      c++;
    }
    customers = c;
  }

  /**
   * Generates a snapshot of exactly {@code entries} entries.
   *
   * @param entries the number of entries
   * @return the data
   */
  public static BenchData generate(int entries) {
    return new BenchData(entries);
  }

  /** The id of the i-th customer: a bijection of i onto 11-digit numbers, so ids never repeat. */
  static long customerId(long i) {
    return ID_BASE + ((i * 0x9E37_79B9_7F4A_7C15L) & ID_MASK);
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }

  /**
   * The number of entries.
   *
   * @return the size
   */
  public int size() {
    return ids.length;
  }

  /**
   * Builds the compact snapshot as the loaders do: one {@code add} per table row.
   *
   * @return the snapshot
   */
  public QuarantineIndex packedFromRows() {
    QuarantineIndex.Builder b = QuarantineIndex.builder(POLICY, LOAD);
    for (int e = 0; e < ids.length; e++) {
      b.add(
          ids[e],
          CHANNELS.get(channels[e]),
          LocalDate.ofEpochDay(contactDays[e]),
          lastDays[e] == Integer.MIN_VALUE ? null : LocalDate.ofEpochDay(lastDays[e]));
    }
    return b.build();
  }

  /**
   * The entries as core objects. Dates are shared from a small cache (a loader would usually make
   * one per row: that would only make the baseline bigger).
   *
   * @return the entries
   */
  public List<QuarantineEntry> toEntries() {
    int loadDay = (int) LOAD.toEpochDay();
    LocalDate[] dates = new LocalDate[1000];
    List<QuarantineEntry> out = new ArrayList<>(ids.length);
    for (int e = 0; e < ids.length; e++) {
      LocalDate contact = cached(dates, contactDays[e] - loadDay);
      LocalDate last =
          lastDays[e] == Integer.MIN_VALUE ? null : cached(dates, lastDays[e] - loadDay);
      out.add(
          new QuarantineEntry(
              ids[e],
              CHANNELS.get(channels[e]),
              contact,
              loadDay - contactDays[e],
              last,
              LOAD,
              null,
              null,
              null));
    }
    return out;
  }

  private static LocalDate cached(LocalDate[] dates, int offset) {
    int i = offset + 500;
    if (dates[i] == null) {
      dates[i] = LOAD.plusDays(offset);
    }
    return dates[i];
  }

  /**
   * Lookup keys: half are customers of the snapshot, half are not, in random order.
   *
   * @param count how many keys
   * @param seed the random seed
   * @return the numeric ids
   */
  public long[] queries(int count, long seed) {
    Random random = new Random(seed);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      int c = random.nextInt(customers);
      out[i] = random.nextBoolean() ? customerId(c) : customerId((long) customers + c);
    }
    return out;
  }
}

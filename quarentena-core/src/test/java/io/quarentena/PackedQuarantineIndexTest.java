package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.EntryGenerator;
import io.quarentena.testing.Seeds;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compact index answers exactly as the straightforward map-backed one, for generated entries,
 * ids, channels, categories and dates. A failure prints the seed; replay it with {@code
 * -Dquarentena.seed=N -Dquarentena.trials=1}.
 */
class PackedQuarantineIndexTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final String[] CATEGORIES = {
    null,
    "transactional",
    " Transactional ",
    "TRANSACTIONAL",
    "promo",
    "",
    "  ",
    "transactionał",
    "\u2003"
  };

  @Test
  void answersExactlyAsTheMapIndexForGeneratedEntries() {
    Seeds.forEach(
        200,
        random -> {
          QuarantinePolicy policy = new ContactGenerator(random).policy();
          EntryGenerator gen = new EntryGenerator(random);
          List<QuarantineEntry> entries = gen.entries(policy, LOAD, 1 + random.nextInt(40));
          QuarantineIndex packed = QuarantineIndex.of(policy, LOAD, entries);
          QuarantineIndex reference = MapQuarantineIndex.build(policy, LOAD, entries);
          assertThat(packed).isInstanceOf(PackedQuarantineIndex.class);
          assertThat(packed.size()).isEqualTo(reference.size());
          Set<String> asked = new LinkedHashSet<>(EntryGenerator.TRICKY_IDS);
          entries.forEach(e -> asked.add(e.customerId()));
          asked.add("1000000099"); // never in a snapshot
          List<LocalDate> dates = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            dates.add(gen.queryDate(LOAD));
          }
          for (String id : asked) {
            assertThat(packed.entries(id))
                .as("entries of %s", id)
                .containsExactlyInAnyOrderElementsOf(reference.entries(id));
            for (Channel channel : policy.channels()) {
              for (LocalDate date : dates) {
                for (String category : CATEGORIES) {
                  assertSameAnswer(packed, reference, id, channel, date, category);
                }
              }
            }
          }
        });
  }

  @Test
  void answersExactlyAsTheMapIndexForEvaluatedContacts() {
    Seeds.forEach(
        100,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          QuarantineEvaluation r = policy.evaluate(gen.events(policy, LOAD, 80), LOAD);
          QuarantineIndex packed = r.toIndex();
          QuarantineIndex reference = MapQuarantineIndex.build(policy, LOAD, r.entries());
          assertThat(packed).isInstanceOf(PackedQuarantineIndex.class);
          for (QuarantineEntry e : r.entries()) {
            assertThat(packed.entries(e.customerId()))
                .containsExactlyInAnyOrderElementsOf(reference.entries(e.customerId()));
            for (Channel channel : policy.channels()) {
              for (int day = -2; day < 40; day += 3) {
                for (String category : CATEGORIES) {
                  assertSameAnswer(
                      packed, reference, e.customerId(), channel, LOAD.plusDays(day), category);
                }
              }
            }
          }
        });
  }

  /** Entries and blocks come in the policy's rule order, whatever order the entries came in. */
  @Test
  void inputOrderNeverChangesTheSnapshot() {
    Seeds.forEach(
        100,
        random -> {
          QuarantinePolicy policy = new ContactGenerator(random).policy();
          EntryGenerator gen = new EntryGenerator(random);
          List<QuarantineEntry> entries = gen.entries(policy, LOAD, 1 + random.nextInt(30));
          List<QuarantineEntry> shuffled = new ArrayList<>(entries);
          java.util.Collections.shuffle(shuffled, random);
          QuarantineIndex a = QuarantineIndex.of(policy, LOAD, entries);
          QuarantineIndex b = QuarantineIndex.of(policy, LOAD, shuffled);
          List<Channel> order = new ArrayList<>(policy.channels());
          for (QuarantineEntry e : entries) {
            List<QuarantineEntry> listed = a.entries(e.customerId());
            assertThat(b.entries(e.customerId())).isEqualTo(listed);
            assertThat(listed)
                .extracting(QuarantineEntry::channel)
                .filteredOn(order::contains)
                .isSortedAccordingTo(java.util.Comparator.comparingInt(order::indexOf));
            for (Channel channel : policy.channels()) {
              assertThat(b.check(e.customerId(), channel, LOAD, null))
                  .isEqualTo(a.check(e.customerId(), channel, LOAD, null));
            }
          }
        });
  }

  /**
   * A size hint changes the table's capacity, never an answer: no hint, one below, at and far above
   * the entry count (a table rehashed to size when built) give the map index's answers.
   */
  @Test
  void anySizeHintGivesTheSameAnswers() {
    Seeds.forEach(
        150,
        random -> {
          QuarantinePolicy policy = new ContactGenerator(random).policy();
          EntryGenerator gen = new EntryGenerator(random);
          List<QuarantineEntry> entries = gen.entries(policy, LOAD, 1 + random.nextInt(60));
          QuarantineIndex reference = MapQuarantineIndex.build(policy, LOAD, entries);
          long[] hints = {0, entries.size() / 2, entries.size(), 10L * entries.size(), 1L << 20};
          long hint = hints[random.nextInt(hints.length)];
          QuarantineIndex.Builder b = QuarantineIndex.builder(policy, LOAD).expectEntries(hint);
          entries.forEach(b::add);
          QuarantineIndex packed = b.build();
          assertThat(packed.size()).as("size with hint %s", hint).isEqualTo(reference.size());
          Set<String> asked = new LinkedHashSet<>(EntryGenerator.TRICKY_IDS);
          entries.forEach(e -> asked.add(e.customerId()));
          for (String id : asked) {
            assertThat(packed.entries(id))
                .as("entries of %s with hint %s", id, hint)
                .isEqualTo(QuarantineIndex.of(policy, LOAD, entries).entries(id));
            for (Channel channel : policy.channels()) {
              for (int day = -1; day < 40; day += 4) {
                assertSameAnswer(packed, reference, id, channel, LOAD.plusDays(day), null);
              }
            }
          }
        });
    assertThatThrownBy(
            () -> QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD).expectEntries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected entries");
  }

  /**
   * Entries added as columns, in chunks of any size through reused arrays, with or without a size
   * hint, give the snapshot that adding them one by one gives: the same entries and answers.
   */
  @Test
  void entriesAddedAsColumnsGiveTheSameSnapshotAsOneByOne() {
    Seeds.forEach(
        150,
        random -> {
          QuarantinePolicy policy = new ContactGenerator(random).policy();
          EntryGenerator gen = new EntryGenerator(random);
          List<QuarantineEntry> entries = gen.entries(policy, LOAD, 1 + random.nextInt(150));
          QuarantineIndex.Builder one = QuarantineIndex.builder(policy, LOAD);
          entries.forEach(e -> one.add(e.customerId(), e.channel(), e.contactDate(), e.lastDay()));
          QuarantineIndex reference = one.build();

          QuarantineIndex.Builder columns = QuarantineIndex.builder(policy, LOAD);
          if (random.nextBoolean()) {
            columns.expectEntries(random.nextInt(2 * entries.size() + 1));
          }
          int chunk = 1 + random.nextInt(70);
          String[] ids = new String[chunk];
          Channel[] channels = new Channel[chunk];
          int[] sent = new int[chunk];
          int[] last = new int[chunk];
          for (int from = 0; from < entries.size(); from += chunk) {
            int n = Math.min(chunk, entries.size() - from);
            for (int k = 0; k < n; k++) {
              QuarantineEntry e = entries.get(from + k);
              ids[k] = e.customerId();
              channels[k] = e.channel();
              sent[k] = (int) e.contactDate().toEpochDay();
              last[k] =
                  e.lastDay() == null
                      ? QuarantineIndex.Builder.NO_LAST_DAY
                      : (int) e.lastDay().toEpochDay();
            }
            columns.addAll(ids, channels, sent, last, n);
          }
          QuarantineIndex packed = columns.build();

          assertThat(packed.size()).as("size in chunks of %s", chunk).isEqualTo(reference.size());
          Set<String> asked = new LinkedHashSet<>(EntryGenerator.TRICKY_IDS);
          entries.forEach(e -> asked.add(e.customerId()));
          for (String id : asked) {
            assertThat(packed.entries(id))
                .as("entries of %s in chunks of %s", id, chunk)
                .isEqualTo(reference.entries(id));
            for (Channel channel : policy.channels()) {
              for (int day = -1; day < 40; day += 6) {
                assertSameAnswer(packed, reference, id, channel, LOAD.plusDays(day), null);
              }
            }
          }
        });
  }

  /** A row the columns cannot take is refused by name, as one added by itself would be. */
  @Test
  void entriesAddedAsColumnsAreCheckedLikeOneByOne() {
    int day = (int) LOAD.minusDays(2).toEpochDay();
    int open = QuarantineIndex.Builder.NO_LAST_DAY;
    assertThatThrownBy(
            () ->
                QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
                    .addAll(
                        new String[] {"1234567890", "42", "1234567890"},
                        new Channel[] {Channel.CRM, Channel.CRM, Channel.CRM},
                        new int[] {day, day, day},
                        new int[] {open, open, open},
                        3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two entries for customer 1234567890 on channel CRM");
    assertThatThrownBy(
            () ->
                QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
                    .addAll(
                        new String[] {"42", "43"},
                        new Channel[] {Channel.CRM, Channel.MARKETING},
                        new int[] {day, (int) LOAD.plusDays(1).toEpochDay()},
                        new int[] {open, open},
                        2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contactDate (data_envio) of customer 43 on Marketing")
        .hasMessageContaining("2024-05-29");
    assertThatThrownBy(
            () ->
                QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
                    .addAll(
                        new String[] {"42", " "},
                        new Channel[] {Channel.CRM, Channel.CRM},
                        new int[] {day, day},
                        new int[] {open, open},
                        2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customerId (id_cliente)");
    assertThatThrownBy(
            () ->
                QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
                    .addAll(
                        new String[] {"42"}, new Channel[] {null}, new int[] {day}, new int[1], 1))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("channel (canal) of customer 42");
    assertThatThrownBy(
            () ->
                QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
                    .addAll(new String[2], new Channel[2], new int[2], new int[1], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last days 1");
  }

  /** Many random keys, negative ones and the limits included: every probe chain ends right. */
  @Test
  void manyRandomNumericIdsAreAllFoundAndNothingElseIs() {
    Seeds.forEach(
        5,
        random -> {
          QuarantinePolicy policy = QuarantinePolicy.defaults();
          Set<Long> ids = new HashSet<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
          while (ids.size() < 20_000) {
            ids.add(random.nextInt(3) == 0 ? random.nextLong() : 10_000_000_000L + ids.size());
          }
          QuarantineIndex.Builder b = QuarantineIndex.builder(policy, LOAD);
          if (random.nextBoolean()) {
            b.expectEntries(ids.size()); // sized once, no growth: the same chains must end right
          }
          for (long id : ids) {
            b.add(Long.toString(id), Channel.CRM, LOAD, id % 2 == 0 ? null : LOAD);
          }
          QuarantineIndex index = b.build();
          assertThat(index.size()).isEqualTo(ids.size());
          for (long id : ids) {
            assertThat(index.isSuppressed(id, Channel.MARKETING, LOAD, null)).isTrue();
            assertThat(index.isSuppressed(id, Channel.MARKETING, LOAD.plusDays(1), null))
                .as("%s after its last day", id)
                .isEqualTo(id % 2 == 0);
          }
          for (int i = 0; i < 20_000; i++) {
            long other = random.nextLong();
            if (!ids.contains(other)) {
              assertThat(index.isSuppressed(other, Channel.CRM, LOAD, null)).isFalse();
              assertThat(index.isSuppressed(Long.toString(other), Channel.CRM, LOAD, null))
                  .isFalse();
            }
          }
        });
  }

  @Test
  void idsWithLeadingZerosAndLettersRoundTripExactly() {
    QuarantineIndex index =
        QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
            .add("0012345678", Channel.CRM, LOAD, null)
            .add("CLI-7", Channel.CRM, LOAD, null)
            .add("9223372036854775808", Channel.CRM, LOAD, null) // one past Long.MAX_VALUE
            .add("-9223372036854775808", Channel.CRM, LOAD, null) // Long.MIN_VALUE
            .build();
    assertThat(index.isSuppressed("0012345678", Channel.CRM, LOAD, null)).isTrue();
    assertThat(index.isSuppressed("12345678", Channel.CRM, LOAD, null)).isFalse();
    assertThat(index.isSuppressed(12345678L, Channel.CRM, LOAD, null)).isFalse();
    assertThat(index.entries("0012345678"))
        .singleElement()
        .satisfies(e -> assertThat(e.customerId()).isEqualTo("0012345678"));
    assertThat(index.isSuppressed("cli-7", Channel.CRM, LOAD, null)).isFalse();
    assertThat(index.isSuppressed("CLI-7", Channel.CRM, LOAD, null)).isTrue();
    assertThat(index.isSuppressed("9223372036854775808", Channel.CRM, LOAD, null)).isTrue();
    assertThat(index.isSuppressed(Long.MAX_VALUE, Channel.CRM, LOAD, null)).isFalse();
    assertThat(index.isSuppressed(Long.MIN_VALUE, Channel.CRM, LOAD, null)).isTrue();
    assertThat(index.check(Long.MIN_VALUE, Channel.CRM, LOAD, null).blockedBy())
        .singleElement()
        .satisfies(b -> assertThat(b.entry().customerId()).isEqualTo("-9223372036854775808"));
  }

  @Test
  void canonicalLongTextIsExactlyWhatLongToStringGivesBack() {
    for (String id : EntryGenerator.TRICKY_IDS) {
      boolean roundTrips;
      try {
        roundTrips = Long.toString(Long.parseLong(id)).equals(id);
      } catch (NumberFormatException e) {
        roundTrips = false;
      }
      assertThat(PackedQuarantineIndex.isCanonicalLong(id)).as(id).isEqualTo(roundTrips);
    }
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long n = random.nextLong() >> random.nextInt(64);
      assertThat(PackedQuarantineIndex.isCanonicalLong(Long.toString(n))).isTrue();
      assertThat(PackedQuarantineIndex.isCanonicalLong("0" + n)).isFalse();
    }
    assertThat(PackedQuarantineIndex.isCanonicalLong("")).isFalse();
    assertThat(PackedQuarantineIndex.isCanonicalLong("-")).isFalse();
    assertThat(PackedQuarantineIndex.isCanonicalLong("12a")).isFalse();
  }

  @Test
  void anEntryTheCompactFormCannotHoldKeepsTheMapForm() {
    QuarantineEntry odd =
        new QuarantineEntry("1", Channel.CRM, LOAD.minusDays(3), 99, null, LOAD, null, null, null);
    QuarantineIndex index = QuarantineIndex.of(QuarantinePolicy.defaults(), LOAD, List.of(odd));
    assertThat(index).isInstanceOf(MapQuarantineIndex.class);
    assertThat(index.entries("1")).containsExactly(odd);
    assertThatThrownBy(() -> QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD).add(odd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customer 1 on CRM")
        .hasMessageContaining("qtd_dias) is 99 but data_carga − data_envio is 3");
  }

  @Test
  void theBuilderRefusesWhatTheTableCannotHold() {
    QuarantineIndex.Builder b = QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD);
    assertThatThrownBy(() -> b.add("1", Channel.CRM, LOAD.plusDays(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contactDate (data_envio) of customer 1 on CRM: '2024-05-29'")
        .hasMessageContaining("on or before the load date 2024-05-28");
    assertThatThrownBy(() -> b.add(" ", Channel.CRM, LOAD, null))
        .hasMessageContaining("customerId (id_cliente) must not be blank");
    b.add("1", Channel.CRM, LOAD, null);
    assertThatThrownBy(() -> b.add("1", Channel.CRM, LOAD.minusDays(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two entries for customer 1 on channel CRM");
    b.build();
    assertThatThrownBy(() -> b.add("2", Channel.CRM, LOAD, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already built");
    QuarantineIndex.Builder text = QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD);
    text.add("A", Channel.CRM, LOAD, null);
    assertThatThrownBy(() -> text.add("A", Channel.CRM, LOAD, null))
        .hasMessageContaining("two entries for customer A on channel CRM");
    assertThatThrownBy(
            () ->
                QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
                    .add(
                        QuarantineEntry.of(
                            "1", Channel.CRM, LOAD.minusDays(2), null, LOAD.minusDays(1))))
        .hasMessageContaining("has load date 2024-05-27, the snapshot is for 2024-05-28");
  }

  @Test
  void anUnknownOutboundChannelIsAnErrorEvenForAnUnknownCustomer() {
    QuarantineIndex index = QuarantineIndex.of(QuarantinePolicy.defaults(), LOAD, List.of());
    assertThatThrownBy(() -> index.isSuppressed(1L, Channel.of("Push"), LOAD, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown channel 'Push'");
    QuarantineIndex withOrphan =
        QuarantineIndex.of(
            QuarantinePolicy.defaults(),
            LOAD,
            List.of(QuarantineEntry.of("1", Channel.of("Push"), LOAD, null, LOAD)));
    assertThat(withOrphan.isSuppressed(1L, Channel.CRM, LOAD.plusYears(5), null)).isTrue();
    // a channel seen only in entries is still not a valid outbound channel
    assertThatThrownBy(() -> withOrphan.isSuppressed(1L, Channel.of("Push"), LOAD, null))
        .hasMessageContaining("unknown channel 'Push'");
  }

  /** The hot path allocates nothing: measured by the JVM's per-thread allocation counter. */
  @Test
  void isSuppressedAllocatesNothing() {
    QuarantinePolicy policy =
        QuarantinePolicy.builder("p")
            .rules(QuarantinePolicy.defaults().rules())
            .replace(QuarantineRule.fixedPeriod(Channel.MARKETING, 7).exempting("transactional"))
            .build();
    QuarantineIndex.Builder b = QuarantineIndex.builder(policy, LOAD);
    for (int i = 0; i < 1000; i++) {
      b.add(Long.toString(10_000_000_000L + i), Channel.MARKETING, LOAD, LOAD.plusDays(7));
      if (i % 3 == 0) {
        b.add(Long.toString(10_000_000_000L + i), Channel.FRAUDE, LOAD, null);
      }
    }
    b.add("CLI-1", Channel.CRM, LOAD, null);
    QuarantineIndex index = b.build();
    String[] ids = new String[2000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Long.toString(10_000_000_000L + i);
    }
    LocalDate date = LOAD.plusDays(2);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int hits = run(index, ids, date); // warm up: class loading, first calls
    long before = threads.getThreadAllocatedBytes(id);
    for (int round = 0; round < 20; round++) {
      hits += run(index, ids, date);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(hits).isPositive();
    assertThat(allocated).as("bytes allocated by 400,000 lookups").isLessThan(1024);
  }

  private static int run(QuarantineIndex index, String[] ids, LocalDate date) {
    int hits = 0;
    for (int i = 0; i < ids.length; i++) {
      if (index.isSuppressed(ids[i], Channel.MARKETING, date, null)) {
        hits++;
      }
      if (index.isSuppressed(10_000_000_000L + i, Channel.CRM, date, " Transactional ")) {
        hits++;
      }
      if (index.isSuppressed("CLI-1", Channel.OFERTAS, date, "promo")) {
        hits++;
      }
    }
    return hits;
  }

  private static void assertSameAnswer(
      QuarantineIndex packed,
      QuarantineIndex reference,
      String id,
      Channel channel,
      LocalDate date,
      String category) {
    boolean expected = reference.isSuppressed(id, channel, date, category);
    assertThat(packed.isSuppressed(id, channel, date, category))
        .as("%s on %s on %s (%s)", id, channel, date, category)
        .isEqualTo(expected);
    if (PackedQuarantineIndex.isCanonicalLong(id)) {
      assertThat(packed.isSuppressed(Long.parseLong(id), channel, date, category))
          .as("long %s on %s on %s (%s)", id, channel, date, category)
          .isEqualTo(expected);
    }
    SuppressionDecision got = packed.check(id, channel, date, category);
    SuppressionDecision want = reference.check(id, channel, date, category);
    String what = String.format("decision for %s on %s on %s (%s)", id, channel, date, category);
    assertThat(got.suppressed()).as(what).isEqualTo(want.suppressed());
    assertThat(got.contactableFrom()).as(what).isEqualTo(want.contactableFrom());
    assertThat(got.snapshotLoadDate()).as(what).isEqualTo(want.snapshotLoadDate());
    assertThat(List.of(got.customerId(), got.channel(), got.date()))
        .as(what)
        .isEqualTo(List.of(want.customerId(), want.channel(), want.date()));
    assertThat(got.blockedBy()).as(what).containsExactlyInAnyOrderElementsOf(want.blockedBy());
  }
}

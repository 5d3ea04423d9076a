package io.quarentena.testing;

import io.quarentena.Channel;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantinePolicy;
import io.quarentena.TextTrim;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators of snapshot entries (rows of the quarantine table) shaped for the index: ids of
 * every shape the index must keep apart (numeric, leading zeros, alphanumeric, near the {@code
 * long} limits, just outside them), several channels per customer, open-ended entries, last days
 * before and after the load date, entries of a channel without a rule, and contact details.
 *
 * <pre>{@code
 * Seeds.forEach(200, random -> {
 *   EntryGenerator gen = new EntryGenerator(random);
 *   List<QuarantineEntry> entries = gen.entries(policy, loadDate, 40);
 *   ...
 * });
 * }</pre>
 */
public final class EntryGenerator {

  /**
   * Ids that must never be confused with one another, nor with a number that looks alike; and ids
   * padded with white space or invisible characters, which are the trimmed id.
   */
  public static final List<String> TRICKY_IDS =
      List.of(
          "0",
          "-1",
          "-0",
          "00",
          "+7",
          "7",
          "007",
          "12345678",
          "0012345678",
          "9223372036854775807",
          "9223372036854775806",
          "9223372036854775808",
          "-9223372036854775808",
          "-9223372036854775807",
          "-9223372036854775809",
          "99999999999999999999",
          "12345678901",
          "CLI-7",
          "cli-7",
          " 12",
          "12\u00a0",
          "\ufeff0012345678",
          "1.0",
          "1e3",
          "٣");

  private final Random random;

  /**
   * A generator.
   *
   * @param random the seeded source
   */
  public EntryGenerator(Random random) {
    this.random = random;
  }

  /**
   * A customer id: mostly 10–11 digit numbers (CPF-like), otherwise one of {@link #TRICKY_IDS} or a
   * random {@code long}.
   *
   * @return the id
   */
  public String customerId() {
    return switch (random.nextInt(6)) {
      case 0 -> TRICKY_IDS.get(random.nextInt(TRICKY_IDS.size()));
      case 1 -> Long.toString(random.nextLong());
      default -> Long.toString(1_000_000_000L + random.nextInt(60));
    };
  }

  /**
   * Entries for about {@code customers} distinct customers of one load date, each on one or more
   * channels (sometimes a channel without a rule in the policy).
   *
   * @param policy the policy whose channels are used
   * @param loadDate the load date
   * @param customers how many customer ids to draw (repeats collapse)
   * @return the entries, at most one per customer and channel, shuffled
   */
  public List<QuarantineEntry> entries(QuarantinePolicy policy, LocalDate loadDate, int customers) {
    List<Channel> channels = new ArrayList<>(policy.channels());
    if (random.nextInt(4) == 0) {
      channels.add(Channel.of("Legado")); // no rule: blocks everything until its last day
    }
    // One customer per trimmed id: " 12" and "12" (no-break space) are both customer 12.
    Map<String, String> ids = new LinkedHashMap<>();
    for (int i = 0; i < customers; i++) {
      String id = customerId();
      ids.putIfAbsent(TextTrim.trim(id), id);
    }
    List<QuarantineEntry> out = new ArrayList<>();
    for (String id : ids.values()) {
      List<Channel> mine = new ArrayList<>(channels);
      Collections.shuffle(mine, random);
      int count = 1 + (random.nextInt(3) == 0 ? random.nextInt(mine.size()) : 0);
      for (Channel channel : mine.subList(0, count)) {
        out.add(entry(id, channel, loadDate));
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  /**
   * One entry: contact 0–60 days before the load date; open-ended one time in four, otherwise a
   * last day from 10 days before to 80 days after the load date; contact details one time in three.
   *
   * @param id the customer
   * @param channel the channel
   * @param loadDate the load date
   * @return the entry
   */
  public QuarantineEntry entry(String id, Channel channel, LocalDate loadDate) {
    LocalDate contact = loadDate.minusDays(random.nextInt(61));
    LocalDate last = random.nextInt(4) == 0 ? null : loadDate.plusDays(random.nextInt(91) - 10);
    boolean details = random.nextInt(3) == 0;
    return new QuarantineEntry(
        id,
        channel,
        contact,
        (int) (loadDate.toEpochDay() - contact.toEpochDay()),
        last,
        loadDate,
        details ? "c" + random.nextInt(9) + "@exemplo.com" : null,
        details && random.nextBoolean() ? "1199" + random.nextInt(99999) : null,
        details ? "assunto " + random.nextInt(9) : null);
  }

  /**
   * A date to ask about: around the load date, sometimes far away or at the calendar's ends.
   *
   * @param loadDate the load date
   * @return the date
   */
  public LocalDate queryDate(LocalDate loadDate) {
    return switch (random.nextInt(12)) {
      case 0 -> LocalDate.MIN;
      case 1 -> LocalDate.MAX;
      case 2 -> loadDate.plusYears(random.nextInt(200) - 100);
      default -> loadDate.plusDays(random.nextInt(100) - 15);
    };
  }
}

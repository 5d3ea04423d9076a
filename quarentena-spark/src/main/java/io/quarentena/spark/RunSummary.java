package io.quarentena.spark;

import io.quarentena.RejectReason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run read, accepted, rejected and put in quarantine, per source and per channel. For
 * every source, {@code read = accepted + rejected}: every row is either a contact or a reject with
 * its reason.
 *
 * <pre>{@code
 * RunSummary summary = run.summary();
 * System.out.println(summary.toTable());
 * long crmHeld = summary.channel("CRM").inQuarantine();
 * }</pre>
 */
public final class RunSummary {

  /**
   * The counts of one source.
   *
   * @param source the source's name
   * @param channel the source's channel id, or {@code column <expression>} when rows carry it
   * @param read rows read
   * @param accepted rows accepted as contacts (counted or not by the rule)
   * @param rejected rows rejected, by reason
   * @param withReplacementCharacter rows read with U+FFFD (the replacement character a reader puts
   *     for bytes it cannot decode) in a text value: a sign of the wrong {@code encoding}
   * @param warnings what looks wrong with the source though its rows may be accepted (a numeric id
   *     column, undecodable text), as sentences that say what to change
   */
  public record SourceCounts(
      String source,
      String channel,
      long read,
      long accepted,
      Map<RejectReason, Long> rejected,
      long withReplacementCharacter,
      List<String> warnings) {

    /** Copies the map and the list. */
    public SourceCounts {
      rejected = Collections.unmodifiableMap(copy(rejected));
      warnings = List.copyOf(warnings);
      if (withReplacementCharacter < 0 || withReplacementCharacter > read) {
        throw new IllegalArgumentException(
            "source '"
                + source
                + "': "
                + withReplacementCharacter
                + " rows with U+FFFD out of "
                + read
                + " read");
      }
    }

    /**
     * The counts of a source with nothing to warn about.
     *
     * @param source the source's name
     * @param channel the source's channel id
     * @param read rows read
     * @param accepted rows accepted
     * @param rejected rows rejected, by reason
     */
    public SourceCounts(
        String source, String channel, long read, long accepted, Map<RejectReason, Long> rejected) {
      this(source, channel, read, accepted, rejected, 0, List.of());
    }

    /**
     * All rejected rows.
     *
     * @return the sum over reasons
     */
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * The counts of one channel, over every source.
   *
   * @param channel the channel id ({@code canal})
   * @param read rows read
   * @param accepted rows accepted
   * @param rejected rows rejected
   * @param inQuarantine entries, one per customer in quarantine on the load date
   */
  public record ChannelCounts(
      String channel, long read, long accepted, long rejected, long inQuarantine) {}

  /**
   * A source that could not be read and whose channel's previous entries were carried forward,
   * because its configuration allows it ({@code on-unavailable = carry-forward}).
   *
   * @param source the source
   * @param channel its channel
   * @param fromLoadDate the load date the entries were carried from
   * @param entries how many entries are still in quarantine on the new load date
   * @param reason why the source could not be read (no secrets: connector messages never hold any)
   */
  public record CarriedForward(
      String source, String channel, LocalDate fromLoadDate, long entries, String reason) {}

  private final LocalDate loadDate;
  private final String policy;
  private final List<SourceCounts> sources;
  private final List<ChannelCounts> channels;
  private final List<CarriedForward> carried;

  RunSummary(
      LocalDate loadDate, String policy, List<SourceCounts> sources, List<ChannelCounts> channels) {
    this(loadDate, policy, sources, channels, List.of());
  }

  private RunSummary(
      LocalDate loadDate,
      String policy,
      List<SourceCounts> sources,
      List<ChannelCounts> channels,
      List<CarriedForward> carried) {
    this.loadDate = loadDate;
    this.policy = policy;
    this.sources = List.copyOf(sources);
    this.channels = List.copyOf(channels);
    this.carried = List.copyOf(carried);
    for (SourceCounts s : this.sources) {
      if (s.read() != s.accepted() + s.rejectedTotal()) {
        throw new IllegalStateException(
            "source '" + s.source() + "': read " + s.read() + " != accepted + rejected " + s);
      }
    }
  }

  /**
   * This summary with sources carried forward: their entries count in their channels' totals.
   *
   * @param more the carried sources
   * @return a new summary
   */
  public RunSummary withCarriedForward(List<CarriedForward> more) {
    return withCarriedForward(more, Map.of());
  }

  /**
   * This summary with sources carried forward, and the exact entries of their channels once fresh
   * and carried entries were merged (a key read from another source and carried too counts once).
   *
   * @param more the carried sources
   * @param inQuarantine channel to its entries in the table; channels not in it add the carried
   *     entries to their count
   * @return a new summary
   */
  public RunSummary withCarriedForward(List<CarriedForward> more, Map<String, Long> inQuarantine) {
    if (more.isEmpty()) {
      return this;
    }
    Map<String, ChannelCounts> byChannel = new LinkedHashMap<>();
    for (ChannelCounts c : channels) {
      byChannel.put(c.channel(), c);
    }
    for (CarriedForward cf : more) {
      ChannelCounts c =
          byChannel.getOrDefault(cf.channel(), new ChannelCounts(cf.channel(), 0, 0, 0, 0));
      byChannel.put(
          cf.channel(),
          new ChannelCounts(
              c.channel(),
              c.read(),
              c.accepted(),
              c.rejected(),
              inQuarantine.getOrDefault(cf.channel(), c.inQuarantine() + cf.entries())));
    }
    List<CarriedForward> all = new ArrayList<>(carried);
    all.addAll(more);
    return new RunSummary(loadDate, policy, sources, new ArrayList<>(byChannel.values()), all);
  }

  /**
   * The sources that could not be read and were carried forward from an earlier load.
   *
   * @return the carried sources, empty in a normal run
   */
  public List<CarriedForward> carriedForward() {
    return carried;
  }

  /**
   * The load date of the run.
   *
   * @return the load date
   */
  public LocalDate loadDate() {
    return loadDate;
  }

  /**
   * The name of the policy applied.
   *
   * @return the policy name
   */
  public String policy() {
    return policy;
  }

  /**
   * Per source, in input order.
   *
   * @return an immutable list
   */
  public List<SourceCounts> sources() {
    return sources;
  }

  /**
   * Per channel, in channel order.
   *
   * @return an immutable list
   */
  public List<ChannelCounts> channels() {
    return channels;
  }

  /**
   * The counts of a source.
   *
   * @param name the source's name
   * @return its counts
   * @throws IllegalArgumentException if no source has that name
   */
  public SourceCounts source(String name) {
    for (SourceCounts s : sources) {
      if (s.source().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "no source named '" + name + "' in this run; sources: " + names(sources));
  }

  /**
   * The counts of a channel.
   *
   * @param id the channel id
   * @return its counts (zeros when the run saw no row of that channel)
   */
  public ChannelCounts channel(String id) {
    for (ChannelCounts c : channels) {
      if (c.channel().equals(id)) {
        return c;
      }
    }
    return new ChannelCounts(id, 0, 0, 0, 0);
  }

  /**
   * Rows read, over every source.
   *
   * @return the total
   */
  public long read() {
    return sources.stream().mapToLong(SourceCounts::read).sum();
  }

  /**
   * Rows accepted, over every source.
   *
   * @return the total
   */
  public long accepted() {
    return sources.stream().mapToLong(SourceCounts::accepted).sum();
  }

  /**
   * Rows rejected, over every source.
   *
   * @return the total
   */
  public long rejected() {
    return sources.stream().mapToLong(SourceCounts::rejectedTotal).sum();
  }

  /**
   * Entries in the table for the load date, over every channel.
   *
   * @return the total
   */
  public long inQuarantine() {
    return channels.stream().mapToLong(ChannelCounts::inQuarantine).sum();
  }

  /**
   * The summary as readable text tables: per channel, per source, and rejects by reason.
   *
   * @return the text, several lines
   */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append("Quarantine run for ")
        .append(loadDate)
        .append(", policy '")
        .append(policy)
        .append("'\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"channel", "read", "accepted", "rejected", "in quarantine"});
    for (ChannelCounts c : channels) {
      rows.add(
          new String[] {
            c.channel(), num(c.read()), num(c.accepted()), num(c.rejected()), num(c.inQuarantine())
          });
    }
    rows.add(
        new String[] {"total", num(read()), num(accepted()), num(rejected()), num(inQuarantine())});
    table(out, rows);
    out.append('\n');
    rows = new ArrayList<>();
    rows.add(new String[] {"source", "channel", "read", "accepted", "rejected", "reasons"});
    for (SourceCounts s : sources) {
      List<String> reasons = new ArrayList<>();
      s.rejected().forEach((r, n) -> reasons.add(r.code() + "=" + n));
      rows.add(
          new String[] {
            s.source(),
            s.channel(),
            num(s.read()),
            num(s.accepted()),
            num(s.rejectedTotal()),
            String.join(", ", reasons)
          });
    }
    table(out, rows);
    List<String> warned = warningLines();
    if (!warned.isEmpty()) {
      out.append("\nWARNINGS (the rows were read; check the source):\n");
      for (String line : warned) {
        out.append("- ").append(line).append('\n');
      }
    }
    if (!carried.isEmpty()) {
      out.append("\nCARRIED FORWARD (source unavailable; previous entries re-evaluated):\n");
      rows = new ArrayList<>();
      rows.add(new String[] {"source", "channel", "from load", "in quarantine", "why"});
      for (CarriedForward c : carried) {
        rows.add(
            new String[] {
              c.source(), c.channel(), c.fromLoadDate().toString(), num(c.entries()), c.reason()
            });
      }
      table(out, rows);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return toTable();
  }

  /**
   * Every source's warnings, each naming its source: {@code source 'marketing': ...}.
   *
   * @return one line per warning, in source order
   */
  public List<String> warningLines() {
    List<String> out = new ArrayList<>();
    for (SourceCounts s : sources) {
      for (String w : s.warnings()) {
        out.add("source '" + s.source() + "': " + w);
      }
    }
    return out;
  }

  private static void table(StringBuilder out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        boolean text = i == 0 || (columns == 6 && (i == 1 || i == 5));
        String cell = row[i];
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : "  ").append(text ? cell + pad : pad + cell);
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        int total = 0;
        for (int w : width) {
          total += w;
        }
        out.append("-".repeat(total + 2 * (columns - 1))).append('\n');
      }
    }
  }

  private static String num(long n) {
    return Long.toString(n);
  }

  private static List<String> names(List<SourceCounts> sources) {
    List<String> out = new ArrayList<>();
    for (SourceCounts s : sources) {
      out.add(s.source());
    }
    return out;
  }

  private static Map<RejectReason, Long> copy(Map<RejectReason, Long> map) {
    Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
    out.putAll(map);
    return out;
  }
}

package io.quarentena.job.internal;

import io.quarentena.job.RunsTable;
import io.quarentena.spark.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a run whose sources look truncated: when a channel's accepted rows fall by more than a
 * share against the last successful load that read the channel, the run stops before writing. A
 * half-copied export or a filter gone wrong would otherwise release customers who must stay in
 * quarantine.
 *
 * <p>Accepted rows, not rows read: they are what the quarantine is built from. A truncated file
 * lowers both; an export whose date format changed, or whose id column was renamed in a way every
 * row is rejected for, keeps as many rows read and accepts none, and would empty the channel
 * without the guard noticing if it counted rows read.
 */
public final class TruncationGuard {

  private static final Logger LOG = LoggerFactory.getLogger(TruncationGuard.class);

  private TruncationGuard() {}

  /**
   * Checks the run.
   *
   * @param sources what this run's sources read and accepted, before anything is written
   * @param carried the channels carried forward (not checked: they are flagged anyway)
   * @param previous per channel, the rows accepted by the last successful earlier load that read it
   *     ({@link RunsTable#lastReadByChannel}); a channel of this run without one is not checked
   *     (logged)
   * @param maxDrop the largest allowed drop, a share (0.5 = half)
   * @param allowDrop this run accepts any drop (logged)
   * @throws IllegalStateException naming the channels, counts and threshold
   */
  public static void check(
      List<RunSummary.SourceCounts> sources,
      List<RunSummary.CarriedForward> carried,
      Map<String, RunsTable.ChannelLoad> previous,
      double maxDrop,
      boolean allowDrop) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, RunsTable.ChannelLoad> p : previous.entrySet()) {
      String channel = p.getKey();
      long before = p.getValue().accepted();
      if (before <= 0 || carried(carried, channel)) {
        continue;
      }
      List<RunSummary.SourceCounts> read =
          sources.stream().filter(s -> s.channel().equals(channel)).toList();
      long now = read.stream().mapToLong(RunSummary.SourceCounts::accepted).sum();
      double drop = 1.0 - (double) now / before;
      if (drop > maxDrop) {
        problems.add(
            String.format(
                Locale.ROOT,
                "channel %s: %,d rows accepted, %,d in the previous load that read it (%s): a drop"
                    + " of %.0f%% (%s)",
                channel,
                now,
                before,
                p.getValue().loadDate(),
                drop * 100,
                describe(read)));
      }
    }
    Set<String> unguarded = new TreeSet<>();
    for (RunSummary.SourceCounts s : sources) {
      // a source of a channel column has "column <expression>" for a channel: not one channel
      if (!s.channel().startsWith("column ")
          && !previous.containsKey(s.channel())
          && !carried(carried, s.channel())) {
        unguarded.add(s.channel());
      }
    }
    if (!unguarded.isEmpty()) {
      LOG.info(
          "Truncation guard: no earlier successful load read channel(s) {} (new, or their sources"
              + " were removed and added back); they are not compared this run",
          unguarded);
    }
    if (problems.isEmpty()) {
      return;
    }
    String what =
        String.join("; ", problems)
            + String.format(
                Locale.ROOT,
                " (more than the %.0f%% allowed by quarentena.guards.max-drop)",
                maxDrop * 100);
    if (allowDrop) {
      LOG.warn("Truncation guard overridden for this run (--allow-drop): {}", what);
      return;
    }
    throw new IllegalStateException(
        "the sources look truncated: "
            + what
            + ". A source may be truncated, or its rows rejected (see the rejects table by reason)."
            + " If the drop is real, rerun this load date with --allow-drop.");
  }

  private static boolean carried(List<RunSummary.CarriedForward> carried, String channel) {
    return carried.stream().anyMatch(c -> c.channel().equals(channel));
  }

  /** What each source of the channel read, accepted and rejected, with the reasons. */
  private static String describe(List<RunSummary.SourceCounts> sources) {
    if (sources.isEmpty()) {
      return "no source of this channel in this run";
    }
    List<String> parts = new ArrayList<>();
    for (RunSummary.SourceCounts s : sources) {
      List<String> reasons = new ArrayList<>();
      s.rejected().forEach((r, n) -> reasons.add(r.code() + "=" + n));
      parts.add(
          String.format(
                  Locale.ROOT,
                  "source '%s': %,d read, %,d accepted, %,d rejected",
                  s.source(),
                  s.read(),
                  s.accepted(),
                  s.rejectedTotal())
              + (reasons.isEmpty() ? "" : " " + String.join(", ", reasons)));
    }
    return String.join("; ", parts);
  }
}

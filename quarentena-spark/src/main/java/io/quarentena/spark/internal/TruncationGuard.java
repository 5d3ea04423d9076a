package io.quarentena.spark.internal;

import io.quarentena.spark.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a run whose sources look truncated: when a channel's rows read fall by more than a share
 * against the last successful load, the run stops before writing. A half-copied export or a filter
 * gone wrong would otherwise release customers who must stay in quarantine.
 */
public final class TruncationGuard {

  private static final Logger LOG = LoggerFactory.getLogger(TruncationGuard.class);

  private TruncationGuard() {}

  /**
   * Checks the run.
   *
   * @param summary this run (carried-forward channels are not checked: they are flagged anyway)
   * @param previous rows read per channel by the last successful earlier load
   * @param maxDrop the largest allowed drop, a share (0.5 = half)
   * @param allowDrop this run accepts any drop (logged)
   * @throws IllegalStateException naming the channels, counts and threshold
   */
  public static void check(
      RunSummary summary, Map<String, Long> previous, double maxDrop, boolean allowDrop) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Long> p : previous.entrySet()) {
      String channel = p.getKey();
      long before = p.getValue();
      if (before <= 0
          || summary.carriedForward().stream().anyMatch(c -> c.channel().equals(channel))) {
        continue;
      }
      long now =
          summary.sources().stream()
              .filter(s -> s.channel().equals(channel))
              .mapToLong(RunSummary.SourceCounts::read)
              .sum();
      double drop = 1.0 - (double) now / before;
      if (drop > maxDrop) {
        problems.add(
            String.format(
                Locale.ROOT,
                "channel %s: %,d rows read, %,d in the previous load: a drop of %.0f%%",
                channel,
                now,
                before,
                drop * 100));
      }
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
            + ". Nothing was written: the table keeps its last load. If the drop is real, rerun"
            + " this load date with --allow-drop.");
  }
}

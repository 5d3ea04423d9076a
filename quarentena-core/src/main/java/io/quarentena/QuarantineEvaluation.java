package io.quarentena;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the in-process engine computed for a load date: the quarantine entries (one per customer and
 * channel, sorted by channel then customer) and the rejected contacts.
 *
 * <pre>{@code
 * QuarantineEvaluation result = QuarantinePolicy.defaults().evaluate(events, loadDate);
 * Quarantine quarantine = Quarantine.of(result.toIndex());
 * }</pre>
 *
 * @param policy the policy evaluated
 * @param loadDate the load date ({@code data_carga})
 * @param eventsRead how many events were given
 * @param entries the quarantine entries
 * @param rejects the events not counted, with reasons
 */
public record QuarantineEvaluation(
    QuarantinePolicy policy,
    LocalDate loadDate,
    long eventsRead,
    List<QuarantineEntry> entries,
    List<RejectedContact> rejects) {

  /** Copies the lists. */
  public QuarantineEvaluation {
    Errors.checkNotNull(policy, "policy");
    Errors.checkNotNull(loadDate, "loadDate");
    entries = List.copyOf(entries);
    rejects = List.copyOf(rejects);
  }

  /**
   * Entries per channel, in channel order.
   *
   * @return counts by channel id
   */
  public Map<String, Long> entriesPerChannel() {
    Map<String, Long> counts = new TreeMap<>();
    for (QuarantineEntry e : entries) {
      counts.merge(e.channel().id(), 1L, Long::sum);
    }
    return counts;
  }

  /**
   * The entries as a snapshot for {@link Quarantine}.
   *
   * @return an index over the entries
   */
  public QuarantineIndex toIndex() {
    return QuarantineIndex.of(policy, loadDate, entries);
  }
}

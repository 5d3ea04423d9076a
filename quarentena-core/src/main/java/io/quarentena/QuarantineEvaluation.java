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
 * @param history the counted contacts a snapshot keeps so that live sends can complete a frequency
 *     cap: on channels whose rule needs more than one contact, each contact once, dated inside the
 *     rule's window before the load date, for every customer (in quarantine or not); sorted by
 *     channel, customer, latest first. The rows of the companion table ({@code docs/rules.md},
 *     "Live sends")
 */
public record QuarantineEvaluation(
    QuarantinePolicy policy,
    LocalDate loadDate,
    long eventsRead,
    List<QuarantineEntry> entries,
    List<RejectedContact> rejects,
    List<ContactEvent> history) {

  /** Copies the lists. */
  public QuarantineEvaluation {
    Errors.checkNotNull(policy, "policy");
    Errors.checkNotNull(loadDate, "loadDate");
    entries = List.copyOf(entries);
    rejects = List.copyOf(rejects);
    history = List.copyOf(history);
  }

  /**
   * An evaluation without history.
   *
   * @param policy the policy evaluated
   * @param loadDate the load date
   * @param eventsRead how many events were given
   * @param entries the quarantine entries
   * @param rejects the events not counted
   */
  public QuarantineEvaluation(
      QuarantinePolicy policy,
      LocalDate loadDate,
      long eventsRead,
      List<QuarantineEntry> entries,
      List<RejectedContact> rejects) {
    this(policy, loadDate, eventsRead, entries, rejects, List.of());
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
   * The entries and the history as a snapshot for {@link Quarantine}.
   *
   * @return an index over the entries, carrying the history
   */
  public QuarantineIndex toIndex() {
    return QuarantineIndex.of(policy, loadDate, entries, history);
  }
}

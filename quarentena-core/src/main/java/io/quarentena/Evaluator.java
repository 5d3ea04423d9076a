package io.quarentena;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The in-process engine: contact events and a load date to quarantine entries (docs/rules.md). */
final class Evaluator {

  private record Key(String customerId, Channel channel) {}

  private Evaluator() {}

  static QuarantineEvaluation evaluate(
      QuarantinePolicy policy, Iterable<ContactEvent> events, LocalDate loadDate) {
    Errors.checkNotNull(events, "events");
    Errors.checkNotNull(loadDate, "loadDate");
    Map<Key, List<ContactEvent>> counted = new HashMap<>();
    List<RejectedContact> rejects = new ArrayList<>();
    long read = 0;
    for (ContactEvent event : events) {
      read++;
      QuarantineRule rule = policy.rule(event.channel());
      if (event.contactDate().isAfter(loadDate)) {
        rejects.add(
            new RejectedContact(
                event,
                RejectReason.FUTURE_CONTACT_DATE,
                "data_envio "
                    + event.contactDate()
                    + " is after the load date "
                    + loadDate
                    + "; it counts from that day on"));
      } else if (rule.counts(event, loadDate)) {
        counted
            .computeIfAbsent(new Key(event.customerId(), event.channel()), k -> new ArrayList<>())
            .add(event);
      }
    }
    List<QuarantineEntry> entries = new ArrayList<>();
    for (Map.Entry<Key, List<ContactEvent>> group : counted.entrySet()) {
      QuarantineEntry entry =
          entryFor(policy.rule(group.getKey().channel()), group.getValue(), loadDate);
      if (entry != null) {
        entries.add(entry);
      }
    }
    entries.sort(
        Comparator.comparing(QuarantineEntry::channel)
            .thenComparing(QuarantineEntry::customerId, ContactEvent::compareNullsLast));
    return new QuarantineEvaluation(policy, loadDate, read, entries, rejects);
  }

  /**
   * The entry for one customer and channel, or null when the rule does not block on loadDate. The
   * rows are counted as contacts ({@link ContactEvent#isSameContactAs}): each contact is its first
   * row latest first, so a repeated line or a send reported twice counts once.
   */
  private static QuarantineEntry entryFor(
      QuarantineRule rule, List<ContactEvent> rows, LocalDate loadDate) {
    int k = rule.threshold();
    if (rows.size() < k) {
      return null;
    }
    rows.sort(ContactEvent.LATEST_FIRST);
    ContactEvent latest = rows.get(0);
    ContactEvent kth = null;
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < rows.size() && kth == null; i++) {
      if (seen.add(rows.get(i).identity()) && seen.size() == k) {
        kth = rows.get(i);
      }
    }
    if (kth == null) {
      return null; // fewer than K contacts
    }
    LocalDate lastDay = rule.lastDay(kth.contactDate());
    if (lastDay != null && lastDay.isBefore(loadDate)) {
      return null;
    }
    return new QuarantineEntry(
        latest.customerId(),
        latest.channel(),
        latest.contactDate(),
        QuarantineEntry.daysBetween(latest.contactDate(), loadDate),
        lastDay,
        loadDate,
        latest.email(),
        latest.phone(),
        latest.subject());
  }
}

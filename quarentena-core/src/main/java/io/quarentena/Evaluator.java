package io.quarentena;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
    List<ContactEvent> history = new ArrayList<>();
    for (Map.Entry<Key, List<ContactEvent>> group : counted.entrySet()) {
      QuarantineRule rule = policy.rule(group.getKey().channel());
      QuarantineEntry entry = entryFor(rule, group.getValue(), loadDate);
      if (entry != null) {
        entries.add(entry);
      }
      if (ContactHistory.needsHistory(rule)) {
        history.addAll(historyOf(rule, group.getValue(), loadDate));
      }
    }
    entries.sort(
        Comparator.comparing(QuarantineEntry::channel)
            .thenComparing(QuarantineEntry::customerId, ContactEvent::compareNullsLast));
    history.sort(
        Comparator.comparing(ContactEvent::channel)
            .thenComparing(ContactEvent::customerId, ContactEvent::compareNullsLast)
            .thenComparing(ContactEvent.LATEST_FIRST));
    return new QuarantineEvaluation(policy, loadDate, read, entries, rejects, history);
  }

  /**
   * The history rows of one customer and channel: each counted contact once (its first row latest
   * first, as {@link #entryFor} counts it) whose window still reaches the load date.
   */
  private static List<ContactEvent> historyOf(
      QuarantineRule rule, List<ContactEvent> rows, LocalDate loadDate) {
    rows.sort(ContactEvent.LATEST_FIRST);
    List<ContactEvent> out = new ArrayList<>();
    Set<Object> seen = new HashSet<>();
    for (ContactEvent row : rows) {
      if (seen.add(row.identity()) && ContactHistory.inWindow(rule, row, loadDate)) {
        out.add(row);
      }
    }
    return out;
  }

  /**
   * The entry a rule makes on {@code date} from rows of one customer and channel (a snapshot's
   * history and live sends), exactly as {@link #evaluate} would over the same rows: rows dated
   * after the date or not counted on it are left out. Null when the rule does not block on that
   * date.
   */
  static @Nullable QuarantineEntry entryOn(
      QuarantineRule rule, List<ContactEvent> rows, LocalDate date) {
    List<ContactEvent> counted = new ArrayList<>(rows.size());
    for (ContactEvent row : rows) {
      if (!row.contactDate().isAfter(date) && rule.counts(row, date)) {
        counted.add(row);
      }
    }
    return counted.isEmpty() ? null : entryFor(rule, counted, date);
  }

  /**
   * The entry for one customer and channel, or null when the rule does not block on loadDate. The
   * rows are counted as contacts ({@link ContactEvent#isSameContactAs}): each contact is its first
   * row latest first, so a repeated line or a send reported twice counts once.
   */
  private static @Nullable QuarantineEntry entryFor(
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

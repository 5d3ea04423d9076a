package io.quarentena;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counted contacts a snapshot carries beside its entries, so that live sends can complete a
 * frequency cap: per customer, the contacts on channels whose rule needs more than one contact (K
 * &gt; 1), dated inside the cap's window before the load date ({@code [D − (W − 1), D]}), one row
 * per contact ({@link ContactEvent#isSameContactAs}). Customers without an entry have history too
 * (two sends under a cap of three).
 *
 * <p>Rows that can play no part are left out when added: a channel whose rule needs one contact
 * (its entry says all), a channel without a rule, a contact older than the window, a contact the
 * rule does not count. A row after the load date is an error.
 */
final class ContactHistory {

  private static final Logger LOG = LoggerFactory.getLogger(ContactHistory.class);
  private static final ContactEvent[] NONE = new ContactEvent[0];
  static final ContactHistory EMPTY = new ContactHistory(Map.of(), 0);

  private final Map<String, ContactEvent[]> byCustomer;
  private final long size;

  private ContactHistory(Map<String, ContactEvent[]> byCustomer, long size) {
    this.byCustomer = byCustomer;
    this.size = size;
  }

  /** The history rows of a customer (any channel), possibly none. */
  ContactEvent[] of(String customerId) {
    return byCustomer.getOrDefault(customerId, NONE);
  }

  /** The number of rows. */
  long size() {
    return size;
  }

  static ContactHistory of(
      QuarantinePolicy policy, LocalDate loadDate, Collection<ContactEvent> rows) {
    Builder b = new Builder(policy, loadDate);
    rows.forEach(b::add);
    return b.build();
  }

  /** Whether contacts of this rule need to be kept as history: K &gt; 1 with a last day. */
  static boolean needsHistory(QuarantineRule rule) {
    return rule.threshold() > 1 && !rule.isOpenEnded();
  }

  /** Whether a counted contact may still count on the load date or later: inside the window. */
  static boolean inWindow(QuarantineRule rule, ContactEvent contact, LocalDate loadDate) {
    LocalDate last = rule.lastDay(contact.contactDate());
    return last != null && !last.isBefore(loadDate);
  }

  /** Collects history rows; not thread-safe. */
  static final class Builder {
    private final QuarantinePolicy policy;
    private final LocalDate loadDate;
    private final Map<String, List<ContactEvent>> rows = new HashMap<>();
    private final Set<Channel> unknown = new TreeSet<>();

    Builder(QuarantinePolicy policy, LocalDate loadDate) {
      this.policy = policy;
      this.loadDate = loadDate;
    }

    void add(ContactEvent contact) {
      Errors.checkNotNull(contact, "history contact");
      if (contact.contactDate().isAfter(loadDate)) {
        throw Errors.invalid(
            "history contact date (data_envio) of customer "
                + contact.customerId()
                + " on "
                + contact.channel(),
            contact.contactDate(),
            "a date on or before the load date "
                + loadDate
                + ": history holds the contacts a snapshot already counted");
      }
      QuarantineRule rule = policy.findRule(contact.channel()).orElse(null);
      if (rule == null) {
        unknown.add(contact.channel());
        return;
      }
      if (!needsHistory(rule)
          || !rule.counts(contact, loadDate)
          || !inWindow(rule, contact, loadDate)) {
        return;
      }
      List<ContactEvent> mine = rows.computeIfAbsent(contact.customerId(), k -> new ArrayList<>(2));
      for (int i = 0; i < mine.size(); i++) {
        ContactEvent other = mine.get(i);
        if (other.isSameContactAs(contact)) {
          // one row per contact: the one the evaluator would take, first latest first
          if (ContactEvent.LATEST_FIRST.compare(contact, other) < 0) {
            mine.set(i, contact);
          }
          return;
        }
      }
      mine.add(contact);
    }

    ContactHistory build() {
      if (!unknown.isEmpty()) {
        LOG.warn(
            "History contacts of channels without a rule in policy '{}' were ignored: {}",
            policy.name(),
            unknown);
      }
      if (rows.isEmpty()) {
        return EMPTY;
      }
      Map<String, ContactEvent[]> out = new HashMap<>(rows.size() * 2);
      long n = 0;
      for (Map.Entry<String, List<ContactEvent>> e : rows.entrySet()) {
        ContactEvent[] array = e.getValue().toArray(NONE);
        Arrays.sort(array, ContactEvent.LATEST_FIRST);
        out.put(e.getKey(), array);
        n += array.length;
      }
      return new ContactHistory(out, n);
    }
  }
}

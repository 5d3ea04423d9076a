package io.quarentena;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The sends recorded since the snapshot's load date, per customer, layered over the immutable
 * snapshot.
 *
 * <p>Each customer's sends are an immutable array behind a volatile field: readers take it without
 * a lock. Writers of one customer (a check-and-record, a send from the log, a prune after a new
 * snapshot) hold that customer's lock, so a check-and-record sees every send recorded before it;
 * writers of different customers never wait for each other.
 *
 * <p>Decisions reuse the evaluator: for each rule that may block the send, the rule's entry on the
 * day asked is computed by {@link Evaluator#entryOn} over the snapshot's history and the live sends
 * of that customer and channel, the same code that computes a load.
 */
final class LiveSends {

  private static final ContactEvent[] NONE = new ContactEvent[0];

  /** One customer's live sends. */
  static final class Sends {
    private volatile ContactEvent[] rows = NONE;

    /** Set under the lock when the state left the map: a writer that finds it set starts over. */
    private boolean removed;

    ContactEvent[] rows() {
      return rows;
    }

    /** Whether a send with the same identity is here. */
    boolean hasSameContact(ContactEvent send) {
      for (ContactEvent e : rows) {
        if (e.isSameContactAs(send)) {
          return true;
        }
      }
      return false;
    }
  }

  private final ConcurrentHashMap<String, Sends> customers = new ConcurrentHashMap<>();
  private final AtomicLong size = new AtomicLong();

  boolean isEmpty() {
    return size.get() == 0;
  }

  long size() {
    return size.get();
  }

  /** The live sends of a trimmed customer id, without a lock. */
  ContactEvent[] rows(String customerId) {
    Sends s = customers.get(customerId);
    return s == null ? NONE : s.rows;
  }

  /**
   * Runs {@code body} holding the customer's lock. A state left empty is removed afterwards, so
   * refused checks leave nothing behind.
   */
  <T> T withCustomer(String customerId, Function<Sends, T> body) {
    while (true) {
      Sends s = customers.computeIfAbsent(customerId, k -> new Sends());
      synchronized (s) {
        if (s.removed) {
          continue; // pruned between the lookup and the lock: take the new state
        }
        try {
          return body.apply(s);
        } finally {
          if (s.rows.length == 0) {
            s.removed = true;
            customers.remove(customerId, s);
          }
        }
      }
    }
  }

  /**
   * Adds a send under the customer's lock (call within {@link #withCustomer}); a row equal to one
   * already here (the echo of a send from the log, a repeated delivery) is not added.
   *
   * @return whether the send was added
   */
  boolean add(Sends s, ContactEvent send) {
    ContactEvent[] rows = s.rows;
    for (ContactEvent e : rows) {
      if (e.equals(send)) {
        return false;
      }
    }
    ContactEvent[] more = Arrays.copyOf(rows, rows.length + 1);
    more[rows.length] = send;
    s.rows = more;
    size.incrementAndGet();
    return true;
  }

  /** Keeps only the sends {@code keep} accepts, customer by customer under each one's lock. */
  void retain(Predicate<ContactEvent> keep) {
    for (Map.Entry<String, Sends> entry : customers.entrySet()) {
      Sends s = entry.getValue();
      synchronized (s) {
        if (s.removed) {
          continue;
        }
        ContactEvent[] rows = s.rows;
        List<ContactEvent> kept = new ArrayList<>(rows.length);
        for (ContactEvent e : rows) {
          if (keep.test(e)) {
            kept.add(e);
          }
        }
        if (kept.size() != rows.length) {
          s.rows = kept.toArray(NONE);
          size.addAndGet(kept.size() - rows.length);
        }
        if (kept.isEmpty()) {
          s.removed = true;
          customers.remove(entry.getKey(), s);
        }
      }
    }
  }

  // ---------------------------------------------------------------- decisions

  /**
   * Whether the live sends of a customer, with the snapshot's history, make a rule block a send:
   * the live part of {@link Quarantine#isSuppressed}. The snapshot's own entries are checked apart.
   */
  static boolean blocks(
      QuarantineIndex snapshot,
      String customerId,
      ContactEvent[] live,
      Channel channel,
      LocalDate date,
      @Nullable String category) {
    return !blocking(snapshot, customerId, live, channel, date, category, true).isEmpty();
  }

  /**
   * The snapshot's decision with the live sends added: per entry channel, the later-ending of the
   * snapshot's block and the live one.
   */
  static SuppressionDecision decide(
      QuarantineIndex snapshot,
      String customerId,
      ContactEvent[] live,
      Channel channel,
      LocalDate date,
      @Nullable String category) {
    SuppressionDecision base = snapshot.check(customerId, channel, date, category);
    if (live.length == 0) {
      return base;
    }
    List<SuppressionDecision.Block> more =
        blocking(snapshot, base.customerId(), live, channel, date, category, false);
    if (more.isEmpty()) {
      return base;
    }
    Map<Channel, SuppressionDecision.Block> merged = new LinkedHashMap<>();
    for (SuppressionDecision.Block b : base.blockedBy()) {
      merged.put(b.entry().channel(), b);
    }
    for (SuppressionDecision.Block b : more) {
      merged.merge(b.entry().channel(), b, (old, now) -> endsLater(now, old) ? now : old);
    }
    return SuppressionDecision.of(
        base.customerId(), channel, date, new ArrayList<>(merged.values()), snapshot.loadDate());
  }

  private static boolean endsLater(SuppressionDecision.Block a, SuppressionDecision.Block b) {
    LocalDate la = a.entry().lastDay();
    LocalDate lb = b.entry().lastDay();
    return la == null || (lb != null && la.isAfter(lb));
  }

  private static List<SuppressionDecision.Block> blocking(
      QuarantineIndex snapshot,
      String customerId,
      ContactEvent[] live,
      Channel channel,
      LocalDate date,
      @Nullable String category,
      boolean firstOnly) {
    List<SuppressionDecision.Block> out = List.of();
    List<ContactEvent> history = null;
    for (QuarantineRule rule : snapshot.policy().rules()) {
      if (!rule.scope().covers(channel) || rule.exempts(category)) {
        continue;
      }
      List<ContactEvent> rows = null;
      for (ContactEvent e : live) {
        if (e.channel().equals(rule.channel())) {
          if (rows == null) {
            rows = new ArrayList<>();
          }
          rows.add(e);
        }
      }
      if (rows == null) {
        continue; // no live send on this channel: the snapshot's entry says all
      }
      if (ContactHistory.needsHistory(rule)) {
        if (history == null) {
          history = snapshot.history(customerId);
        }
        for (ContactEvent h : history) {
          if (h.channel().equals(rule.channel())) {
            rows.add(h);
          }
        }
      }
      QuarantineEntry entry = Evaluator.entryOn(rule, rows, date);
      if (entry != null) {
        if (out.isEmpty()) {
          out = new ArrayList<>(1);
        }
        out.add(new SuppressionDecision.Block(entry, rule));
        if (firstOnly) {
          return out;
        }
      }
    }
    return out;
  }
}

package io.quarentena;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process check campaign engines call before every send: "may I contact this customer on
 * this channel on this date?".
 *
 * <p>It answers from an immutable {@link QuarantineIndex snapshot} that can be swapped atomically
 * while callers keep reading: readers never block and never see a half-built snapshot. A refresh
 * that fails keeps the last good snapshot. With no snapshot at all, the default is to fail closed:
 * every customer is suppressed, until {@link Builder#failOpenWithoutSnapshot()} says otherwise.
 *
 * <p><b>Live sends.</b> A send made between loads is recorded with {@link #record} (or checked and
 * recorded at once with {@link #tryRecord}) and counts at once in this instance's next checks, with
 * the snapshot policy's own rules: a fixed period starts, a frequency cap counts it together with
 * the contacts the snapshot carries as history ({@link QuarantineIndex#history}), scopes and exempt
 * categories apply. A send counts once however often it is applied (same send id, or the same
 * standard columns without one). {@link #connect} shares the sends with other instances through a
 * {@link SendLog}. A new snapshot keeps the live sends dated on or after its load date and drops
 * those it already holds. Readers never take a lock; writers lock one customer at a time.
 *
 * <pre>{@code
 * Quarantine quarantine = Quarantine.builder()
 *     .clock(Clock.systemUTC())               // "today" comes from here, in America/Sao_Paulo
 *     .build();
 * quarantine.refresh(() -> policy.evaluate(events, LoadDates.today(clock)).toIndex());
 * if (!quarantine.isSuppressed("1234567890", Channel.MARKETING, sendDate)) {
 *   send();
 * }
 * // or, atomically: check, and record the send if allowed
 * SendDecision d = quarantine.tryRecord(
 *     ContactEvent.builder("1234567890", Channel.MARKETING, quarantine.today())
 *         .sendId("campanha-42/1234567890").build());
 * }</pre>
 */
public final class Quarantine {

  private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

  /** A loaded snapshot and when it was loaded. */
  private record Loaded(QuarantineIndex index, Instant loadedAt) {}

  private final Clock clock;
  private final ZoneId zone;
  private final boolean failClosed;
  private final AtomicReference<@Nullable Loaded> current = new AtomicReference<>();
  private final AtomicReference<@Nullable RefreshFailure> lastFailure = new AtomicReference<>();
  private final LiveSends live = new LiveSends();
  private final Object updates = new Object();
  private final AtomicReference<@Nullable LogLink> link = new AtomicReference<>();

  private Quarantine(Builder b) {
    this.clock = b.clock;
    this.zone = b.zone;
    this.failClosed = b.failClosed;
    if (b.initial != null) {
      current.set(new Loaded(b.initial, clock.instant()));
    }
  }

  /**
   * A builder: system UTC clock, {@code America/Sao_Paulo} for "today", fail closed without a
   * snapshot.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A quarantine serving a snapshot, with the builder's defaults.
   *
   * @param snapshot the snapshot
   * @return the quarantine
   */
  public static Quarantine of(QuarantineIndex snapshot) {
    return builder().snapshot(snapshot).build();
  }

  /**
   * Whether a send must not happen.
   *
   * @param customerId the customer ({@code id_cliente})
   * @param channel the outbound channel; must have a rule in the policy
   * @param date the day of the send
   * @return true if suppressed
   * @throws IllegalArgumentException if the channel has no rule in the snapshot's policy
   */
  public boolean isSuppressed(String customerId, Channel channel, LocalDate date) {
    return isSuppressed(customerId, channel, date, null);
  }

  /**
   * Whether a send of a category must not happen; a category a rule exempts (for example {@code
   * transactional}) is never blocked by that rule.
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return true if suppressed
   */
  public boolean isSuppressed(
      String customerId, Channel channel, LocalDate date, @Nullable String category) {
    Loaded loaded = current.get();
    if (loaded == null) {
      return failClosed;
    }
    QuarantineIndex index = loaded.index();
    if (index.isSuppressed(customerId, channel, date, category)) {
      return true;
    }
    if (live.isEmpty()) {
      return false;
    }
    String id = TextTrim.trim(customerId);
    ContactEvent[] rows = live.rows(id);
    return rows.length > 0 && LiveSends.blocks(index, id, rows, channel, date, category);
  }

  /**
   * Whether a send must not happen, for a numeric customer id ({@code Long.toString(id)} is its
   * text form: no leading zeros).
   *
   * @param customerId the customer, as a number
   * @param channel the outbound channel
   * @param date the day of the send
   * @return true if suppressed
   */
  public boolean isSuppressed(long customerId, Channel channel, LocalDate date) {
    return isSuppressed(customerId, channel, date, null);
  }

  /**
   * Whether a send of a category must not happen, for a numeric customer id: the fastest call, for
   * callers that already hold ids as numbers. It allocates nothing while no live send is recorded.
   *
   * <pre>{@code
   * if (!quarantine.isSuppressed(12345678901L, Channel.MARKETING, sendDate, "promo")) {
   *   send();
   * }
   * }</pre>
   *
   * @param customerId the customer, as a number ({@code Long.toString(id)} is its text form)
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return true if suppressed
   */
  public boolean isSuppressed(
      long customerId, Channel channel, LocalDate date, @Nullable String category) {
    Loaded loaded = current.get();
    if (loaded == null) {
      return failClosed;
    }
    QuarantineIndex index = loaded.index();
    if (index.isSuppressed(customerId, channel, date, category)) {
      return true;
    }
    if (live.isEmpty()) {
      return false;
    }
    String id = Long.toString(customerId);
    ContactEvent[] rows = live.rows(id);
    return rows.length > 0 && LiveSends.blocks(index, id, rows, channel, date, category);
  }

  /**
   * The audience of a send: the numeric customer ids that may be contacted on this channel on this
   * day, in their input order. The snapshot answers all of them in one pass that overlaps its
   * memory reads ({@link QuarantineIndex#contactable}); live sends recorded since the load are then
   * applied to the ids it let through. Without a snapshot: none when the quarantine fails closed,
   * all of them otherwise.
   *
   * <pre>{@code
   * long[] audience = quarantine.contactable(candidates, Channel.MARKETING, sendDate, null);
   * }</pre>
   *
   * @param customerIds the candidates, as numbers ({@code Long.toString(id)} is each text form)
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return the candidates not suppressed; a new array
   */
  public long[] contactable(
      long[] customerIds, Channel channel, LocalDate date, @Nullable String category) {
    Errors.checkNotNull(customerIds, "customerIds");
    Loaded loaded = current.get();
    if (loaded == null) {
      return failClosed ? new long[0] : customerIds.clone();
    }
    QuarantineIndex index = loaded.index();
    long[] allowed = index.contactable(customerIds, channel, date, category);
    if (live.isEmpty()) {
      return allowed;
    }
    int n = 0;
    for (long id : allowed) {
      String text = Long.toString(id);
      ContactEvent[] rows = live.rows(text);
      if (rows.length == 0 || !LiveSends.blocks(index, text, rows, channel, date, category)) {
        allowed[n++] = id;
      }
    }
    return n == allowed.length ? allowed : Arrays.copyOf(allowed, n);
  }

  /**
   * Whether a send today (from the clock, in the zone) must not happen.
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @return true if suppressed
   */
  public boolean isSuppressedToday(String customerId, Channel channel) {
    return isSuppressed(customerId, channel, today());
  }

  /**
   * The full decision: every blocking entry with its rule, and {@code contactableFrom}.
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @param date the day of the send
   * @return the decision
   */
  public SuppressionDecision check(String customerId, Channel channel, LocalDate date) {
    return check(customerId, channel, date, null);
  }

  /**
   * The full decision for a send of a category.
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @param date the day of the send
   * @param category the send's category, or null
   * @return the decision
   */
  public SuppressionDecision check(
      String customerId, Channel channel, LocalDate date, @Nullable String category) {
    Loaded loaded = current.get();
    if (loaded == null) {
      return SuppressionDecision.noSnapshot(customerId, channel, date, failClosed);
    }
    String id = TextTrim.trim(customerId);
    return LiveSends.decide(loaded.index(), id, live.rows(id), channel, date, category);
  }

  // ---------------------------------------------------------------- live sends

  /**
   * Applies a send made elsewhere (another instance, through a {@link SendLog}) to this instance's
   * next checks, without appending it to any log: what a {@link SendLog} subscription calls. A send
   * applied again (the echo of one's own send, a repeated delivery) changes nothing; sends that are
   * one contact count once. A send dated before the snapshot's load date is kept until the next
   * snapshot replaces it; one on a channel without a rule blocks nothing.
   *
   * <pre>{@code
   * log.subscribe(loadDate, quarantine::apply);
   * }</pre>
   *
   * @param send the send
   * @return true if the send was new here
   */
  public boolean apply(ContactEvent send) {
    Errors.checkNotNull(send, "send");
    return live.withCustomer(send.customerId(), s -> live.add(s, send));
  }

  /**
   * Records a send this service made: it counts at once in this instance's checks and, when {@link
   * #connect connected}, is appended to the send log for the other instances. Use {@link
   * #tryRecord} to check and record in one step.
   *
   * @param send the send; with a send id when connected to a log
   * @return true if the send was new here
   * @throws IllegalArgumentException if connected to a log and the send has no send id
   */
  public boolean record(ContactEvent send) {
    Errors.checkNotNull(send, "send");
    LogLink l = linkFor(send);
    boolean added = apply(send);
    if (added && l != null) {
      l.append(send);
    }
    return added;
  }

  /**
   * Atomically: if the customer may be contacted on the send's channel on its date (with its
   * category), records the send and says so; otherwise records nothing and says why. Two threads of
   * this instance can never both pass a rule for one customer: checks-and-records of one customer
   * run one at a time (customers apart never wait for each other), and a send applied from the log
   * takes the same turn. Across instances the log makes it eventual, not atomic.
   *
   * <pre>{@code
   * SendDecision d = quarantine.tryRecord(ContactEvent.builder(id, Channel.MARKETING, date)
   *     .category("promo").sendId("campanha-42/" + id).build());
   * if (d.recorded()) {
   *   send();
   * }
   * }</pre>
   *
   * @param send the intended send: customer, outbound channel, date and category; with a send id
   *     when connected to a log
   * @return the outcome and the decision it rests on
   * @throws IllegalArgumentException if the channel has no rule, or connected to a log and the send
   *     has no send id
   */
  public SendDecision tryRecord(ContactEvent send) {
    Errors.checkNotNull(send, "send");
    LogLink l = linkFor(send);
    SendDecision decision =
        live.withCustomer(
            send.customerId(),
            s -> {
              Loaded loaded = current.get();
              if (s.hasSameContact(send) || (loaded != null && historyHolds(loaded, send))) {
                return new SendDecision(
                    SendDecision.Outcome.ALREADY_RECORDED, send, decide(loaded, s, send));
              }
              SuppressionDecision before = decide(loaded, s, send);
              if (before.suppressed()) {
                return new SendDecision(SendDecision.Outcome.SUPPRESSED, send, before);
              }
              live.add(s, send);
              return new SendDecision(SendDecision.Outcome.RECORDED, send, before);
            });
    if (decision.recorded() && l != null) {
      l.append(decision.send());
    }
    return decision;
  }

  /**
   * {@link #tryRecord} for a send today (from the injected clock, in the zone).
   *
   * @param customerId the customer
   * @param channel the outbound channel
   * @param category the send's category, or null
   * @param sendId the send's id ({@code id_envio}), or null; required when connected to a log
   * @return the outcome and the decision it rests on
   */
  public SendDecision tryRecordToday(
      String customerId, Channel channel, @Nullable String category, @Nullable String sendId) {
    return tryRecord(
        ContactEvent.builder(customerId, channel, today())
            .category(category)
            .sendId(sendId)
            .build());
  }

  private SuppressionDecision decide(
      @Nullable Loaded loaded, LiveSends.Sends s, ContactEvent send) {
    if (loaded == null) {
      return SuppressionDecision.noSnapshot(
          send.customerId(), send.channel(), send.contactDate(), failClosed);
    }
    return LiveSends.decide(
        loaded.index(),
        send.customerId(),
        s.rows(),
        send.channel(),
        send.contactDate(),
        send.category());
  }

  private static boolean historyHolds(Loaded loaded, ContactEvent send) {
    for (ContactEvent h : loaded.index().history(send.customerId())) {
      if (h.isSameContactAs(send)) {
        return true;
      }
    }
    return false;
  }

  private @Nullable LogLink linkFor(ContactEvent send) {
    LogLink l = link.get();
    if (l != null && send.sendId() == null) {
      throw new IllegalArgumentException(
          "the send to customer "
              + send.customerId()
              + " on "
              + send.channel()
              + " on "
              + send.contactDate()
              + " has no send id (id_envio), and this quarantine shares its sends through a send"
              + " log: give every send an id (for example campaign/customer) so that its echo and"
              + " repeated deliveries count once");
    }
    return l;
  }

  /**
   * Shares this instance's sends through a log: every send {@link #record recorded} here is
   * appended to it, and every send of the log (the others', and the echo of this instance's own) is
   * {@link #apply applied} here, once. The subscription replays the log from the snapshot's load
   * date (at once, or when the first snapshot arrives), and again from an earlier load date if a
   * new snapshot goes back in time. One log per quarantine.
   *
   * <pre>{@code
   * try (SendLog.Subscription link = quarantine.connect(log)) {
   *   quarantine.tryRecordToday(id, Channel.MARKETING, null, "campanha-42/" + id);
   * }
   * }</pre>
   *
   * @param log the log; this quarantine does not close it
   * @return the connection: closing it stops appending and applying
   * @throws IllegalStateException if a log is connected already
   */
  public SendLog.Subscription connect(SendLog log) {
    Errors.checkNotNull(log, "send log");
    LogLink l = new LogLink(log, this::apply);
    if (!link.compareAndSet(null, l)) {
      throw new IllegalStateException(
          "this quarantine is connected to a send log already; close that connection first");
    }
    Loaded loaded = current.get();
    if (loaded != null) {
      l.follow(loaded.index().loadDate());
    }
    return l;
  }

  /** The connection to a send log. */
  private final class LogLink implements SendLog.Subscription {
    private final SendLog log;
    private final Consumer<ContactEvent> listener;
    private SendLog.@Nullable Subscription subscription; // guarded by this
    private @Nullable LocalDate from; // guarded by this
    private boolean closed; // guarded by this

    LogLink(SendLog log, Consumer<ContactEvent> listener) {
      this.log = log;
      this.listener = listener;
    }

    /** Subscribes from the load date unless following from that date or earlier already. */
    synchronized void follow(LocalDate loadDate) {
      if (closed || (from != null && !loadDate.isBefore(from))) {
        return;
      }
      SendLog.Subscription previous = subscription;
      subscription = log.subscribe(loadDate, listener);
      from = loadDate;
      LOG.info("Following the send log from {}", loadDate);
      if (previous != null) {
        previous.close();
      }
    }

    void append(ContactEvent send) {
      try {
        log.append(send);
      } catch (RuntimeException e) {
        // The send counts here already; the log's own status tells what it did not take.
        LOG.warn(
            "The send log refused the send {} of customer {}; it counts on this instance only",
            send.sendId(),
            send.customerId(),
            e);
      }
    }

    SendLog.Status logStatus() {
      return log.status();
    }

    @Override
    public void close() {
      SendLog.Subscription s;
      synchronized (this) {
        closed = true;
        s = subscription;
        subscription = null;
      }
      link.compareAndSet(this, null);
      if (s != null) {
        s.close();
      }
    }
  }

  /**
   * Today's date from the injected clock, in the configured zone.
   *
   * @return today
   */
  public LocalDate today() {
    return LoadDates.today(clock, zone);
  }

  /**
   * Replaces the snapshot atomically. Readers in flight finish on the old one. Live sends dated
   * before the new load date are dropped (the new snapshot holds them), and so are those its
   * history already holds; the others keep counting.
   *
   * @param snapshot the new snapshot
   */
  public void update(QuarantineIndex snapshot) {
    Errors.checkNotNull(snapshot, "snapshot");
    synchronized (updates) { // two updates at once would prune by one and serve the other
      swap(snapshot);
    }
  }

  private void swap(QuarantineIndex snapshot) {
    Loaded previous = current.getAndSet(new Loaded(snapshot, clock.instant()));
    lastFailure.set(null);
    // Swapped first, pruned after: a reader in between sees the new snapshot with extra sends,
    // which count at most once, never a send missing from both.
    LocalDate loadDate = snapshot.loadDate();
    long before = live.size();
    live.retain(
        send -> {
          if (send.contactDate().isBefore(loadDate)) {
            return false;
          }
          for (ContactEvent h : snapshot.history(send.customerId())) {
            if (h.isSameContactAs(send) && !h.contactDate().isBefore(send.contactDate())) {
              return false;
            }
          }
          return true;
        });
    LogLink l = link.get();
    if (l != null) {
      l.follow(loadDate);
    }
    LOG.info(
        "Quarantine snapshot loaded: policy '{}', load date {}, {} entries, {} history contacts"
            + " (was {}); live sends kept {} of {}",
        snapshot.policy().name(),
        loadDate,
        snapshot.size(),
        snapshot.historySize(),
        previous == null ? "none" : previous.index().loadDate() + ", " + previous.index().size(),
        live.size(),
        before);
  }

  /**
   * Builds a new snapshot off to the side and swaps it in. If the loader throws, the last good
   * snapshot keeps serving, the failure is logged and kept in {@link #status()}.
   *
   * @param loader builds the new snapshot
   * @return true if the snapshot was replaced
   */
  public boolean refresh(Supplier<? extends QuarantineIndex> loader) {
    QuarantineIndex next;
    try {
      next = loader.get();
      if (next == null) {
        throw new IllegalStateException("the snapshot loader returned null");
      }
    } catch (RuntimeException e) {
      lastFailure.set(new RefreshFailure(clock.instant(), e.toString()));
      Loaded kept = current.get();
      LOG.error(
          "Quarantine refresh failed; {}",
          kept == null
              ? "no snapshot is loaded, so every check answers "
                  + (failClosed ? "suppressed (fail closed)" : "allowed (fail open)")
              : "still serving the snapshot of " + kept.index().loadDate(),
          e);
      return false;
    }
    update(next);
    return true;
  }

  /**
   * What is being served: the snapshot's load date, age and size, the last refresh failure, the
   * live sends counted and the state of the connected send log.
   *
   * @return the status
   */
  public Status status() {
    Loaded loaded = current.get();
    Instant now = clock.instant();
    return new Status(
        loaded == null ? null : loaded.index().loadDate(),
        loaded == null ? null : loaded.loadedAt(),
        loaded == null ? null : Duration.between(loaded.loadedAt(), now),
        loaded == null ? 0 : loaded.index().size(),
        failClosed,
        lastFailure.get(),
        live.size(),
        logStatus());
  }

  private SendLog.@Nullable Status logStatus() {
    LogLink l = link.get();
    if (l == null) {
      return null;
    }
    try {
      return l.logStatus();
    } catch (RuntimeException e) {
      return new SendLog.Status(-1, -1, e.toString());
    }
  }

  /**
   * The snapshot being served.
   *
   * @return the snapshot, or empty before the first load
   */
  public Optional<QuarantineIndex> snapshot() {
    Loaded loaded = current.get();
    return loaded == null ? Optional.empty() : Optional.of(loaded.index());
  }

  /**
   * What a {@link Quarantine} is serving.
   *
   * @param loadDate the snapshot's load date, or null when none is loaded
   * @param loadedAt when it was swapped in, or null
   * @param age how long ago it was swapped in, or null
   * @param entries its number of entries
   * @param failClosed whether checks without a snapshot answer "suppressed"
   * @param lastFailure the last refresh failure since the last successful load, or null
   * @param liveSends the live sends held over the snapshot (recorded here or applied from the log)
   * @param sendLog the connected send log's status (unsent sends, lag, last error), or null when
   *     not connected
   */
  public record Status(
      @Nullable LocalDate loadDate,
      @Nullable Instant loadedAt,
      @Nullable Duration age,
      long entries,
      boolean failClosed,
      @Nullable RefreshFailure lastFailure,
      long liveSends,
      SendLog.@Nullable Status sendLog) {}

  /**
   * A refresh that failed.
   *
   * @param at when
   * @param error the error, as text
   */
  public record RefreshFailure(Instant at, String error) {}

  /** Builds a {@link Quarantine}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = LoadDates.DEFAULT_ZONE;
    private boolean failClosed = true;
    private @Nullable QuarantineIndex initial;

    private Builder() {}

    /**
     * The time source for "today" and snapshot ages (inject a fixed clock in tests).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Errors.checkNotNull(value, "clock");
      return this;
    }

    /**
     * The zone whose calendar day is "today"; default {@code America/Sao_Paulo}.
     *
     * @param value the zone
     * @return this builder
     */
    public Builder zone(ZoneId value) {
      this.zone = Errors.checkNotNull(value, "zone");
      return this;
    }

    /**
     * The first snapshot to serve.
     *
     * @param value the snapshot
     * @return this builder
     */
    public Builder snapshot(QuarantineIndex value) {
      this.initial = Errors.checkNotNull(value, "snapshot");
      return this;
    }

    /**
     * Opt out of failing closed: before the first snapshot is loaded, every check answers "not
     * suppressed". Only for callers that have their own guard: customers who must not be contacted
     * would be contacted.
     *
     * @return this builder
     */
    public Builder failOpenWithoutSnapshot() {
      this.failClosed = false;
      return this;
    }

    /**
     * Builds the quarantine.
     *
     * @return the quarantine
     */
    public Quarantine build() {
      return new Quarantine(this);
    }
  }
}

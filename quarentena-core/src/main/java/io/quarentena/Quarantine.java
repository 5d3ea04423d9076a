package io.quarentena;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
 * <pre>{@code
 * Quarantine quarantine = Quarantine.builder()
 *     .clock(Clock.systemUTC())               // "today" comes from here, in America/Sao_Paulo
 *     .build();
 * quarantine.refresh(() -> policy.evaluate(events, LoadDates.today(clock)).toIndex());
 * if (!quarantine.isSuppressed("1234567890", Channel.MARKETING, sendDate)) {
 *   send();
 * }
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
    return loaded.index().isSuppressed(customerId, channel, date, category);
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
   * callers that already hold ids as numbers. It allocates nothing.
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
    return loaded.index().isSuppressed(customerId, channel, date, category);
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
    return loaded.index().check(customerId, channel, date, category);
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
   * Replaces the snapshot atomically. Readers in flight finish on the old one.
   *
   * @param snapshot the new snapshot
   */
  public void update(QuarantineIndex snapshot) {
    Errors.checkNotNull(snapshot, "snapshot");
    Loaded previous = current.getAndSet(new Loaded(snapshot, clock.instant()));
    lastFailure.set(null);
    LOG.info(
        "Quarantine snapshot loaded: policy '{}', load date {}, {} entries (was {})",
        snapshot.policy().name(),
        snapshot.loadDate(),
        snapshot.size(),
        previous == null ? "none" : previous.index().loadDate() + ", " + previous.index().size());
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
   * What is being served: the snapshot's load date, age and size, and the last refresh failure.
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
        lastFailure.get());
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
   */
  public record Status(
      @Nullable LocalDate loadDate,
      @Nullable Instant loadedAt,
      @Nullable Duration age,
      long entries,
      boolean failClosed,
      @Nullable RefreshFailure lastFailure) {}

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

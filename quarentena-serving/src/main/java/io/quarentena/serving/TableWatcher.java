package io.quarentena.serving;

import io.quarentena.Quarantine;
import io.quarentena.QuarantinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Quarantine} serving the quarantine table as the job writes it: a service starts it
 * once. Each check lists the table's log once; when no commit landed since the snapshot served,
 * that is all it costs. When commits landed, it reads the new version's log and loads only if they
 * changed the files of the served {@code data_carga} (a rerun, a {@code DELETE}, an {@code
 * OPTIMIZE}) or added a newer load date; a commit that touches other dates only moves the served
 * version on.
 *
 * <p>Readers never block: the new snapshot is built off to the side and swapped in atomically by
 * {@link Quarantine#refresh}. A check that fails (the table deleted or unreadable, a feature Kernel
 * cannot read, a bad row) keeps the last good snapshot, and the failure is in {@link #status()} and
 * in {@link Quarantine#status()}.
 *
 * <pre>{@code
 * DeltaSnapshots table = DeltaSnapshots.at("s3a://lake/quarentena_global").s3(connection, secrets);
 * Quarantine quarantine = Quarantine.builder().build();                 // fail closed until loaded
 * TableWatcher watcher = TableWatcher.builder(table, policy, quarantine)
 *     .every(Duration.ofMinutes(1)).build().start();                  // loads now, then checks
 * boolean held = quarantine.isSuppressed(customerId, Channel.MARKETING, sendDate);
 * TableWatcher.Status status = watcher.status();                       // version, date, failure
 * }</pre>
 */
public final class TableWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TableWatcher.class);

  /** What one check did. */
  public enum Outcome {
    /** A new snapshot was loaded and swapped in. */
    LOADED,
    /** No commit changed what is served: nothing was loaded. */
    UNCHANGED,
    /** The check or the load failed; the last good snapshot keeps serving. */
    FAILED
  }

  /**
   * What the watcher serves and how its last check went.
   *
   * @param version the table version the served snapshot reflects (a later version whose commits
   *     left the served load date alone counts), or -1 before the first load
   * @param loadDate the served {@code data_carga}, or null before the first load
   * @param loadedAt when the served snapshot was loaded, or null
   * @param entries the served snapshot's entry count
   * @param lastCheck when the table was last checked, or null before the first check
   * @param lastFailure the last failed check since the last successful one, or null
   */
  public record Status(
      long version,
      @Nullable LocalDate loadDate,
      @Nullable Instant loadedAt,
      long entries,
      @Nullable Instant lastCheck,
      Quarantine.@Nullable RefreshFailure lastFailure) {}

  /** The served snapshot: what it was read from. */
  private record Served(
      long version,
      long commitWritten,
      LocalDate loadDate,
      Set<String> fileKeys,
      Instant loadedAt,
      long entries) {
    Served at(long newVersion, long newCommitWritten) {
      return new Served(newVersion, newCommitWritten, loadDate, fileKeys, loadedAt, entries);
    }
  }

  private final DeltaSnapshots table;
  private final KernelTable kernel;
  private final QuarantinePolicy policy;
  private final Quarantine quarantine;
  private final Clock clock;
  private final Duration period;
  private final ScheduledExecutorService executor;
  private final boolean ownExecutor;
  private final AtomicReference<@Nullable Served> served = new AtomicReference<>();
  private final AtomicReference<Quarantine.@Nullable RefreshFailure> lastFailure =
      new AtomicReference<>();
  private final AtomicReference<@Nullable Instant> lastCheck = new AtomicReference<>();
  private final Object checking = new Object();
  private @Nullable ScheduledFuture<?> schedule;

  private TableWatcher(Builder b) {
    this.table = b.table;
    this.kernel = b.table.table();
    this.policy = b.policy;
    this.quarantine = b.quarantine;
    this.clock = b.clock;
    this.period = b.period;
    this.ownExecutor = b.executor == null;
    this.executor =
        b.executor != null
            ? b.executor
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "quarentena-table-watcher");
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * A builder: checks every minute, system UTC clock, its own daemon thread.
   *
   * @param table the table to follow (its load date and version, if fixed, are kept)
   * @param policy the policy whose scopes and exemptions the snapshots apply
   * @param quarantine the quarantine to keep serving the table
   * @return a builder
   */
  public static Builder builder(
      DeltaSnapshots table, QuarantinePolicy policy, Quarantine quarantine) {
    return new Builder(table, policy, quarantine);
  }

  /**
   * Checks the table once now, on the caller's thread (so the service starts with a snapshot, or
   * with the reason it has none), then every period on the executor. Starts once.
   *
   * @return this watcher
   * @throws IllegalStateException if already started or closed
   */
  public synchronized TableWatcher start() {
    if (schedule != null) {
      throw new IllegalStateException("this TableWatcher is already started");
    }
    if (executor.isShutdown()) {
      throw new IllegalStateException("this TableWatcher is closed");
    }
    refreshNow();
    long millis = period.toMillis();
    schedule =
        executor.scheduleWithFixedDelay(
            this::scheduledCheck, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  private void scheduledCheck() {
    try {
      refreshNow();
    } catch (RuntimeException | Error e) {
      // refreshNow reports its own failures; never let the schedule die silently.
      LOG.error("Quarantine table check failed unexpectedly; checking again in {}", period, e);
    }
  }

  /**
   * Checks the table now and loads if a commit changed what is served. Checks never overlap: a call
   * while another runs waits for it.
   *
   * @return what the check did
   */
  public Outcome refreshNow() {
    synchronized (checking) {
      lastCheck.set(clock.instant());
      Served current = served.get();
      try {
        Long fixedVersion = table.fixedVersion();
        if (current != null) {
          if (fixedVersion != null) {
            return Outcome.UNCHANGED; // a fixed version never changes
          }
          // The one listing a check costs when nothing changed. A commit of the served version
          // written at another time means the table was deleted and written again.
          KernelTable.LogState log = kernel.log(current.version);
          if (log.latest() == current.version && log.knownWritten() == current.commitWritten) {
            lastFailure.set(null);
            return Outcome.UNCHANGED;
          }
        }
        KernelTable.Plan plan = kernel.plan(fixedVersion, table.fixedLoadDate());
        if (current != null
            && plan.loadDate().equals(current.loadDate)
            && plan.fileKeys().equals(current.fileKeys)) {
          LOG.info(
              "Quarantine table {} moved from version {} to {} without changing data_carga {}:"
                  + " still serving the loaded snapshot",
              table.location(),
              current.version,
              plan.version(),
              current.loadDate);
          served.set(current.at(plan.version(), plan.commitWritten()));
          lastFailure.set(null);
          return Outcome.UNCHANGED;
        }
        AtomicReference<KernelTable.@Nullable Read> read = new AtomicReference<>();
        boolean swapped =
            quarantine.refresh(
                () -> {
                  KernelTable.Read r = kernel.read(policy, plan);
                  read.set(r);
                  return r.index();
                });
        KernelTable.Read r = read.get();
        if (!swapped || r == null) {
          lastFailure.set(quarantine.status().lastFailure());
          return Outcome.FAILED;
        }
        served.set(
            new Served(
                r.version(),
                r.commitWritten(),
                r.loadDate(),
                r.fileKeys(),
                clock.instant(),
                r.index().size()));
        lastFailure.set(null);
        return Outcome.LOADED;
      } catch (RuntimeException e) {
        // Recorded by the quarantine as a failed refresh: the last good snapshot keeps serving.
        quarantine.refresh(
            () -> {
              throw e;
            });
        Quarantine.RefreshFailure failure = quarantine.status().lastFailure();
        lastFailure.set(
            failure != null
                ? failure
                : new Quarantine.RefreshFailure(clock.instant(), e.toString()));
        return Outcome.FAILED;
      }
    }
  }

  /**
   * What is served and how the last check went.
   *
   * @return the status
   */
  public Status status() {
    Served s = served.get();
    return new Status(
        s == null ? -1 : s.version,
        s == null ? null : s.loadDate,
        s == null ? null : s.loadedAt,
        s == null ? 0 : s.entries,
        lastCheck.get(),
        lastFailure.get());
  }

  /**
   * Stops the checks; the quarantine keeps serving its snapshot. An executor the watcher created is
   * shut down; one passed to the builder is left running.
   */
  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    if (ownExecutor) {
      executor.shutdownNow();
    }
  }

  /** Builds a {@link TableWatcher}. */
  public static final class Builder {
    private final DeltaSnapshots table;
    private final QuarantinePolicy policy;
    private final Quarantine quarantine;
    private Clock clock = Clock.systemUTC();
    private Duration period = Duration.ofMinutes(1);
    private @Nullable ScheduledExecutorService executor;

    private Builder(DeltaSnapshots table, QuarantinePolicy policy, Quarantine quarantine) {
      this.table = Objects.requireNonNull(table, "table");
      this.policy = Objects.requireNonNull(policy, "policy");
      this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    }

    /**
     * How long between the end of one check and the start of the next; default one minute.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder every(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "every: the time between checks must be positive, got " + value);
      }
      this.period = value;
      return this;
    }

    /**
     * The time source for {@link Status#loadedAt()} and {@link Status#lastCheck()}.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Runs the checks on this executor instead of a thread of the watcher's own; {@link #close()}
     * leaves it running.
     *
     * @param value the executor
     * @return this builder
     */
    public Builder executor(ScheduledExecutorService value) {
      this.executor = Objects.requireNonNull(value, "executor");
      return this;
    }

    /**
     * Builds the watcher; nothing is checked until {@link TableWatcher#start()} or {@link
     * TableWatcher#refreshNow()}.
     *
     * @return the watcher
     */
    public TableWatcher build() {
      return new TableWatcher(this);
    }
  }
}

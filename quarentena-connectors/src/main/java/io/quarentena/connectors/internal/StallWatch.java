package io.quarentena.connectors.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a transfer for silence: when no byte has arrived for the limit, it runs an action that
 * breaks the transfer (closes the stream, disconnects the session) once, and remembers that it did.
 * A client's own timeouts do not always cover this: the JDK HTTP client's request timeout ends when
 * the headers arrive, and JSch keeps a session whose server answers keep-alives while the file's
 * bytes have stopped.
 *
 * <pre>{@code
 * try (StallWatch watch = StallWatch.start(readTimeout, () -> close(in))) {
 *   for (int n; (n = in.read(buffer)) >= 0; ) {
 *     watch.progress();
 *     out.write(buffer, 0, n);
 *   }
 *   if (watch.stalled()) throw stalledFailure();  // what was read is not the whole file
 * }
 * }</pre>
 */
public final class StallWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "quarentena-stall-watch");
            t.setDaemon(true);
            return t;
          });

  private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final ScheduledFuture<?> task;

  private StallWatch(Duration limit, Runnable onStall) {
    long limitNanos = limit.toNanos();
    long period = Math.max(10, Math.min(1000, limit.toMillis() / 4));
    task =
        TIMER.scheduleWithFixedDelay(
            () -> {
              if (System.nanoTime() - lastProgress.get() > limitNanos
                  && stalled.compareAndSet(false, true)) {
                try {
                  onStall.run();
                } catch (RuntimeException e) {
                  LOG.debug("breaking a stalled transfer", e);
                }
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
  }

  /**
   * Starts watching.
   *
   * @param limit the longest silence allowed
   * @param onStall what breaks the transfer; run at most once, on the watch's own thread
   * @return the watch; close it when the transfer ends
   */
  public static StallWatch start(Duration limit, Runnable onStall) {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(onStall, "onStall");
    return new StallWatch(limit, onStall);
  }

  /** Records that bytes arrived. */
  public void progress() {
    lastProgress.set(System.nanoTime());
  }

  /**
   * Whether the watch broke the transfer; a transfer that ended after this must not be taken for a
   * whole file.
   *
   * @return true once the silence exceeded the limit
   */
  public boolean stalled() {
    return stalled.get();
  }

  /** Stops watching. */
  @Override
  public void close() {
    task.cancel(false);
  }
}

package io.quarentena.connectors.internal;

import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries an action on transient {@link SourceException}s only, with exponential backoff (or the
 * server's {@code Retry-After}, when it sends one). Permanent failures pass through at once.
 *
 * <pre>{@code
 * Retry retry = Retry.from(settings, Sleeper.SYSTEM);   // options retries, retryBackoff
 * FetchedFile file = retry.call("marketing", () -> fetchOnce(request));
 * }</pre>
 *
 * @param maxAttempts attempts in all, 1 or more
 * @param initialBackoff the wait after the first failure; doubled each time
 * @param maxBackoff the longest wait, also the cap on a server's {@code Retry-After}
 * @param sleeper how to wait (a fake one in tests)
 */
public record Retry(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper) {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  /** Option keys read by {@link #from}. */
  public static final String RETRIES = "retries";

  /** Option key of the first backoff. */
  public static final String RETRY_BACKOFF = "retryBackoff";

  /** Option key of the longest wait. */
  public static final String MAX_RETRY_WAIT = "maxRetryWait";

  /**
   * The option keys of a source that retries: its own, then those read by {@link #from}.
   *
   * @param own the source's own option keys
   * @return every key the source knows
   */
  public static List<String> withRetryKeys(String... own) {
    List<String> keys = new ArrayList<>(List.of(own));
    keys.addAll(List.of(RETRIES, RETRY_BACKOFF, MAX_RETRY_WAIT));
    return List.copyOf(keys);
  }

  /** Waits; injectable so tests never sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /** Sleeps with {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    /**
     * Waits.
     *
     * @param duration how long
     * @throws InterruptedException when interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  /** A transient failure that says how long to wait (HTTP 429/503 {@code Retry-After}). */
  public static final class RetryAfterException extends SourceException {
    private static final long serialVersionUID = 1L;
    private final transient @Nullable Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param source the source's name
     * @param message problem, cause and fix
     * @param retryAfter the server's wait, or {@code null}
     */
    public RetryAfterException(String source, String message, @Nullable Duration retryAfter) {
      super(source, message, true, null);
      this.retryAfter = retryAfter;
    }

    /**
     * The server's requested wait.
     *
     * @return the wait, or {@code null}
     */
    public @Nullable Duration retryAfter() {
      return retryAfter;
    }
  }

  /** Validates the policy. */
  public Retry {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Reads {@code retries} (attempts after the first, default 3), {@code retryBackoff} (default 2s)
   * and {@code maxRetryWait} (default 2m).
   *
   * @param settings the source's settings
   * @param sleeper how to wait
   * @return the policy
   */
  public static Retry from(SourceSettings settings, Sleeper sleeper) {
    return new Retry(
        1 + settings.integer(RETRIES, 3, 0, 20),
        settings.duration(RETRY_BACKOFF, Duration.ofSeconds(2)),
        settings.duration(MAX_RETRY_WAIT, Duration.ofMinutes(2)),
        sleeper);
  }

  /**
   * Runs the action, retrying transient failures.
   *
   * @param source the source's name, for messages
   * @param action the action
   * @param <T> the result type
   * @return the action's result
   * @throws SourceException the last failure, or the first permanent one
   */
  public <T> T call(String source, Supplier<T> action) {
    Duration backoff = initialBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (SourceException e) {
        if (!e.isTransient() || attempt >= maxAttempts) {
          throw e;
        }
        Duration wait = backoff;
        if (e instanceof RetryAfterException r && r.retryAfter() != null) {
          wait = r.retryAfter();
        }
        if (wait.compareTo(maxBackoff) > 0) {
          wait = maxBackoff;
        }
        LOG.warn(
            "source '{}': attempt {} of {} failed, retrying in {} ms: {}",
            source,
            attempt,
            maxAttempts,
            wait.toMillis(),
            e.getMessage());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw SourceException.permanent(source, "interrupted while waiting to retry", e);
        }
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(maxBackoff) > 0) {
          backoff = maxBackoff;
        }
      }
    }
  }
}

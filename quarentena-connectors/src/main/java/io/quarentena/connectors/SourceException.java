package io.quarentena.connectors;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A source could not deliver its file. The message says what went wrong, why and what to do, names
 * the source, and never contains a secret.
 *
 * <pre>{@code
 * try {
 *   source.fetch(request);
 * } catch (SourceException e) {
 *   if (e.isTransient()) scheduleRetry(e.sourceName());
 *   else alert(e.getMessage());
 * }
 * }</pre>
 */
public class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final boolean transientFailure;

  /**
   * Creates an exception.
   *
   * @param sourceName the source's name
   * @param message problem, cause and fix; must not contain a secret
   * @param transientFailure whether trying again later may succeed
   * @param cause the underlying failure, or {@code null}
   */
  public SourceException(
      String sourceName, String message, boolean transientFailure, @Nullable Throwable cause) {
    super("source '" + Objects.requireNonNull(sourceName, "sourceName") + "': " + message, cause);
    this.sourceName = sourceName;
    this.transientFailure = transientFailure;
  }

  /**
   * A failure that retrying will not fix (bad credentials, missing file, refused host key).
   *
   * @param sourceName the source's name
   * @param message problem, cause and fix
   * @param cause the underlying failure, or {@code null}
   * @return the exception
   */
  public static SourceException permanent(
      String sourceName, String message, @Nullable Throwable cause) {
    return new SourceException(sourceName, message, false, cause);
  }

  /**
   * A failure that may pass (timeout, connection reset, throttling).
   *
   * @param sourceName the source's name
   * @param message problem, cause and fix
   * @param cause the underlying failure, or {@code null}
   * @return the exception
   */
  public static SourceException transientFailure(
      String sourceName, String message, @Nullable Throwable cause) {
    return new SourceException(sourceName, message, true, cause);
  }

  /**
   * The name of the source that failed.
   *
   * @return the source's name
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Whether trying again later may succeed.
   *
   * @return {@code true} for timeouts, dropped connections and throttling
   */
  public boolean isTransient() {
    return transientFailure;
  }
}

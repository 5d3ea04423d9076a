package io.quarentena;

import java.time.LocalDate;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A log that shares live sends between the instances of a service (SPI): every instance appends the
 * sends it records and applies those the others append, so a send recorded anywhere blocks the next
 * check everywhere. An implementation wraps an existing distributed log (Apache Kafka in {@code
 * quarentena-kafka}); the library never needs to know which.
 *
 * <p>The contract every implementation keeps:
 *
 * <ul>
 *   <li>{@link #append} never blocks the caller past a bound the implementation documents: while
 *       the log is unreachable, sends are buffered and retried, and {@link Status#unsent()} counts
 *       them.
 *   <li>{@link #subscribe} first replays every send of the log dated on or after a day (the
 *       snapshot's load date, so a restarted instance catches up), then delivers new ones as they
 *       arrive, including this instance's own. Delivery is at least once: a send may arrive twice,
 *       and the receiver ignores the repeat by its send id ({@code id_envio}).
 *   <li>Sends carry a send id; an implementation may refuse one without ({@link
 *       IllegalArgumentException}).
 * </ul>
 *
 * <pre>{@code
 * try (SendLog log = KafkaSendLog.builder("127.0.0.1:9092", "quarentena-envios").build();
 *     SendLog.Subscription s = log.subscribe(loadDate, quarantine::apply)) {
 *   log.append(ContactEvent.builder("1234567890", Channel.MARKETING, today)
 *       .sendId("campanha-42/1234567890").build());
 * }
 * }</pre>
 */
public interface SendLog extends AutoCloseable {

  /**
   * Appends a send for every instance, this one included.
   *
   * @param send the send, with its send id
   * @throws IllegalArgumentException if the send has no send id
   */
  void append(ContactEvent send);

  /**
   * Replays the sends dated on or after {@code from}, then follows the log.
   *
   * @param from the first contact date to replay (the snapshot's load date)
   * @param listener called once or more for each send, from the log's own thread; it must not block
   * @return a handle that stops the delivery
   */
  Subscription subscribe(LocalDate from, Consumer<ContactEvent> listener);

  /**
   * What the log knows of itself now.
   *
   * @return the status
   */
  Status status();

  /** Stops every subscription and releases the connection; buffered sends may be lost. */
  @Override
  void close();

  /** A running subscription. */
  interface Subscription extends AutoCloseable {
    /** Stops the delivery. */
    @Override
    void close();
  }

  /**
   * The state of a log.
   *
   * @param unsent sends appended here and not yet acknowledged by the log
   * @param lag sends in the log not yet delivered to this instance's subscriptions, or -1 when
   *     unknown
   * @param lastError the last failure talking to the log, or null
   */
  record Status(long unsent, long lag, @Nullable String lastError) {}
}

package io.quarentena.testing;

import io.quarentena.ContactEvent;
import io.quarentena.SendLog;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link SendLog} held in memory: a real implementation of the SPI for tests of several {@link
 * io.quarentena.Quarantine} instances in one JVM. Sends are kept in append order; each subscription
 * first replays the sends dated on or after its day, then gets every new one, delivered in order
 * from one delivery thread of the log's own (as a broker's consumer would). It can deliver every
 * send more than once, to test that repeats count once.
 *
 * <pre>{@code
 * try (InMemorySendLog log = new InMemorySendLog(1)) {
 *   quarantineA.connect(log);
 *   quarantineB.connect(log);
 *   quarantineA.tryRecord(send);
 *   log.awaitDelivered();          // B has applied it now
 * }
 * }</pre>
 */
public final class InMemorySendLog implements SendLog {

  private final int copies;
  private final List<ContactEvent> sends = new ArrayList<>();
  private final List<Sub> subscriptions = new ArrayList<>();
  private final AtomicLong pending = new AtomicLong();
  private final ExecutorService delivery =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "in-memory-send-log");
            t.setDaemon(true);
            return t;
          });

  /**
   * A log delivering every send this many times to each subscription.
   *
   * @param copies 1 for exactly once, 2 or more for repeated delivery
   */
  public InMemorySendLog(int copies) {
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be one or more, got " + copies);
    }
    this.copies = copies;
  }

  private final class Sub implements Subscription {
    private final Consumer<ContactEvent> listener;
    private volatile boolean closed;

    Sub(Consumer<ContactEvent> listener) {
      this.listener = listener;
    }

    @Override
    public void close() {
      closed = true;
      synchronized (InMemorySendLog.this) {
        subscriptions.remove(this);
      }
    }
  }

  @Override
  public synchronized void append(ContactEvent send) {
    if (send.sendId() == null) {
      throw new IllegalArgumentException("a send in the log needs a send id: " + send);
    }
    sends.add(send);
    for (Sub s : subscriptions) {
      deliver(s, send);
    }
  }

  @Override
  public synchronized Subscription subscribe(LocalDate from, Consumer<ContactEvent> listener) {
    Sub s = new Sub(listener);
    for (ContactEvent send : sends) {
      if (!send.contactDate().isBefore(from)) {
        deliver(s, send);
      }
    }
    subscriptions.add(s);
    return s;
  }

  private void deliver(Sub s, ContactEvent send) {
    for (int i = 0; i < copies; i++) {
      pending.incrementAndGet();
      delivery.execute(
          () -> {
            try {
              if (!s.closed) {
                s.listener.accept(send);
              }
            } finally {
              pending.decrementAndGet();
            }
          });
    }
  }

  /**
   * Waits until every send appended so far has been delivered to every subscription.
   *
   * @throws InterruptedException if interrupted
   */
  public void awaitDelivered() throws InterruptedException {
    try {
      delivery.submit(() -> {}).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the in-memory log did not deliver in 30 s", e);
    }
  }

  /**
   * The sends appended so far, in order.
   *
   * @return a copy
   */
  public synchronized List<ContactEvent> sends() {
    return List.copyOf(sends);
  }

  @Override
  public Status status() {
    return new Status(0, pending.get(), null);
  }

  @Override
  public void close() {
    synchronized (this) {
      subscriptions.clear();
    }
    delivery.shutdownNow();
  }
}

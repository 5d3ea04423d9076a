package io.quarentena.connectors.logs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Everything logged, and everything printed to {@code System.out}/{@code System.err}, while it is
 * open: every event with its level, logger, message and full stack trace (causes included). One
 * capture at a time.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   source.fetch(request);
 *   assertThat(logs.text()).doesNotContain(password);
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
  static volatile boolean installed;
  private static volatile LogCapture current;

  private final StringBuilder events = new StringBuilder();
  private final java.util.concurrent.atomic.AtomicLong eventCount =
      new java.util.concurrent.atomic.AtomicLong();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  private LogCapture() {}

  /**
   * Starts capturing.
   *
   * @return the capture; close it to stop
   * @throws IllegalStateException when the capturing provider is not SLF4J's provider
   */
  public static synchronized LogCapture start() {
    LoggerFactory.getLogger(LogCapture.class); // initialises SLF4J if nothing has yet
    if (!installed) {
      throw new IllegalStateException(
          "SLF4J is not using CapturingLogProvider: run the test with"
              + " -Dslf4j.provider=io.quarentena.connectors.logs.CapturingLogProvider (the"
              + " module's surefire configuration does)");
    }
    if (current != null) {
      throw new IllegalStateException("a LogCapture is already open");
    }
    LogCapture capture = new LogCapture();
    System.setOut(tee(capture.out, capture.printed));
    System.setErr(tee(capture.err, capture.printed));
    current = capture;
    return capture;
  }

  static boolean active() {
    return current != null;
  }

  static void record(Level level, String logger, String message, Throwable thrown) {
    LogCapture c = current;
    if (c == null) {
      return;
    }
    StringWriter w = new StringWriter();
    w.append(level.name()).append(' ').append(logger).append(" - ").append(message).append('\n');
    if (thrown != null) {
      thrown.printStackTrace(new PrintWriter(w));
    }
    synchronized (c.events) {
      c.events.append(w);
    }
    c.eventCount.incrementAndGet();
  }

  private static PrintStream tee(PrintStream original, OutputStream copy) {
    return new PrintStream(
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            synchronized (copy) {
              copyWrite(copy, new byte[] {(byte) b}, 0, 1);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (copy) {
              copyWrite(copy, b, off, len);
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        },
        true,
        StandardCharsets.UTF_8);
  }

  private static void copyWrite(OutputStream copy, byte[] b, int off, int len) {
    ((ByteArrayOutputStream) copy).write(b, off, len);
  }

  /**
   * The events recorded so far, then what was printed.
   *
   * @return the text
   */
  public String text() {
    String logged;
    synchronized (events) {
      logged = events.toString();
    }
    String console;
    synchronized (printed) {
      console = printed.toString(StandardCharsets.UTF_8);
    }
    return logged + "\n--- printed ---\n" + console;
  }

  /**
   * How many events were recorded (to check that the capture saw something).
   *
   * @return the number of log events
   */
  public long eventCount() {
    return eventCount.get();
  }

  /** Stops capturing and restores {@code System.out} and {@code System.err}. */
  @Override
  public synchronized void close() {
    synchronized (LogCapture.class) {
      if (current == this) {
        current = null;
        System.setOut(out);
        System.setErr(err);
      }
    }
  }
}

package io.quarentena.job.reliability;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures everything a run says: every log event at every level (Spark's and ours, through log4j2,
 * the backend Spark ships) with stack traces, and standard output and error.
 */
final class LogCapture implements AutoCloseable {

  private final StringWriter logs = new StringWriter();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final WriterAppender appender;
  private final Level rootLevel;
  private final java.util.Map<
          LoggerConfig, java.util.Map<String, org.apache.logging.log4j.core.Appender>>
      detached = new java.util.HashMap<>();

  LogCapture() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%p %c - %m%n%throwable").build(),
            null,
            logs,
            "capture-" + System.nanoTime(),
            false,
            true);
    appender.start();
    cfg.addAppender(appender);
    LoggerConfig root = cfg.getRootLogger();
    rootLevel = root.getLevel();
    // Everything goes to the capture only: the console appenders are detached meanwhile, so a
    // run at level ALL does not flood the build's output.
    for (LoggerConfig l : cfg.getLoggers().values()) {
      detached.put(l, new java.util.HashMap<>(l.getAppenders()));
      for (String name : l.getAppenders().keySet()) {
        l.removeAppender(name);
      }
      l.addAppender(appender, Level.ALL, null);
    }
    if (!cfg.getLoggers().containsValue(root)) {
      detached.put(root, new java.util.HashMap<>(root.getAppenders()));
      for (String name : root.getAppenders().keySet()) {
        root.removeAppender(name);
      }
      root.addAppender(appender, Level.ALL, null);
    }
    root.setLevel(Level.ALL);
    ctx.updateLoggers();
    PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
  }

  /** Everything captured so far. */
  String text() {
    return logs + "\n" + console.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    for (LoggerConfig l : cfg.getLoggers().values()) {
      l.removeAppender(appender.getName());
    }
    cfg.getRootLogger().removeAppender(appender.getName());
    detached.forEach(
        (l, appenders) -> appenders.values().forEach(a -> l.addAppender(a, null, null)));
    cfg.getRootLogger().setLevel(rootLevel);
    ctx.updateLoggers();
    appender.stop();
  }
}

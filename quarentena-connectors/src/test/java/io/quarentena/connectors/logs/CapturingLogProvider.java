package io.quarentena.connectors.logs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The connectors' test SLF4J provider: slf4j-simple for the console, plus a recorder that {@link
 * LogCapture} reads. While a capture is open, the loggers of this library ({@code io.quarentena})
 * and of JSch ({@code com.jcraft.jsch}) are enabled at every level, TRACE included, so a secret
 * that would only show at DEBUG is caught too; every other logger is recorded at its configured
 * level, i.e. exactly what a user would see. Chosen with {@code
 * -Dslf4j.provider=io.quarentena.connectors.logs.CapturingLogProvider} (the module's surefire
 * options), never through ServiceLoader, so there is one provider and no warning.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
  private final SimpleServiceProvider simple = new SimpleServiceProvider();
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory =
      name ->
          loggers.computeIfAbsent(
              name, n -> new CapturingLogger(n, simple.getLoggerFactory().getLogger(n)));

  /** For SLF4J. */
  public CapturingLogProvider() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return simple.getMarkerFactory();
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return simple.getMDCAdapter();
  }

  @Override
  public String getRequestedApiVersion() {
    return simple.getRequestedApiVersion();
  }

  @Override
  public void initialize() {
    simple.initialize();
    LogCapture.installed = true;
  }

  /** Records, then hands the formatted event to slf4j-simple when its level allows. */
  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Logger delegate;
    private final boolean ours;

    CapturingLogger(String name, Logger delegate) {
      this.name = name;
      this.delegate = delegate;
      this.ours = name.startsWith("io.quarentena") || name.startsWith("com.jcraft.jsch");
    }

    private boolean enabled(Level level) {
      return (ours && LogCapture.active()) || delegate.isEnabledForLevel(level);
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
      String text = MessageFormatter.basicArrayFormat(pattern, args);
      LogCapture.record(level, name, text, thrown);
      if (delegate.isEnabledForLevel(level)) {
        delegate.makeLoggingEventBuilder(level).setCause(thrown).log(text);
      }
    }
  }
}

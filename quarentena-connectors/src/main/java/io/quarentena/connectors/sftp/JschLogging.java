package io.quarentena.connectors.sftp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSch's log through SLF4J, one level down: JSch reports every handshake step as INFO, which is
 * DEBUG for a job that fetches a file.
 */
final class JschLogging implements com.jcraft.jsch.Logger {
  private static final Logger LOG = LoggerFactory.getLogger("com.jcraft.jsch");

  @Override
  public boolean isEnabled(int level) {
    return switch (level) {
      case DEBUG, INFO -> LOG.isDebugEnabled();
      case WARN -> LOG.isWarnEnabled();
      default -> LOG.isErrorEnabled();
    };
  }

  @Override
  public void log(int level, String message) {
    switch (level) {
      case DEBUG, INFO -> LOG.debug(message);
      case WARN -> LOG.warn(message);
      default -> LOG.error(message);
    }
  }
}

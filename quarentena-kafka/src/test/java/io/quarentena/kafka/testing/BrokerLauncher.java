package io.quarentena.kafka.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The main class of the broker's child JVM: runs a Kafka tool or the broker (by class name, so this
 * class needs no Kafka on its own classpath) and halts the JVM as soon as its standard input
 * closes, which happens when the test JVM that started it ends, however it ends.
 */
public final class BrokerLauncher {

  private BrokerLauncher() {}

  /**
   * Runs {@code args[0]}'s main with the other arguments.
   *
   * @param args the main class, then its arguments
   * @throws Exception if the main class cannot be run
   */
  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              InputStream in = System.in;
              try {
                while (in.read() >= 0) {
                  // the parent writes nothing: wait for end of stream
                }
              } catch (IOException e) {
                // the pipe broke: the parent is gone
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      e.getCause().printStackTrace();
      Runtime.getRuntime().halt(1);
    }
  }
}

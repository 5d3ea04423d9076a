package io.quarentena.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What an example prints to standard output while it runs; shown on the console afterwards.
 *
 * <pre>{@code
 * String printed = Console.capture(() -> LocalJob.run(spark, home, asOf));
 * }</pre>
 */
final class Console {

  /** Code that may throw. */
  interface Action {
    void run() throws Exception;
  }

  private Console() {}

  /**
   * Runs an action and returns what it printed to {@code System.out}.
   *
   * @param action the action
   * @return its standard output
   * @throws Exception what the action throws
   */
  static String capture(Action action) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
      original.print(printed.toString(StandardCharsets.UTF_8));
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}

package io.quarentena.testing;

import java.util.Random;

/**
 * Runs a property over many seeded random cases. The base seed is fixed (so CI is repeatable) and
 * can be changed with {@code -Dquarentena.seed=N}; {@code -Dquarentena.trials=N} changes how many
 * cases run. A failure names the seed that reproduces it.
 *
 * <pre>{@code
 * Seeds.forEach(200, random -> {
 *   List<ContactEvent> events = new ContactGenerator(random).events(policy, loadDate, 50);
 *   ...
 * });
 * }</pre>
 */
public final class Seeds {

  /** The property body: one case, driven by its own seeded random. */
  @FunctionalInterface
  public interface Case {
    /**
     * Runs one case.
     *
     * @param random seeded with the case's seed
     * @throws Exception on failure
     */
    void run(Random random) throws Exception;
  }

  private Seeds() {}

  /**
   * Runs {@code trials} cases (or {@code -Dquarentena.trials}); the first failure is rethrown with
   * its seed in the message, and the seed is printed.
   *
   * @param trials the default number of cases
   * @param body the property
   */
  public static void forEach(int trials, Case body) {
    long base = Long.getLong("quarentena.seed", 20240528L);
    int n = Integer.getInteger("quarentena.trials", trials);
    boolean single = System.getProperty("quarentena.seed") != null && n == 1;
    for (int i = 0; i < n; i++) {
      long seed = single ? base : base + 7919L * i;
      try {
        body.run(new Random(seed));
      } catch (Throwable t) {
        String msg =
            "property failed for seed "
                + seed
                + " (replay: -Dquarentena.seed="
                + seed
                + " -Dquarentena.trials=1): "
                + t;
        System.err.println(msg);
        throw new AssertionError(msg, t);
      }
    }
  }
}

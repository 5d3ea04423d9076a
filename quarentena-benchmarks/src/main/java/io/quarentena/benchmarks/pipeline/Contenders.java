package io.quarentena.benchmarks.pipeline;

import java.util.List;

/**
 * The contenders the benchmark runs, in order.
 *
 * <pre>{@code
 * for (Contender c : Contenders.all()) { ... }
 * }</pre>
 */
public final class Contenders {

  private Contenders() {}

  /**
   * Every contender.
   *
   * @return the contenders
   */
  public static List<Contender> all() {
    return List.of(Contender.baseline(), LibraryJob.contender(false), LibraryJob.contender(true));
  }
}

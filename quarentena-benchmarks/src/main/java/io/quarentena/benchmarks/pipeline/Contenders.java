package io.quarentena.benchmarks.pipeline;

import java.util.ArrayList;
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
    return List.of(
        Contender.baseline(),
        CarefulHandWrittenJob.contender(),
        LibraryJob.contender(false),
        LibraryJob.contender(true),
        LibraryJob.tableOnly());
  }

  /**
   * The contenders named, from {@link #all()}.
   *
   * @param names comma-separated names
   * @return the contenders, in the order named
   * @throws IllegalArgumentException naming an unknown contender
   */
  public static List<Contender> named(String names) {
    List<Contender> known = all();
    List<Contender> out = new ArrayList<>();
    for (String name : names.split(",")) {
      Contender c =
          known.stream()
              .filter(k -> k.name().equals(name.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown contender '"
                              + name.trim()
                              + "'; known: "
                              + known.stream().map(Contender::name).toList()));
      out.add(c);
    }
    return out;
  }
}

package io.quarentena.benchmarks.index;

import io.quarentena.QuarantineIndex;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap per entry and build time of the compact index and the baseline, for snapshots of
 * given sizes. Retained heap is what JOL counts reachable from the snapshot (the policy, shared by
 * both, is a few hundred bytes); build time is the median of three builds from the generated rows
 * (the packed index as the loaders build it, one {@code add} per row; the baseline grouping
 * existing entry objects, which flatters it).
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl quarentena-benchmarks -am package exec:exec \
 *     -Dbench.mainClass=io.quarentena.benchmarks.index.Footprint -Dbench.args="1000000 10000000" \
 *     -Dbench.heap=-Xmx14g
 * </pre>
 */
public final class Footprint {

  private Footprint() {}

  /**
   * Prints a Markdown table.
   *
   * @param args the snapshot sizes
   */
  public static void main(String[] args) {
    System.out.println(
        "| entries | index | retained bytes/entry | build s (median of 3) | baseline/packed heap |");
    System.out.println("|---|---|---|---|---|");
    for (String a : args.length == 0 ? new String[] {"1000000"} : args) {
      int n = Integer.parseInt(a.replace("_", ""));
      for (String line : measure(n)) {
        System.out.println(line);
      }
    }
  }

  /**
   * Measures one size.
   *
   * @param n entries
   * @return two table rows
   */
  static List<String> measure(int n) {
    BenchData data = BenchData.generate(n);
    double[] packedBuild = new double[3];
    QuarantineIndex packed = null;
    for (int r = 0; r < 3; r++) {
      packed = null;
      System.gc();
      long t = System.nanoTime();
      packed = data.packedFromRows();
      packedBuild[r] = (System.nanoTime() - t) / 1e9;
    }
    double packedBytes = (double) GraphLayout.parseInstance(packed).totalSize() / n;
    packed = null;

    double[] baselineBuild = new double[3];
    QuarantineIndex baseline = null;
    var entries = data.toEntries();
    for (int r = 0; r < 3; r++) {
      baseline = null;
      System.gc();
      long t = System.nanoTime();
      baseline = BaselineIndex.of(BenchData.POLICY, BenchData.LOAD, entries);
      baselineBuild[r] = (System.nanoTime() - t) / 1e9;
    }
    entries = null;
    double baselineBytes = (double) GraphLayout.parseInstance(baseline).totalSize() / n;
    return List.of(
        String.format(
            Locale.ROOT,
            "| %,d | packed | %.1f | %.2f | %.1f× |",
            n,
            packedBytes,
            median(packedBuild),
            baselineBytes / packedBytes),
        String.format(
            Locale.ROOT,
            "| %,d | baseline | %.1f | %.2f | |",
            n,
            baselineBytes,
            median(baselineBuild)));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}

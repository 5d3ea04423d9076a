package io.quarentena.benchmarks.pipeline;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one local[2] session every test of this module shares; stopped when the JVM exits. */
final class TestSpark {

  static final Path ROOT =
      Path.of("target", "bench-test-" + ProcessHandle.current().pid()).toAbsolutePath();

  private TestSpark() {}

  /** The events of the tiny sources the tests share. */
  static final long EVENTS = 2_000;

  /**
   * The tiny sources, written once per JVM (reused while their marker matches).
   *
   * @return the sources
   */
  static BenchmarkData.Sources sources() {
    return BenchmarkData.write(get(), ROOT.resolve("sources-" + EVENTS), EVENTS);
  }

  static synchronized SparkSession get() {
    SparkSession spark = BenchSession.create(2, ROOT);
    spark.conf().set("spark.sql.shuffle.partitions", "4");
    return spark;
  }
}

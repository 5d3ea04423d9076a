package io.quarentena.examples;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** The one local session every test of the examples module shares; never stopped by a test. */
public final class ExamplesSpark {

  /** This JVM's directory for the session's warehouse and the tests' files. */
  public static final Path HOME =
      Paths.get("target", "examples-test-" + ProcessHandle.current().pid()).toAbsolutePath();

  private ExamplesSpark() {}

  /**
   * The shared session.
   *
   * @return the session
   */
  public static SparkSession get() {
    return LocalSpark.session(HOME);
  }
}

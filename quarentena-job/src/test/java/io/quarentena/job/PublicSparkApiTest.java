package io.quarentena.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job is built on the Spark module as any Spark team's code is: through its public API. Its
 * sources import nothing from {@code io.quarentena.spark.internal}, which may change in any
 * release. Reads the sources (no class scanning library): cheap, and the failure names the file.
 */
class PublicSparkApiTest {

  private static final String INTERNAL = "io.quarentena.spark.internal";

  @Test
  void theJobUsesOnlyThePublicApiOfTheSparkModule() throws IOException {
    Path sources = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");
    assertThat(sources).isDirectory();
    List<String> offending;
    try (Stream<Path> files = Files.walk(sources)) {
      offending =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> read(f).contains(INTERNAL))
              .map(f -> sources.relativize(f).toString())
              .sorted()
              .toList();
    }
    assertThat(offending)
        .as(
            "job sources naming %s: give the job what it needs through the Spark module's public"
                + " API",
            INTERNAL)
        .isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

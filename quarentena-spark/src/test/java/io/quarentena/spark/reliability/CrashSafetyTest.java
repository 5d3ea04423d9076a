package io.quarentena.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.ChildJvm;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed in the middle of writing leaves the table readable at its previous version, and the
 * rerun succeeds without duplicates: the write is one Delta commit, and files of an uncommitted
 * write are never part of the table. Proven with a real child process killed with SIGKILL.
 */
class CrashSafetyTest {

  static final LocalDate DAY = LocalDate.parse("2024-05-28");

  /** Generated entries in the table's schema. */
  static Dataset<Row> entries(SparkSession spark, long rows, LocalDate day) {
    return spark
        .range(rows)
        .selectExpr(
            "CAST(10000000000 + id AS STRING) AS id_cliente",
            "element_at(array('CRM','Marketing','Ofertas'), CAST(id % 3 AS INT) + 1) AS canal",
            "concat('c', id, '@exemplo.com') AS email",
            "CAST(900000000 + id AS STRING) AS telefone",
            "repeat('assunto ', 8) AS assunto",
            "date_sub(DATE'" + day + "', CAST(id % 5 AS INT)) AS data_envio",
            "CAST(id % 5 AS INT) AS qtd_dias",
            "date_add(DATE'" + day + "', 2) AS saida_prevista",
            "DATE'" + day + "' AS data_carga");
  }

  @Test
  void aWriterKilledMidWriteLeavesThePreviousVersionAndTheRerunHasNoDuplicates() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path table = SparkTestSession.newDir("crash-table");
    QuarantineTable t = QuarantineTable.of(spark, table.toString());
    t.write(entries(spark, 1_000, DAY), DAY);
    long version = t.history().count();
    Set<Path> committed = parquetFiles(table);

    Process child = startWriter(table, 6_000_000);
    Set<Path> leftBehind;
    try {
      // Kill it once its own data files are being written, before its commit: files that were
      // not in the table before the child started are the child's.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      leftBehind = new HashSet<>();
      while (child.isAlive() && System.nanoTime() < deadline && leftBehind.isEmpty()) {
        Thread.sleep(20);
        leftBehind = newFiles(table, committed);
      }
      assertThat(leftBehind).as("the child started writing data files").isNotEmpty();
      assertThat(child.isAlive()).as("the child was still writing when killed").isTrue();
      assertThat(commits(table)).as("the child had not committed").isEqualTo(version);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(newFiles(table, committed))
        .as("the killed writer left its uncommitted files behind")
        .isNotEmpty();
    assertThat(Files.readString(writerLog(table))).contains("WRITING").doesNotContain("DONE");

    // the table is readable, at its previous version, with the previous rows only
    assertThat(t.history().count()).isEqualTo(version);
    assertThat(t.entries(DAY).count()).isEqualTo(1_000);

    // the rerun succeeds, and nothing is duplicated: the dead writer's files are not part of it
    t.write(entries(spark, 2_000, DAY), DAY);
    assertThat(t.entries(DAY).count()).isEqualTo(2_000);
    assertThat(t.entries(DAY).select("id_cliente", "canal").distinct().count()).isEqualTo(2_000);
  }

  private static Set<Path> parquetFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(f -> f.toString().endsWith(".parquet"))
          .collect(Collectors.toCollection(HashSet::new));
    } catch (UncheckedIOException e) { // a file written or removed while walking
      return new HashSet<>();
    }
  }

  private static Set<Path> newFiles(Path table, Set<Path> committed) throws IOException {
    Set<Path> now = parquetFiles(table);
    now.removeAll(committed);
    return now;
  }

  /** Commits in the Delta log, counted from its files (not through Spark). */
  private static long commits(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
    }
  }

  private static Path writerLog(Path table) {
    return table.resolveSibling(table.getFileName() + "-writer.log");
  }

  private static Process startWriter(Path table, long rows) throws Exception {
    List<String> command =
        ChildJvm.command(
            List.of("-Xmx1g"),
            CrashingWriter.class,
            table.toString(),
            DAY.toString(),
            Long.toString(rows));
    File log = writerLog(table).toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }
}

package io.quarentena.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SparkTestSession;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    Process child = startWriter(table, 6_000_000);
    try {
      // kill it once its data files are being written, before its commit
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (child.isAlive() && System.nanoTime() < deadline && parquetFiles(table) <= 3) {
        Thread.sleep(50);
      }
      assertThat(child.isAlive()).as("the child was still writing when killed").isTrue();
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
    }
    assertThat(parquetFiles(table)).as("the killed writer left files behind").isGreaterThan(3);

    // the table is readable, at its previous version, with the previous rows only
    assertThat(t.history().count()).isEqualTo(version);
    assertThat(t.entries(DAY).count()).isEqualTo(1_000);

    // the rerun succeeds, and nothing is duplicated
    t.write(entries(spark, 2_000, DAY), DAY);
    assertThat(t.entries(DAY).count()).isEqualTo(2_000);
    assertThat(t.entries(DAY).select("id_cliente", "canal").distinct().count()).isEqualTo(2_000);
  }

  private static long parquetFiles(Path table) throws Exception {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  private static Process startWriter(Path table, long rows) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+Ignore")
          || arg.startsWith("-Dio.netty")
          || arg.startsWith("-Djdk.reflect")) {
        command.add(arg);
      }
    }
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(classpath);
    command.add(CrashingWriter.class.getName());
    command.add(table.toString());
    command.add(DAY.toString());
    command.add(Long.toString(rows));
    File log = table.resolveSibling(table.getFileName() + "-writer.log").toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }
}

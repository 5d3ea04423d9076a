package io.quarentena.examples.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.examples.ExamplesSpark;
import io.quarentena.examples.SampleSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Databricks notebooks under {@code examples/notebooks} run here, on the bundled sample, so
 * they never rot: the Scala notebooks are compiled against the library and executed through {@code
 * main/main} (which {@code %run}s the others), the SQL analytics run against the table they wrote.
 * A notebook added later is picked up automatically.
 */
class NotebooksTest {

  static final Path NOTEBOOKS = Paths.get("notebooks").toAbsolutePath();
  static final Path HOME = ExamplesSpark.HOME.resolve("notebooks");
  static final String TABLE = "default.quarentena_global";
  static final String REJECTS = "default.quarentena_rejeitados";
  static final String VIEW = "default.quarentena_bloqueios"; // published beside TABLE by etl/carga

  static SparkSession spark;

  @BeforeAll
  static void runTheMainNotebookOnTheSample() throws Exception {
    spark = ExamplesSpark.get();
    SampleSources.write(spark, HOME.resolve("sources"));
    ScalaNotebooks.run(
        NOTEBOOKS.resolve("main/main.scala"),
        Files.createDirectories(HOME.resolve("scalac")),
        spark,
        Map.of(
            "as_of",
            SampleSources.AS_OF.toString(),
            "sources_dir",
            HOME.resolve("sources").toString(),
            "table",
            TABLE,
            "rejects_table",
            REJECTS,
            "fetch_remote",
            "false"));
  }

  @Test
  void mainNotebookWritesTheSixRowsOfTheSpec() {
    List<String> rows =
        spark
            .sql(
                "SELECT concat_ws('|', id_cliente, canal, data_envio, qtd_dias,"
                    + " coalesce(CAST(saida_prevista AS STRING), 'NULL')) FROM "
                    + TABLE
                    + " WHERE data_carga = DATE'2024-05-28'")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(rows)
        .contains(
            "1234567890|CRM|2024-05-08|20|2024-06-07",
            "2345678901|Marketing|2024-05-24|4|2024-05-31",
            "3456789012|Recomendacao|2024-05-18|10|2024-06-02",
            "1001001001|Ofertas|2024-05-26|2|2024-05-31",
            "4567890123|Fraude|2024-04-01|57|NULL",
            "4888888800|Restritos|2024-03-01|88|2024-05-30");
    assertThat(spark.table(REJECTS).count()).isPositive();
  }

  static Stream<Path> sqlNotebooks() throws IOException {
    try (Stream<Path> files = Files.walk(NOTEBOOKS)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("sqlNotebooks")
  void sqlNotebookRunsAgainstTheTable(Path notebook) {
    List<List<Row>> results =
        SqlNotebooks.run(notebook, spark, Map.of("tabela", TABLE, "bloqueios", VIEW));
    assertThat(results).as("results of %s", notebook).isNotEmpty();
    assertThat(results.get(0)).as("first query of %s", notebook).isNotEmpty();
  }

  @Test
  void perChannelCountsCoverTheSixChannels() {
    List<Row> rows =
        SqlNotebooks.run(
                NOTEBOOKS.resolve("analytics/em_quarentena_por_canal.sql"),
                spark,
                Map.of("tabela", TABLE))
            .get(0);
    assertThat(rows.stream().map(r -> r.getString(0)))
        .containsExactly("CRM", "Fraude", "Marketing", "Ofertas", "Recomendacao", "Restritos");
  }

  @Test
  void blockedPerChannelCountsAGlobalRuleOnEveryChannel() {
    List<Row> rows =
        SqlNotebooks.run(
                NOTEBOOKS.resolve("analytics/bloqueados_por_canal.sql"),
                spark,
                Map.of("bloqueios", VIEW))
            .get(0);
    // The six default rules are global: each of the six customers is blocked on every channel.
    assertThat(rows).hasSize(6);
    assertThat(rows).allSatisfy(r -> assertThat(r.getLong(1)).isGreaterThanOrEqualTo(6));
  }

  /**
   * The Python audience notebook's SQL, as Databricks would bind it: the CRM customer is held on
   * Marketing by the global CRM rule, fraud open-ended, the Marketing contact's quarantine ended on
   * 05-31, and a customer never contacted is free.
   */
  @Test
  void pythonAudienceNotebookKeepsOnlyCustomersTheViewDoesNotBlock() {
    spark
        .sql(
            "SELECT * FROM VALUES ('1234567890', 'promo'), ('4567890123', NULL),"
                + " ('2345678901', ' Promo '), ('9999999999', NULL) AS publico(id_cliente, categoria)")
        .createOrReplaceTempView("publico_campanha");
    List<List<Row>> results =
        PythonNotebooks.run(
            NOTEBOOKS.resolve("audiencia/filtrar_publico.py"),
            spark,
            Map.of("bloqueios", VIEW, "publico", "publico_campanha", "data_envio", "2024-06-01"));
    assertThat(results.get(0).stream().map(r -> r.getString(0)))
        .containsExactly("2345678901", "9999999999");
    assertThat(results.get(1).stream().map(r -> r.getString(0) + "/" + r.getString(2)))
        .containsExactly("1234567890/CRM", "4567890123/Fraude");
  }

  static Stream<Path> scalaNotebooks() throws IOException {
    try (Stream<Path> files = Files.walk(NOTEBOOKS)) {
      return files.filter(f -> f.toString().endsWith(".scala")).sorted().toList().stream();
    }
  }

  /**
   * Every Scala notebook is checked: those {@code main/main} runs were executed above; any other
   * (such as {@code main/job}) must at least compile on its own.
   */
  @ParameterizedTest
  @MethodSource("scalaNotebooks")
  void scalaNotebookIsRunByMainOrCompilesOnItsOwn(Path notebook) throws IOException {
    if (ScalaNotebooks.reached(NOTEBOOKS.resolve("main/main.scala"))
        .contains(notebook.normalize())) {
      return;
    }
    String name = "Compile_" + notebook.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_");
    ScalaNotebooks.compile(
        ScalaNotebooks.program(notebook, name),
        name,
        Files.createDirectories(HOME.resolve("scalac")));
  }
}

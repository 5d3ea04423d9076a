package io.quarentena.spark;

import static io.quarentena.spark.Frames.frame;
import static io.quarentena.spark.Frames.lines;
import static io.quarentena.spark.Frames.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.QuarantinePolicy;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * The Delta table: created with the documented schema, one load date replaced per atomic commit.
 */
class QuarantineTableTest {

  private static final String SCHEMA =
      "id_cliente STRING, canal STRING, email STRING, telefone STRING, assunto STRING,"
          + " data_envio DATE, qtd_dias INT, saida_prevista DATE, data_carga DATE";
  private static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");
  private static final LocalDate MAY_29 = LocalDate.parse("2024-05-29");

  private final SparkSession spark = SparkTestSession.get();

  private static Dataset<Row> entries(LocalDate loadDate, String... ids) {
    Object[][] rows = new Object[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      rows[i] =
          row(
              ids[i],
              "CRM",
              null,
              null,
              "Campanha",
              LocalDate.parse("2024-05-08"),
              (int) (loadDate.toEpochDay() - LocalDate.parse("2024-05-08").toEpochDay()),
              LocalDate.parse("2024-06-07"),
              loadDate);
    }
    return frame(SCHEMA, rows);
  }

  @Test
  void oneRuleTellsAPathFromATableName() {
    for (String path :
        List.of(
            "/Volumes/main/crm/quarentena_global",
            "s3a://bucket/quarentena_global",
            "dbfs:/mnt/quarentena",
            "C:\\data\\quarentena",
            "./quarentena_global",
            "../tables/q",
            "file:/tmp/q")) {
      assertThat(QuarantineTable.isPath(path)).as(path).isTrue();
    }
    for (String name :
        List.of(
            "main.crm.quarentena_global",
            "crm.quarentena_global",
            "quarentena_global",
            "`main`.`crm`.`quarentena global`")) {
      assertThat(QuarantineTable.isPath(name)).as(name).isFalse();
    }
  }

  @Test
  void forNameRefusesAPathAndForPathTakesAnyPathAndReachesItsSnapshots() {
    assertThatThrownBy(() -> QuarantineTable.forName(spark, "/tmp/quarentena_global"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/tmp/quarentena_global' is a path")
        .hasMessageContaining("forPath");
    assertThatThrownBy(() -> RejectsTable.forName(spark, "s3a://b/rejeitados"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forPath");

    String path = SparkTestSession.newDir("for-path").toString();
    QuarantineTable table = QuarantineTable.forPath(spark, path);
    table.write(entries(MAY_28, "1", "2"), MAY_28);
    assertThat(lines(QuarantineTable.of(spark, path).read().select("id_cliente")))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(table.snapshots().load(QuarantinePolicy.defaults()).size()).isEqualTo(2);
    assertThat(QuarantineSnapshots.from(spark, path).load(QuarantinePolicy.defaults()).size())
        .isEqualTo(2);
  }

  @Test
  void rerunningADateGivesTheSameTableAndASecondDateKeepsTheFirst() {
    QuarantineTable table = QuarantineTable.of(spark, SparkTestSession.newDir("rerun").toString());
    table.write(entries(MAY_28, "1", "2"), MAY_28);
    List<String> first = lines(table.read());

    table.write(entries(MAY_28, "1", "2"), MAY_28); // a rerun of the same day
    assertThat(lines(table.read())).isEqualTo(first).hasSize(2);

    table.write(entries(MAY_29, "1", "3"), MAY_29); // the next day
    assertThat(lines(table.entries(MAY_28))).isEqualTo(first);
    assertThat(lines(table.entries(MAY_29).select("id_cliente"))).containsExactly("1", "3");

    table.write(entries(MAY_28, "9"), MAY_28); // a corrected rerun replaces only its day
    assertThat(lines(table.entries(MAY_28).select("id_cliente"))).containsExactly("9");
    assertThat(lines(table.entries(MAY_29).select("id_cliente"))).containsExactly("1", "3");

    // Every write is one commit, and every version stays readable by time travel.
    List<Row> history = table.history().select("version", "operation").collectAsList();
    assertThat(history).hasSize(5); // create + 4 writes
    assertThat(lines(table.version(1))).isEqualTo(first);
    assertThat(lines(table.version(2))).isEqualTo(first);
  }

  @Test
  void theTableHasTheSpecSchemaPartitionsAndNotNullKeys() {
    String name = "spark_catalog.default.quarentena_global_schema";
    QuarantineTable table = QuarantineTable.of(spark, name).create();
    StructField[] fields = table.read().schema().fields();
    assertThat(table.read().schema().toDDL())
        .isEqualTo(QuarantineTable.schema().toDDL())
        .startsWith("id_cliente STRING NOT NULL,canal STRING NOT NULL,email STRING");
    assertThat(fields[0].nullable()).isFalse();
    assertThat(fields[8].nullable()).isFalse();
    Row detail = spark.sql("DESCRIBE DETAIL " + name).select("partitionColumns").first();
    assertThat(detail.getList(0)).containsExactly("data_carga", "canal");
    table.create(); // idempotent
  }

  @Test
  void aMetastoreNameWorksLikeAPath() {
    QuarantineTable table = QuarantineTable.of(spark, "quarentena_global_named");
    table.write(entries(MAY_28, "1"), MAY_28);
    table.write(entries(MAY_28, "1"), MAY_28);
    assertThat(spark.table("default.quarentena_global_named").count()).isEqualTo(1);
  }

  @Test
  void rowsOfAnotherLoadDateAreRefusedAndTheTableIsUnchanged() {
    QuarantineTable table =
        QuarantineTable.of(spark, SparkTestSession.newDir("mismatch").toString());
    table.write(entries(MAY_28, "1"), MAY_28);
    assertThatThrownBy(() -> table.write(entries(MAY_29, "2"), MAY_28))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("load date 2024-05-28")
        .hasMessageContaining("table is unchanged");
    assertThat(lines(table.read().select("id_cliente"))).containsExactly("1");
  }

  @Test
  void anExistingTableWithAnotherSchemaIsNamedInTheError() {
    String path = SparkTestSession.newDir("other-schema").toString();
    spark.range(1).toDF("cpf").write().format("delta").save(path);
    assertThatThrownBy(() -> QuarantineTable.of(spark, path).create())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(path)
        .hasMessageContaining("column 1: expected id_cliente string, found cpf bigint");
  }

  @Test
  void rejectsGoToTheirOwnTable() {
    RejectsTable rejects = RejectsTable.of(spark, SparkTestSession.newDir("rejects").toString());
    Dataset<Row> rows =
        frame(
            "fonte STRING, canal STRING, motivo STRING, detalhe STRING, valores STRING,"
                + " data_carga DATE",
            row("crm", "CRM", "MISSING_CUSTOMER_ID", "id_cliente is null", "{}", MAY_28));
    rejects.write(rows, MAY_28);
    rejects.write(rows, MAY_28);
    assertThat(lines(rejects.rejects(MAY_28).select("fonte", "motivo")))
        .containsExactly("crm|MISSING_CUSTOMER_ID");
  }
}

package io.quarentena.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.QuarantineSnapshots;
import io.quarentena.spark.QuarantineTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void smoke() {
    SparkSession spark = ServingSpark.get();
    Path dir = ServingSpark.newDir("smoke");
    LocalDate d = LocalDate.parse("2024-05-28");
    List<Row> rows = new ArrayList<>();
    rows.add(
        RowFactory.create(
            "1234567890",
            "CRM",
            null,
            null,
            null,
            java.sql.Date.valueOf("2024-05-08"),
            20,
            java.sql.Date.valueOf("2024-06-07"),
            java.sql.Date.valueOf(d)));
    rows.add(
        RowFactory.create(
            "CLI-1",
            "Fraude",
            null,
            null,
            null,
            java.sql.Date.valueOf("2024-04-01"),
            57,
            null,
            java.sql.Date.valueOf(d)));
    QuarantineTable.of(spark, dir.toString())
        .write(spark.createDataFrame(rows, QuarantineTable.schema()), d);
    QuarantineIndex k = DeltaSnapshots.at(dir.toString()).load(QuarantinePolicy.defaults());
    QuarantineIndex s =
        QuarantineSnapshots.from(spark, dir.toString()).load(QuarantinePolicy.defaults());
    assertThat(k.size()).isEqualTo(2);
    assertThat(k.entries("1234567890")).isEqualTo(s.entries("1234567890"));
    assertThat(k.isSuppressed("CLI-1", Channel.MARKETING, d, null)).isTrue();
    System.out.println(k.entries("CLI-1"));
  }
}

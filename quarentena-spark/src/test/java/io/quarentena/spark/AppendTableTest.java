package io.quarentena.spark;

import static io.quarentena.spark.Frames.frame;
import static io.quarentena.spark.Frames.lines;
import static io.quarentena.spark.Frames.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An append-only Delta table of the caller's schema: each append adds, nothing is replaced. */
class AppendTableTest {

  private static final StructType LOG =
      new StructType()
          .add("execucao", DataTypes.StringType, false)
          .add("data_carga", DataTypes.DateType, false);

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void appendsKeepEveryRowOfEveryLoadDate(@TempDir Path dir) {
    AppendTable log = AppendTable.of(spark, dir.resolve("log").toString(), LOG, "log");
    assertThat(log.exists()).isFalse();
    LocalDate may28 = LocalDate.parse("2024-05-28");
    log.append(frame("execucao STRING, data_carga DATE", row("a", may28)));
    log.append(frame("execucao STRING, data_carga DATE", row("b", may28)));
    assertThat(log.exists()).isTrue();
    assertThat(lines(log.read().orderBy("execucao")))
        .isEqualTo(List.of("a|2024-05-28", "b|2024-05-28"));
  }

  @Test
  void aSchemaWithoutTheLoadDateIsRefused() {
    StructType undated = new StructType().add("execucao", DataTypes.StringType, false);
    assertThatThrownBy(() -> AppendTable.of(spark, "/tmp/never", undated, "log"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the log table's schema has no column data_carga DATE");
  }
}

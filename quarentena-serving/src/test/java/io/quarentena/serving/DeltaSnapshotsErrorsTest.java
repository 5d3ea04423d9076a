package io.quarentena.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a service is told when the table cannot be loaded: each failure names the table, the version
 * and what is wrong, and {@link Quarantine#refresh} keeps the last good snapshot.
 */
class DeltaSnapshotsErrorsTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final QuarantinePolicy POLICY = QuarantinePolicy.defaults();

  static SparkSession spark;
  static Path table;

  @BeforeAll
  static void writeATable() {
    spark = ServingSpark.get();
    table = ServingSpark.newDir("errors");
    JobTables.write(
        spark,
        table,
        POLICY,
        List.of(
            ContactEvent.of("1234567890", Channel.CRM, LocalDate.parse("2024-05-08")),
            ContactEvent.of("4567890123", Channel.FRAUDE, LocalDate.parse("2024-04-01"))),
        LOAD);
  }

  @Test
  void aMissingTableIsNamedAndTheLastSnapshotKeepsServing() {
    QuarantineIndex good = DeltaSnapshots.at(table.toString()).load(POLICY);
    Quarantine quarantine = Quarantine.of(good);
    Path missing = ServingSpark.newDir("missing");
    assertThat(quarantine.refresh(() -> DeltaSnapshots.at(missing.toString()).load(POLICY)))
        .isFalse();
    assertThat(quarantine.snapshot()).containsSame(good);
    assertThat(quarantine.status().lastFailure().error())
        .contains("cannot load the quarantine snapshot from " + missing)
        .contains("there is no Delta table there");
  }

  /**
   * Rows of one customer and channel twice, in two commits' files: whichever reader thread meets
   * the second, the load fails naming the customer and a file, and no reader thread is left.
   */
  @Test
  void twoEntriesInTwoFilesFailOnEveryReaderCountAndLeaveNoThread() throws InterruptedException {
    Path doubled = ServingSpark.newDir("doubled");
    JobTables.write(
        spark,
        doubled,
        POLICY,
        List.of(
            ContactEvent.of("1234567890", Channel.CRM, LocalDate.parse("2024-05-08")),
            ContactEvent.of("2234567890", Channel.MARKETING, LocalDate.parse("2024-05-25")),
            ContactEvent.of("4567890123", Channel.FRAUDE, LocalDate.parse("2024-04-01"))),
        LOAD);
    spark
        .read()
        .format("delta")
        .load(doubled.toString())
        .write()
        .format("delta")
        .mode("append")
        .save(doubled.toString());
    for (int threads : new int[] {1, 2, 8}) {
      assertThatThrownBy(
              () -> DeltaSnapshots.at(doubled.toString()).readThreads(threads).load(POLICY))
          .as("%s reader threads", threads)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot load the quarantine snapshot from " + doubled)
          .hasMessageMatching(
              "(?s).*in .*\\.parquet: two entries for customer \\d+ on channel \\w+.*");
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (readerThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(readerThreads()).as("reader threads still alive").isZero();
    assertThatThrownBy(() -> DeltaSnapshots.at(doubled.toString()).readThreads(0))
        .hasMessageContaining("invalid readThreads: '0'");
  }

  private static long readerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("quarentena-kernel-read-"))
        .count();
  }

  @Test
  void aMissingLoadDateNamesTheVersionAndTheDate() {
    assertThatThrownBy(
            () -> DeltaSnapshots.at(table.toString()).loadDate(LOAD.plusDays(1)).load(POLICY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "from "
                + table
                + " version "
                + JobTables.version(spark, table)
                + " data_carga 2024-05-29: no rows for data_carga 2024-05-29")
        .hasMessageContaining("never loaded silently");
  }

  @Test
  void aVersionTheTableNeverHadIsNamed() {
    assertThatThrownBy(() -> DeltaSnapshots.at(table.toString()).version(99).load(POLICY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("from " + table + " version 99")
        .hasMessageContaining("99");
  }

  @Test
  void aTableOfAnotherShapeNamesTheColumn() {
    Path other = ServingSpark.newDir("other-shape");
    spark
        .createDataFrame(
            List.of(RowFactory.create("1", "CRM", 5, java.sql.Date.valueOf(LOAD))),
            new StructType()
                .add("id_cliente", DataTypes.StringType)
                .add("canal", DataTypes.StringType)
                .add("data_envio", DataTypes.IntegerType)
                .add("data_carga", DataTypes.DateType))
        .write()
        .format("delta")
        .partitionBy("data_carga")
        .save(other.toString());
    assertThatThrownBy(() -> DeltaSnapshots.at(other.toString()).load(POLICY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("from " + other + " version 0: column 'data_envio' is integer")
        .hasMessageContaining("expected date");
  }

  @Test
  void aTableNotPartitionedByTheLoadDateIsRefused() {
    Path flat = ServingSpark.newDir("flat");
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "1",
                    "CRM",
                    null,
                    null,
                    null,
                    java.sql.Date.valueOf(LOAD),
                    0,
                    null,
                    java.sql.Date.valueOf(LOAD))),
            io.quarentena.spark.QuarantineTable.schema())
        .write()
        .format("delta")
        .save(flat.toString());
    assertThatThrownBy(() -> DeltaSnapshots.at(flat.toString()).load(POLICY))
        .hasMessageContaining("version 0: it is not partitioned by data_carga");
  }

  /**
   * A commit that requires a reader feature this Kernel does not know, as a future writer would.
   */
  @Test
  void aTableFeatureKernelCannotReadIsNamedWithTheVersion() throws IOException {
    Path future = ServingSpark.newDir("future-feature");
    JobTables.write(
        spark,
        future,
        POLICY,
        List.of(ContactEvent.of("1234567890", Channel.CRM, LocalDate.parse("2024-05-08"))),
        LOAD);
    long written = JobTables.version(spark, future);
    Files.writeString(
        future.resolve(String.format("_delta_log/%020d.json", written + 1)),
        "{\"commitInfo\":{\"timestamp\":1716897600000,\"operation\":\"UPGRADE PROTOCOL\"}}\n"
            + "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
            + "\"readerFeatures\":[\"quarentenaFutureFeature\"],"
            + "\"writerFeatures\":[\"quarentenaFutureFeature\"]}}\n",
        StandardCharsets.UTF_8);
    QuarantineIndex good = DeltaSnapshots.at(future.toString()).version(written).load(POLICY);
    Quarantine quarantine = Quarantine.of(good);
    assertThat(quarantine.refresh(() -> DeltaSnapshots.at(future.toString()).load(POLICY)))
        .isFalse();
    assertThat(quarantine.snapshot()).containsSame(good);
    assertThat(quarantine.status().lastFailure().error())
        .contains("cannot load the quarantine snapshot from " + future)
        .contains("version " + (written + 1))
        .contains("a Delta feature this reader (Delta Kernel) cannot read")
        .contains("quarentenaFutureFeature");
  }

  @Test
  void aPasswordInTheLocationIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> DeltaSnapshots.at("s3a://key:S3cr3t@bucket/quarentena_global"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has a password in it")
        .hasMessageNotContaining("S3cr3t");
  }
}

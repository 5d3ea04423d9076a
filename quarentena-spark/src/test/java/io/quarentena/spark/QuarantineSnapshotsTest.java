package io.quarentena.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.Scope;
import io.quarentena.testing.EntryGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loading the snapshot from a Delta table shaped as SPEC.md's {@code quarentena_global}: latest
 * load date, a given one, a version, a table name; a missing or corrupt table keeps the last
 * snapshot and says why. One table is written once for the class (Spark writes take seconds).
 */
class QuarantineSnapshotsTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final LocalDate BEFORE = LOAD.minusDays(1);
  static final QuarantinePolicy POLICY =
      QuarantinePolicy.builder("scoped")
          .rules(QuarantinePolicy.defaults().rules())
          .replace(
              QuarantineRule.fixedPeriod(Channel.MARKETING, 7)
                  .scopedTo(Scope.only(Channel.MARKETING))
                  .exempting("transactional"))
          .build();
  static final StructType SCHEMA =
      new StructType()
          .add("id_cliente", DataTypes.StringType, false)
          .add("canal", DataTypes.StringType, false)
          .add("email", DataTypes.StringType)
          .add("telefone", DataTypes.StringType)
          .add("assunto", DataTypes.StringType)
          .add("data_envio", DataTypes.DateType)
          .add("qtd_dias", DataTypes.IntegerType)
          .add("saida_prevista", DataTypes.DateType)
          .add("data_carga", DataTypes.DateType, false);

  static SparkSession spark;
  static Path table;
  static List<QuarantineEntry> latest;
  static List<QuarantineEntry> previous;

  @BeforeAll
  static void writeTable() {
    spark = SparkTestSession.get();
    table = SparkTestSession.newDir("snapshots");
    EntryGenerator gen = new EntryGenerator(new Random(20240528L));
    previous = gen.entries(POLICY, BEFORE, 60);
    latest = gen.entries(POLICY, LOAD, 120);
    write(table, previous, "append"); // version 0
    write(table, latest, "append"); // version 1
  }

  /** Appends entries, one commit, partitioned as the pipeline writes. */
  static void write(Path path, List<QuarantineEntry> entries, String mode) {
    List<Row> rows = new ArrayList<>();
    for (QuarantineEntry e : entries) {
      rows.add(
          RowFactory.create(
              e.customerId(),
              e.channel().id(),
              e.email(),
              e.phone(),
              e.subject(),
              java.sql.Date.valueOf(e.contactDate()),
              e.daysSinceContact(),
              e.lastDay() == null ? null : java.sql.Date.valueOf(e.lastDay()),
              java.sql.Date.valueOf(e.loadDate())));
    }
    spark
        .createDataFrame(rows, SCHEMA)
        .write()
        .format("delta")
        .partitionBy("data_carga", "canal")
        .mode(mode)
        .save(path.toString());
  }

  @Test
  void theLatestLoadDateAnswersAsTheEntriesDo() {
    QuarantineIndex loaded = QuarantineSnapshots.from(spark, table.toString()).load(POLICY);
    assertThat(loaded.loadDate()).isEqualTo(LOAD);
    assertSameAnswers(loaded, QuarantineIndex.of(POLICY, LOAD, latest), latest);
  }

  @Test
  void aGivenLoadDateAndAVersion() {
    QuarantineSnapshots from = QuarantineSnapshots.from(spark, table.toString());
    QuarantineIndex before = from.loadDate(BEFORE).load(POLICY);
    assertThat(before.loadDate()).isEqualTo(BEFORE);
    assertSameAnswers(before, QuarantineIndex.of(POLICY, BEFORE, previous), previous);
    QuarantineIndex asOfVersion0 = from.version(0).load(POLICY); // only the first load existed
    assertThat(asOfVersion0.loadDate()).isEqualTo(BEFORE);
    assertThat(asOfVersion0.size()).isEqualTo(previous.size());
  }

  @Test
  void aTableNameWithTimeTravel() {
    spark.sql("CREATE TABLE IF NOT EXISTS quarentena_global USING DELTA LOCATION '" + table + "'");
    QuarantineSnapshots named = QuarantineSnapshots.from(spark, "default.quarentena_global");
    assertThat(named.load(POLICY).size()).isEqualTo(latest.size());
    assertThat(named.version(0).load(POLICY).loadDate()).isEqualTo(BEFORE);
  }

  /** Only id_cliente, data_envio and saida_prevista are read from files, of one partition. */
  @Test
  void onlyTheColumnsNeededOfOneLoadDateAreRead() {
    QuarantineSnapshots from = QuarantineSnapshots.from(spark, table.toString());
    Dataset<Row> rows = from.rows(from.table(), LOAD);
    String plan = rows.queryExecution().executedPlan().toString();
    assertThat(plan)
        .contains("ReadSchema: struct<id_cliente:string,data_envio:date,saida_prevista:date>")
        .containsPattern("PartitionFilters: \\[.*data_carga.*2024-05-28");
  }

  @Test
  void aMissingTableKeepsTheLastSnapshotAndSaysWhy() {
    Quarantine q = quarantineServing(QuarantineIndex.of(POLICY, LOAD, latest));
    Path missing = SparkTestSession.newDir("missing");
    assertThat(q.refresh(() -> QuarantineSnapshots.from(spark, missing.toString()).load(POLICY)))
        .isFalse();
    assertStillServing(q);
    assertThat(q.status().lastFailure().error())
        .contains("cannot load the quarantine snapshot from " + missing)
        .contains("Check that the table exists");
  }

  @Test
  void aCorruptTableKeepsTheLastSnapshotAndSaysWhy() throws IOException {
    Path broken = SparkTestSession.newDir("corrupt");
    write(broken, latest, "append");
    Path dataFile;
    try (Stream<Path> files = Files.walk(broken)) {
      dataFile = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(dataFile);
    Quarantine q = quarantineServing(QuarantineIndex.of(POLICY, LOAD, latest));
    assertThat(q.refresh(() -> QuarantineSnapshots.from(spark, broken.toString()).load(POLICY)))
        .isFalse();
    assertStillServing(q);
    assertThat(q.status().lastFailure().error())
        .contains("cannot load the quarantine snapshot from " + broken)
        .contains(dataFile.getFileName().toString())
        .contains("RESTORE");
  }

  @Test
  void aTableOfAnotherShapeOrLoadDateIsRefusedWithTheReason() {
    Path other = SparkTestSession.newDir("other-shape");
    spark
        .createDataFrame(
            List.of(RowFactory.create("1", "CRM", java.sql.Date.valueOf(LOAD))),
            new StructType()
                .add("id_cliente", DataTypes.StringType)
                .add("canal", DataTypes.StringType)
                .add("data_carga", DataTypes.DateType))
        .write()
        .format("delta")
        .save(other.toString());
    assertThatThrownBy(() -> QuarantineSnapshots.from(spark, other.toString()).load(POLICY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no column 'data_envio'");
    assertThatThrownBy(
            () ->
                QuarantineSnapshots.from(spark, table.toString())
                    .loadDate(LOAD.plusDays(1))
                    .load(POLICY))
        .hasMessageContaining("data_carga 2024-05-29: no rows for data_carga 2024-05-29");
    assertThatThrownBy(() -> QuarantineSnapshots.from(spark, "a b"))
        .hasMessageContaining("invalid table 'a b'");
  }

  private static Quarantine quarantineServing(QuarantineIndex index) {
    Clock clock = Clock.fixed(Instant.parse("2024-05-28T12:00:00Z"), ZoneOffset.UTC);
    return Quarantine.builder().clock(clock).snapshot(index).build();
  }

  private static void assertStillServing(Quarantine q) {
    assertThat(q.status().loadDate()).isEqualTo(LOAD);
    assertThat(q.status().entries()).isEqualTo(latest.size());
    QuarantineEntry any = latest.get(0);
    assertThat(q.check(any.customerId(), Channel.CRM, LOAD).snapshotLoadDate()).isEqualTo(LOAD);
  }

  private static void assertSameAnswers(
      QuarantineIndex loaded, QuarantineIndex expected, List<QuarantineEntry> entries) {
    assertThat(loaded.size()).isEqualTo(entries.size());
    Set<String> ids = new LinkedHashSet<>(EntryGenerator.TRICKY_IDS);
    entries.forEach(e -> ids.add(e.customerId()));
    for (String id : ids) {
      assertThat(loaded.entries(id))
          .as(id)
          .containsExactlyElementsOf(
              expected.entries(id).stream()
                  .map(
                      e ->
                          QuarantineEntry.of(
                              e.customerId(),
                              e.channel(),
                              e.contactDate(),
                              e.lastDay(),
                              e.loadDate()))
                  .toList());
      for (Channel channel : POLICY.channels()) {
        for (int day = -2; day < 100; day += 9) {
          for (String category : new String[] {null, "transactional"}) {
            LocalDate date = expected.loadDate().plusDays(day);
            assertThat(loaded.isSuppressed(id, channel, date, category))
                .as("%s on %s on %s (%s)", id, channel, date, category)
                .isEqualTo(expected.isSuppressed(id, channel, date, category));
          }
        }
      }
    }
  }
}

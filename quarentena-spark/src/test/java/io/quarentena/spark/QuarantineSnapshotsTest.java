package io.quarentena.spark;

import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.Scope;
import io.quarentena.SuppressionDecision;
import io.quarentena.testing.ContactGenerator;
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
import java.util.Locale;
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
 * Loading the snapshot from the Delta table the pipeline writes: latest load date, a given one, a
 * version, a table name; a missing or corrupt table keeps the last snapshot and says why. The table
 * is written once for the class by {@link QuarantinePipeline} and {@link QuarantineTable} from
 * generated contact events, and the loaded snapshot must answer as the in-process engine does on
 * the same events: one definition, two engines, one table in between.
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
          .replace(QuarantineRule.frequencyCap(Channel.OFERTAS, 2, 10))
          .build();
  static final String SOURCE_DDL =
      "id_cliente STRING, email STRING, telefone STRING, assunto STRING, categoria STRING,"
          + " data_envio DATE, data_exclus DATE";

  static SparkSession spark;
  static Path table;
  static long firstVersion;
  static QuarantineIndex latest;
  static QuarantineIndex previous;

  @BeforeAll
  static void runThePipelineTwice() {
    spark = SparkTestSession.get();
    table = SparkTestSession.newDir("snapshots");
    ContactGenerator gen = new ContactGenerator(new Random(20240528L));
    List<ContactEvent> events = gen.events(POLICY, LOAD, 300);
    QuarantineTable quarantineTable = QuarantineTable.of(spark, table.toString());
    QuarantinePipeline pipeline = QuarantinePipeline.builder(POLICY).build();
    for (LocalDate date : List.of(BEFORE, LOAD)) {
      try (QuarantineRun run = pipeline.run(date, inputs(events))) {
        quarantineTable.write(run.entries(), date);
      }
      if (date.equals(BEFORE)) {
        firstVersion = quarantineTable.history().agg(max("version")).first().getLong(0);
      }
    }
    previous = POLICY.evaluate(events, BEFORE).toIndex();
    latest = POLICY.evaluate(events, LOAD).toIndex();
    assertThat(latest.size()).isGreaterThan(20);
  }

  /** One source per channel, in the standard columns. */
  private static List<SourceInput> inputs(List<ContactEvent> events) {
    List<SourceInput> inputs = new ArrayList<>();
    for (Channel channel : POLICY.channels()) {
      List<Row> rows = new ArrayList<>();
      for (ContactEvent e : events) {
        if (e.channel().equals(channel)) {
          rows.add(
              RowFactory.create(
                  e.customerId(),
                  e.email(),
                  e.phone(),
                  e.subject(),
                  e.category(),
                  e.contactDate(),
                  e.revokedOn()));
        }
      }
      inputs.add(
          SourceInput.of(
              SourceSpec.forChannel(channel.id().toLowerCase(Locale.ROOT), channel).build(),
              spark.createDataFrame(rows, StructType.fromDDL(SOURCE_DDL))));
    }
    return inputs;
  }

  /** Writes entries straight into a table of the quarantine schema, for the failure cases. */
  static void write(Path path, QuarantineIndex index) {
    List<Row> rows = new ArrayList<>();
    for (String id : customers(index)) {
      for (QuarantineEntry e : index.entries(id)) {
        rows.add(
            RowFactory.create(
                e.customerId(),
                e.channel().id(),
                e.email(),
                e.phone(),
                e.subject(),
                e.contactDate(),
                e.daysSinceContact(),
                e.lastDay(),
                e.loadDate()));
      }
    }
    QuarantineTable.of(spark, path.toString())
        .write(spark.createDataFrame(rows, QuarantineTable.schema()), index.loadDate());
  }

  @Test
  void theLatestLoadDateAnswersAsTheEntriesDo() {
    QuarantineIndex loaded = QuarantineSnapshots.from(spark, table.toString()).load(POLICY);
    assertThat(loaded.loadDate()).isEqualTo(LOAD);
    assertSameAnswers(loaded, latest);
  }

  @Test
  void aGivenLoadDateAndAVersion() {
    QuarantineSnapshots from = QuarantineSnapshots.from(spark, table.toString());
    QuarantineIndex before = from.loadDate(BEFORE).load(POLICY);
    assertThat(before.loadDate()).isEqualTo(BEFORE);
    assertSameAnswers(before, previous);
    QuarantineIndex asOfFirst = from.version(firstVersion).load(POLICY); // only BEFORE existed
    assertThat(asOfFirst.loadDate()).isEqualTo(BEFORE);
    assertThat(asOfFirst.size()).isEqualTo(previous.size());
  }

  @Test
  void aTableNameWithTimeTravel() {
    spark.sql("CREATE TABLE IF NOT EXISTS quarentena_global USING DELTA LOCATION '" + table + "'");
    QuarantineSnapshots named = QuarantineSnapshots.from(spark, "default.quarentena_global");
    assertThat(named.load(POLICY).size()).isEqualTo(latest.size());
    assertThat(named.version(firstVersion).load(POLICY).loadDate()).isEqualTo(BEFORE);
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
    Quarantine q = quarantineServing(latest);
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
    write(broken, latest);
    Path dataFile;
    try (Stream<Path> files = Files.walk(broken)) {
      dataFile = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(dataFile);
    Quarantine q = quarantineServing(latest);
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
    assertThat(q.snapshot()).containsSame(latest);
  }

  /** The ids of every entry of a snapshot (the generator's pool), plus ids never in it. */
  private static Set<String> customers(QuarantineIndex index) {
    Set<String> ids = new LinkedHashSet<>();
    for (int n = 0; n < 40; n++) { // ContactGenerator's pool
      ids.add("00" + (1000000 + n));
      ids.add("CLI-" + n);
      ids.add(Long.toString(1_000_000_000L + n));
    }
    ids.addAll(EntryGenerator.TRICKY_IDS);
    ids.removeIf(id -> index.entries(id).isEmpty() && !EntryGenerator.TRICKY_IDS.contains(id));
    return ids;
  }

  private static void assertSameAnswers(QuarantineIndex loaded, QuarantineIndex expected) {
    assertThat(loaded.size()).isEqualTo(expected.size());
    for (String id : customers(expected)) {
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
        for (int day = -2; day < 100; day += 3) {
          for (String category : new String[] {null, "transactional"}) {
            LocalDate date = expected.loadDate().plusDays(day);
            assertThat(decision(loaded.check(id, channel, date, category)))
                .as("%s on %s on %s (%s)", id, channel, date, category)
                .isEqualTo(decision(expected.check(id, channel, date, category)));
          }
        }
      }
    }
  }

  /** A decision without the contact details, which the loader does not read. */
  private static List<Object> decision(SuppressionDecision d) {
    List<Object> blocks = new ArrayList<>();
    for (SuppressionDecision.Block b : d.blockedBy()) {
      blocks.add(List.of(b.entry().channel(), b.entry().contactDate(), b.rule()));
      blocks.add(String.valueOf(b.entry().lastDay()));
    }
    return List.of(d.suppressed(), String.valueOf(d.contactableFrom()), blocks);
  }
}

package io.quarentena.serving;

import static io.quarentena.testing.Trials.renamed;
import static io.quarentena.testing.Trials.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.ContactEvent;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.spark.HistoryTable;
import io.quarentena.spark.QuarantinePipeline;
import io.quarentena.spark.QuarantineRun;
import io.quarentena.spark.QuarantineSnapshots;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SourceInput;
import io.quarentena.spark.SourceSpec;
import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The history companion table through Delta Kernel: seeded random policies and contacts, written by
 * the pipeline to the quarantine table and its {@code _contatos} companion, load into a snapshot
 * whose history is the core's ({@code policy.evaluate(contacts, D).toIndex()}) for every customer;
 * without a companion the snapshot loads without history; a companion of another schema is an error
 * naming the table and the column.
 */
class HistorySnapshotTest {

  private static final int TRIALS = 15;

  /** The channels of the merged policy, under the snapshot's limit of 64. */
  private static final int MAX_CHANNELS = 60;

  private static final int EVENTS = 120;
  private static final LocalDate LOAD_DATE = LocalDate.parse("2024-05-28");

  static SparkSession spark;
  static Path withHistory;
  static Path withoutHistory;
  static Path badHistory;
  static QuarantinePolicy policy;
  static List<ContactEvent> events = new ArrayList<>();

  @BeforeAll
  static void writeTheTables() {
    spark = ServingSpark.get();
    QuarantinePolicy.Builder merged = QuarantinePolicy.builder("all-trials");
    int[] trial = {0};
    int[] channels = {0};
    Seeds.forEach(
        TRIALS,
        random -> {
          ContactGenerator generator = new ContactGenerator(random);
          QuarantinePolicy p = generator.policy();
          if (channels[0] + p.rules().size() > MAX_CHANNELS) {
            return; // a snapshot holds at most 64 channels: this trial would not fit
          }
          channels[0] += p.rules().size();
          int t = trial[0]++;
          for (QuarantineRule r : p.rules()) {
            merged.rule(renamed(r, t));
          }
          for (ContactEvent e : generator.events(p, LOAD_DATE, EVENTS)) {
            events.add(
                new ContactEvent(
                    "t" + t + ":" + e.customerId(),
                    tagged(e.channel(), t),
                    e.contactDate(),
                    e.email(),
                    e.phone(),
                    e.subject(),
                    e.category(),
                    e.revokedOn(),
                    e.sendId()));
          }
        });
    policy = merged.build();
    List<Row> rows = new ArrayList<>();
    for (ContactEvent e : events) {
      rows.add(
          RowFactory.create(
              e.customerId(),
              e.channel().id(),
              e.email(),
              e.phone(),
              e.subject(),
              e.category(),
              e.contactDate(),
              e.revokedOn(),
              e.sendId()));
    }
    Dataset<Row> source =
        spark.createDataFrame(
            rows,
            StructType.fromDDL(
                "id_cliente STRING, canal STRING, email STRING, telefone STRING, assunto STRING,"
                    + " categoria STRING, data_envio DATE, data_exclus DATE, id_envio STRING"));
    SourceSpec spec = SourceSpec.forChannelColumn("generated", "canal").build();
    withHistory = ServingSpark.newDir("with-history").resolve("quarentena_global");
    withoutHistory = ServingSpark.newDir("without-history").resolve("quarentena_global");
    badHistory = ServingSpark.newDir("bad-history").resolve("quarentena_global");
    try (QuarantineRun run =
        QuarantinePipeline.builder(policy).build().run(LOAD_DATE, SourceInput.of(spec, source))) {
      // The history first: a watcher that sees the new quarantine version finds its history.
      HistoryTable.beside(spark, withHistory.toString()).write(run.history(), LOAD_DATE);
      QuarantineTable.of(spark, withHistory.toString()).write(run.entries(), LOAD_DATE);
      QuarantineTable.of(spark, withoutHistory.toString()).write(run.entries(), LOAD_DATE);
      QuarantineTable.of(spark, badHistory.toString()).write(run.entries(), LOAD_DATE);
    }
    spark.sql(
        "CREATE TABLE delta.`"
            + HistoryTable.nameBeside(badHistory.toString())
            + "` (id_cliente STRING, canal STRING, data_envio STRING, data_carga DATE)"
            + " USING DELTA PARTITIONED BY (data_carga)");
  }

  @Test
  void theSnapshotsHistoryIsTheCoresForEveryCustomer() {
    QuarantineIndex core = policy.evaluate(events, LOAD_DATE).toIndex();
    QuarantineIndex kernel = DeltaSnapshots.at(withHistory.toString()).load(policy);
    QuarantineIndex viaSpark = QuarantineSnapshots.from(spark, withHistory.toString()).load(policy);
    assertThat(core.historySize()).as("the cases must hold history").isGreaterThan(20);
    assertThat(kernel.historySize()).isEqualTo(core.historySize());
    assertThat(viaSpark.historySize()).isEqualTo(core.historySize());
    assertThat(kernel.size()).isEqualTo(core.size());
    Set<String> customers = new TreeSet<>();
    for (ContactEvent e : events) {
      customers.add(e.customerId());
    }
    for (String customer : customers) {
      assertThat(lines(kernel.history(customer)))
          .as("history of %s", customer)
          .isEqualTo(lines(core.history(customer)));
      assertThat(lines(viaSpark.history(customer)))
          .as("history of %s through Spark", customer)
          .isEqualTo(lines(core.history(customer)));
    }
  }

  @Test
  void withoutACompanionTheSnapshotLoadsWithoutHistory() {
    QuarantineIndex core = policy.evaluate(events, LOAD_DATE).toIndex();
    QuarantineIndex kernel = DeltaSnapshots.at(withoutHistory.toString()).load(policy);
    assertThat(kernel.historySize()).isZero();
    assertThat(kernel.size()).isEqualTo(core.size());
    assertThat(
            QuarantineSnapshots.from(spark, withoutHistory.toString()).load(policy).historySize())
        .isZero();
  }

  @Test
  void aCompanionOfAnotherSchemaIsAnErrorNamingTheTableAndColumn() {
    assertThatThrownBy(() -> DeltaSnapshots.at(badHistory.toString()).load(policy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quarentena_global_contatos")
        .hasMessageContaining("data_envio");
    assertThatThrownBy(() -> QuarantineSnapshots.from(spark, badHistory.toString()).load(policy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quarentena_global_contatos")
        .hasMessageContaining("data_envio");
  }

  private static List<String> lines(List<ContactEvent> contacts) {
    List<String> out = new ArrayList<>();
    for (ContactEvent c : contacts) {
      out.add(
          String.join(
              "|",
              c.customerId(),
              c.channel().id(),
              c.contactDate().toString(),
              String.valueOf(c.sendId()),
              String.valueOf(c.email()),
              String.valueOf(c.phone()),
              String.valueOf(c.subject()),
              String.valueOf(c.category())));
    }
    out.sort(null);
    return out;
  }
}

package io.quarentena.spark;

import static io.quarentena.testing.Trials.renamed;
import static io.quarentena.testing.Trials.tagged;
import static io.quarentena.testing.Trials.trialOf;
import static io.quarentena.testing.Trials.untagged;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.ContactEvent;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The history of a load, two engines: seeded random policies (caps of one and more contacts, fixed
 * periods, open-ended rules, scopes, exempt categories) and contacts (repeated lines, one send on
 * several rows, same-day sends) give, through the Spark pipeline and the companion table {@link
 * HistoryTable}, exactly the rows of {@code policy.evaluate(contacts, D).history()} in the core.
 *
 * <p>All trials run in one Spark computation, as in {@link EnginesAgreeTest}: trial t's channels
 * are renamed {@code <id>-t<t>} and its customers {@code t<t>:<id>}.
 */
class HistoryAgreesTest {

  private static final int TRIALS = 30;
  private static final int EVENTS = 120;
  private static final LocalDate LOAD_DATE = LocalDate.parse("2024-05-28");

  private record Trial(int index, QuarantinePolicy policy, List<ContactEvent> events) {}

  private static final List<Trial> TRIAL_CASES = new ArrayList<>();
  private static final TreeMap<Integer, List<String>> SPARK_HISTORY = new TreeMap<>();
  private static List<String> writtenLines;
  private static List<String> unpersistedLines;
  private static long rowsAfterRewrite;
  private static StructType writtenSchema;

  @BeforeAll
  static void runAllTrialsInOneSparkComputation() {
    Seeds.forEach(
        TRIALS,
        random -> {
          ContactGenerator generator = new ContactGenerator(random);
          QuarantinePolicy policy = generator.policy();
          TRIAL_CASES.add(
              new Trial(TRIAL_CASES.size(), policy, generator.events(policy, LOAD_DATE, EVENTS)));
        });
    QuarantinePolicy.Builder merged = QuarantinePolicy.builder("all-trials");
    List<Row> rows = new ArrayList<>();
    for (Trial t : TRIAL_CASES) {
      for (QuarantineRule r : t.policy().rules()) {
        merged.rule(renamed(r, t.index()));
      }
      for (ContactEvent e : t.events()) {
        rows.add(
            RowFactory.create(
                tagged(e.customerId(), t.index()),
                tagged(e.channel(), t.index()).id(),
                e.email(),
                e.phone(),
                e.subject(),
                e.category(),
                e.contactDate(),
                e.revokedOn(),
                e.sendId()));
      }
    }
    QuarantinePolicy policy = merged.build();
    Dataset<Row> events =
        SparkTestSession.get()
            .createDataFrame(
                rows,
                StructType.fromDDL(
                    "id_cliente STRING, canal STRING, email STRING, telefone STRING,"
                        + " assunto STRING, categoria STRING, data_envio DATE, data_exclus DATE,"
                        + " id_envio STRING"));
    SourceSpec spec = SourceSpec.forChannelColumn("generated", "canal").build();

    HistoryTable table =
        HistoryTable.of(
            SparkTestSession.get(), SparkTestSession.newDir("history").resolve("t").toString());
    try (QuarantineRun run =
        QuarantinePipeline.builder(policy).build().run(LOAD_DATE, SourceInput.of(spec, events))) {
      table.write(run.history(), run.loadDate());
      table.write(run.history(), run.loadDate()); // a rerun replaces the load date
    }
    try (QuarantineRun unpersisted =
        QuarantinePipeline.builder(policy)
            .storageLevel(StorageLevel.NONE())
            .build()
            .run(LOAD_DATE, SourceInput.of(spec, events))) {
      unpersistedLines = Frames.lines(unpersisted.history());
    }
    Dataset<Row> written = table.contacts(LOAD_DATE);
    writtenSchema = table.read().schema();
    rowsAfterRewrite = table.read().count();
    writtenLines = Frames.lines(written);
    for (String line : Frames.lines(written.drop("data_carga"))) {
      String[] f = line.split("\\|", -1);
      int trial = trialOf(f[1]);
      f[0] = untagged(f[0]);
      f[1] = f[1].substring(0, f[1].lastIndexOf("-t"));
      SPARK_HISTORY.computeIfAbsent(trial, k -> new ArrayList<>()).add(String.join("|", f));
    }
  }

  @Test
  void historyRowsAreTheCoresHistory() {
    int[] index = {0};
    Seeds.forEach(
        TRIALS,
        random -> {
          Trial t = TRIAL_CASES.get(index[0]++);
          List<String> expected = new ArrayList<>();
          for (ContactEvent c : t.policy().evaluate(t.events(), LOAD_DATE).history()) {
            expected.add(line(c));
          }
          expected.sort(null);
          assertThat(SPARK_HISTORY.getOrDefault(t.index(), List.of()))
              .as("trial %d, policy %s", t.index(), t.policy())
              .isEqualTo(expected);
        });
    assertThat(SPARK_HISTORY.values().stream().mapToInt(List::size).sum())
        .as("the generated cases must hold history rows to compare")
        .isGreaterThan(TRIALS * 2);
  }

  @Test
  void aRunThatPersistsNothingHasTheSameHistory() {
    assertThat(unpersistedLines).isNotEmpty().isEqualTo(writtenLines);
  }

  @Test
  void theTableHasTheDocumentedSchemaAndARerunReplacesTheLoadDate() {
    assertThat(writtenSchema.fieldNames())
        .containsExactly(
            "id_cliente",
            "canal",
            "data_envio",
            "id_envio",
            "email",
            "telefone",
            "assunto",
            "categoria",
            "data_carga");
    assertThat(rowsAfterRewrite).isEqualTo(writtenLines.size());
  }

  @Test
  void theCompanionIsNamedBesideTheQuarantineTable() {
    assertThat(HistoryTable.nameBeside("main.quarentena.quarentena_global"))
        .isEqualTo("main.quarentena.quarentena_global_contatos");
    assertThat(HistoryTable.nameBeside("/data/quarentena/")).isEqualTo("/data/quarentena_contatos");
    assertThat(HistoryTable.nameBeside("main.crm.`quarentena global`"))
        .isEqualTo("main.crm.`quarentena global_contatos`");
  }

  private static String line(ContactEvent c) {
    return String.join(
        "|",
        c.customerId(),
        c.channel().id(),
        c.contactDate().toString(),
        String.valueOf(c.sendId()),
        String.valueOf(c.email()),
        String.valueOf(c.phone()),
        String.valueOf(c.subject()),
        String.valueOf(c.category()));
  }
}

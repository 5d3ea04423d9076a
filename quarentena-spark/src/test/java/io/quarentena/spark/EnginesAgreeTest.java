package io.quarentena.spark;

import static io.quarentena.testing.Trials.renamed;
import static io.quarentena.testing.Trials.tagged;
import static io.quarentena.testing.Trials.trialOf;
import static io.quarentena.testing.Trials.untagged;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantineEvaluation;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One definition, two engines: seeded random policies (fixed periods, frequency caps, open-ended
 * rules with revocations, scopes, exempt categories) and contact events (with repeated lines, sends
 * of one day that differ in one value, and send ids, shared and distinct) through the Spark
 * pipeline and through {@link QuarantinePolicy#evaluate} give the same entries and the same
 * rejects; and {@link SparkQuarantine#excludeSuppressed} answers as {@link
 * QuarantineIndex#isSuppressed}.
 *
 * <p>All trials run in one Spark computation: trial t's channels are renamed {@code <id>-t<t>} and
 * its customers {@code t<t>:<id>}, so one merged policy and one source hold every trial without any
 * interaction between them.
 */
class EnginesAgreeTest {

  private static final int TRIALS = 20;
  private static final int EVENTS = 80;
  private static final LocalDate LOAD_DATE = LocalDate.parse("2024-05-28");

  /** One generated case, with a campaign: a send on one channel and date to an audience. */
  private record Trial(
      int index,
      QuarantinePolicy policy,
      List<ContactEvent> events,
      Channel sendChannel,
      LocalDate sendDate,
      List<Audience> audience) {}

  /** One audience row: a customer and the send's category ("" for none). */
  private record Audience(String customer, String category) {}

  private static final List<Trial> TRIAL_CASES = new ArrayList<>();
  private static final TreeMap<Integer, List<String>> SPARK_ENTRIES = new TreeMap<>();
  private static final TreeMap<Integer, Long> SPARK_FUTURE_REJECTS = new TreeMap<>();
  private static final TreeMap<Integer, Set<String>> SPARK_SENDABLE = new TreeMap<>();
  private static long otherRejects;
  private static List<String> persistedLines;
  private static List<String> unpersistedLines;

  @BeforeAll
  static void runAllTrialsInOneSparkComputation() {
    Seeds.forEach(
        TRIALS,
        random -> {
          ContactGenerator generator = new ContactGenerator(random);
          QuarantinePolicy policy = generator.policy();
          List<ContactEvent> events = generator.events(policy, LOAD_DATE, EVENTS);
          List<Channel> channels = new ArrayList<>(policy.channels());
          TRIAL_CASES.add(
              new Trial(
                  TRIAL_CASES.size(),
                  policy,
                  events,
                  channels.get(random.nextInt(channels.size())),
                  LOAD_DATE.plusDays(random.nextInt(20)),
                  audience(random, generator)));
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

    try (QuarantineRun unpersisted =
        QuarantinePipeline.builder(policy)
            .storageLevel(StorageLevel.NONE())
            .build()
            .run(LOAD_DATE, SourceInput.of(spec, events))) {
      unpersistedLines = Frames.lines(unpersisted.entries());
    }
    try (QuarantineRun run =
        QuarantinePipeline.builder(policy).build().run(LOAD_DATE, SourceInput.of(spec, events))) {
      persistedLines = Frames.lines(run.entries());
      for (String line : Frames.lines(run.entries().drop("data_carga"))) {
        String[] f = line.split("\\|", -1);
        int trial = trialOf(f[1]);
        f[0] = untagged(f[0]);
        f[1] = f[1].substring(0, f[1].lastIndexOf("-t"));
        SPARK_ENTRIES.computeIfAbsent(trial, k -> new ArrayList<>()).add(String.join("|", f));
      }
      for (Row r : run.rejects().groupBy("canal", "motivo").count().collectAsList()) {
        if (r.getString(1).equals("FUTURE_CONTACT_DATE")) {
          SPARK_FUTURE_REJECTS.merge(trialOf(r.getString(0)), r.getLong(2), Long::sum);
        } else {
          otherRejects += r.getLong(2);
        }
      }

      // The audiences of every trial, each filtered for its own channel and date, in one job.
      SparkQuarantine quarantine = run.quarantine();
      Dataset<Row> kept = null;
      for (Trial t : TRIAL_CASES) {
        Object[][] audience = new Object[t.audience().size()][];
        for (int i = 0; i < audience.length; i++) {
          Audience a = t.audience().get(i);
          audience[i] = Frames.row(tagged(a.customer(), t.index()), a.category());
        }
        Dataset<Row> sendable =
            quarantine
                .excludeSuppressed(
                    Frames.frame("id_cliente STRING, categoria STRING", audience),
                    tagged(t.sendChannel(), t.index()),
                    t.sendDate())
                .withColumn("trial", lit(t.index()));
        kept = kept == null ? sendable : kept.union(sendable);
      }
      for (Row r : kept.collectAsList()) {
        SPARK_SENDABLE
            .computeIfAbsent(r.getInt(2), k -> new TreeSet<>())
            .add(untagged(r.getString(0)) + "/" + r.getString(1));
      }
    }
  }

  @Test
  void entriesAreTheSameInBothEngines() {
    int[] index = {0};
    Seeds.forEach(
        TRIALS,
        random -> {
          Trial t = TRIAL_CASES.get(index[0]++);
          QuarantineEvaluation core = t.policy().evaluate(t.events(), LOAD_DATE);
          List<String> expected = new ArrayList<>();
          for (QuarantineEntry e : core.entries()) {
            expected.add(line(e));
          }
          expected.sort(null);
          assertThat(SPARK_ENTRIES.getOrDefault(t.index(), List.of()))
              .as("trial %d, policy %s", t.index(), t.policy())
              .isEqualTo(expected);
          assertThat(SPARK_FUTURE_REJECTS.getOrDefault(t.index(), 0L))
              .as("future contacts rejected in trial %d", t.index())
              .isEqualTo(core.rejects().size());
        });
    assertThat(otherRejects).isZero();
    assertThat(SPARK_ENTRIES.values().stream().mapToInt(List::size).sum())
        .as("the generated cases must hold entries to compare")
        .isGreaterThan(TRIALS * 5);
  }

  @Test
  void theCasesHoldRowsThatAreOneContactUnderACap() {
    // Rows a cap would count twice if the engines counted rows: a repeated line, or one send id on
    // rows with other values. Same-day sends that differ in one value are distinct contacts.
    long repeatedLines = 0;
    long sendsOnTwoRows = 0;
    long distinctSendsOnOneDay = 0;
    for (Trial t : TRIAL_CASES) {
      Map<String, List<ContactEvent>> byKey = new HashMap<>();
      for (ContactEvent e : t.events()) {
        QuarantineRule rule = t.policy().rule(e.channel());
        if (rule.threshold() > 1 && !e.contactDate().isAfter(LOAD_DATE)) {
          List<ContactEvent> earlier =
              byKey.computeIfAbsent(e.customerId() + "|" + e.channel(), k -> new ArrayList<>());
          for (ContactEvent other : earlier) {
            if (other.equals(e)) {
              repeatedLines++;
            } else if (other.isSameContactAs(e)) {
              sendsOnTwoRows++;
            } else if (other.contactDate().equals(e.contactDate())) {
              distinctSendsOnOneDay++;
            }
          }
          earlier.add(e);
        }
      }
    }
    assertThat(repeatedLines).isGreaterThan(10);
    assertThat(sendsOnTwoRows).isGreaterThan(10);
    assertThat(distinctSendsOnOneDay).isGreaterThan(10);
  }

  @Test
  void aRunThatPersistsNothingHasTheSameEntries() {
    // StorageLevel.NONE takes the entries from a plan of their own (Standardizer.accepted).
    assertThat(unpersistedLines).isNotEmpty().isEqualTo(persistedLines);
  }

  @Test
  void excludeSuppressedAnswersAsIsSuppressed() {
    int[] index = {0};
    Seeds.forEach(
        TRIALS,
        random -> {
          Trial t = TRIAL_CASES.get(index[0]++);
          QuarantineEvaluation core = t.policy().evaluate(t.events(), LOAD_DATE);
          QuarantineIndex snapshot = QuarantineIndex.of(t.policy(), LOAD_DATE, core.entries());
          Set<String> expected = new TreeSet<>();
          for (Audience a : t.audience()) {
            String category = a.category().isEmpty() ? null : a.category();
            if (!snapshot.isSuppressed(a.customer(), t.sendChannel(), t.sendDate(), category)) {
              expected.add(a.customer() + "/" + a.category());
            }
          }
          assertThat(SPARK_SENDABLE.getOrDefault(t.index(), Set.of()))
              .as("trial %d, policy %s", t.index(), t.policy())
              .isEqualTo(expected);
        });
  }

  private static List<Audience> audience(Random random, ContactGenerator generator) {
    String[] categories = {"", "transactional", " Transactional ", "promo"};
    List<Audience> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      out.add(new Audience(generator.customerId(), categories[random.nextInt(categories.length)]));
    }
    return out;
  }

  private static String line(QuarantineEntry e) {
    return String.join(
        "|",
        e.customerId(),
        e.channel().id(),
        String.valueOf(e.email()),
        String.valueOf(e.phone()),
        String.valueOf(e.subject()),
        e.contactDate().toString(),
        Integer.toString(e.daysSinceContact()),
        String.valueOf(e.lastDay()));
  }
}

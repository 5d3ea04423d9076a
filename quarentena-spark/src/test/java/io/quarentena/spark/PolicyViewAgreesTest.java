package io.quarentena.spark;

import static io.quarentena.testing.Trials.renamed;
import static io.quarentena.testing.Trials.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.PolicySql;
import io.quarentena.Quarantine;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.SuppressionDecision;
import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fourth engine agrees: the view {@link PolicySql} generates, created by {@link PolicyView} in
 * Spark SQL over a table the pipeline wrote, answers "may I contact customer X on channel C on day
 * d with category k?" as {@link Quarantine#check} over a snapshot of the same table, for every
 * point of a grid: the same yes or no (with the documented {@code NOT EXISTS}), the same blocking
 * channels and the same {@code contactableFrom}.
 *
 * <p>Seeded random policies (fixed periods, frequency caps, open-ended rules with revocations,
 * scopes, exempt categories, a channel of one's own) and contacts; some trials also hold entries of
 * a channel the view's policy has no rule for (they block every channel: fail closed). As in {@code
 * EnginesAgreeTest}, trials share a computation: trial t's channels are {@code <id>-t<t>} and its
 * customers {@code t<t>:<id>}, so one merged policy and one table hold six trials (a snapshot holds
 * at most 64 channels).
 */
class PolicyViewAgreesTest {

  private static final int TRIALS = 12;

  /** Trials per table: a snapshot holds at most 64 channels, a trial up to 8. */
  private static final int TRIALS_PER_TABLE = 6;

  private static final int EVENTS = 80;
  private static final LocalDate LOAD_DATE = LocalDate.parse("2024-05-28");

  /** One point of the grid: the question asked of both engines. */
  private record Point(
      int id,
      int trial,
      String customer,
      Channel channel,
      LocalDate day,
      @Nullable String category) {}

  /** An answer: blocked or not, by which entry channels, contactable from when. */
  private record Answer(boolean blocked, String blockers, @Nullable LocalDate contactableFrom) {}

  /** One table of several trials: the policy it was written with, its view and its snapshot. */
  private record Group(
      String table, String view, QuarantinePolicy viewPolicy, Quarantine snapshot) {}

  private static final List<List<Point>> GRIDS = new ArrayList<>();
  private static final List<Group> GROUPS = new ArrayList<>();
  private static final Map<Integer, Answer> VIEW_ANSWERS = new HashMap<>();
  private static final Set<Integer> VIEW_ALLOWED = new TreeSet<>();

  @BeforeAll
  static void buildTheTablesAndAskTheirViews() {
    List<QuarantinePolicy.Builder> written = new ArrayList<>();
    List<QuarantinePolicy.Builder> viewed = new ArrayList<>();
    List<List<Row>> rows = new ArrayList<>();
    int[] trial = {0};
    Seeds.forEach(
        TRIALS,
        random -> {
          int t = trial[0]++;
          int g = t / TRIALS_PER_TABLE;
          if (g == rows.size()) {
            written.add(QuarantinePolicy.builder("written-" + g));
            viewed.add(QuarantinePolicy.builder("generated-" + g));
            rows.add(new ArrayList<>());
          }
          ContactGenerator generator = new ContactGenerator(random);
          QuarantinePolicy policy = generator.policy();
          List<ContactEvent> events = new ArrayList<>(generator.events(policy, LOAD_DATE, EVENTS));
          for (QuarantineRule r : policy.rules()) {
            QuarantineRule rule = renamed(r, t);
            written.get(g).rule(rule);
            viewed.get(g).rule(rule);
          }
          if (random.nextInt(3) == 0) {
            // Entries of a channel the view's policy does not know: the job ran with an older one.
            Channel legacy = Channel.of("Legado");
            written.get(g).rule(renamed(QuarantineRule.fixedPeriod(legacy, random.nextInt(20)), t));
            for (int i = 0; i < 6; i++) {
              events.add(generator.event(legacy, LOAD_DATE));
            }
          }
          for (ContactEvent e : events) {
            rows.get(g)
                .add(
                    RowFactory.create(
                        tagged(e.customerId(), t),
                        tagged(e.channel(), t).id(),
                        e.email(),
                        e.phone(),
                        e.subject(),
                        e.category(),
                        e.contactDate(),
                        e.revokedOn(),
                        e.sendId()));
          }
          GRIDS.add(grid(t, policy, events, generator, random));
        });
    for (int g = 0; g < rows.size(); g++) {
      GROUPS.add(writeAndAsk(g, written.get(g).build(), viewed.get(g).build(), rows.get(g)));
    }
  }

  /** Writes one table with the pipeline, publishes its view, and asks it every point. */
  private static Group writeAndAsk(
      int g, QuarantinePolicy written, QuarantinePolicy viewPolicy, List<Row> rows) {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> events =
        spark.createDataFrame(
            rows,
            StructType.fromDDL(
                "id_cliente STRING, canal STRING, email STRING, telefone STRING, assunto STRING,"
                    + " categoria STRING, data_envio DATE, data_exclus DATE, id_envio STRING"));
    SourceSpec spec = SourceSpec.forChannelColumn("generated", "canal").build();
    String schema = "spark_catalog.view_agrees_" + g;
    String table = schema + ".quarentena_global";
    spark.sql("CREATE DATABASE IF NOT EXISTS " + schema);
    spark.sql("DROP TABLE IF EXISTS " + table);
    try (QuarantineRun run =
        QuarantinePipeline.builder(written).build().run(LOAD_DATE, SourceInput.of(spec, events))) {
      QuarantineTable.of(spark, table).write(run.entries(), LOAD_DATE);
    }
    String view = PolicyView.of(viewPolicy).publish(spark, table);
    assertThat(view).isEqualTo(schema + ".quarentena_bloqueios");
    Quarantine snapshot = Quarantine.of(QuarantineSnapshots.from(spark, table).load(viewPolicy));

    List<Row> points = new ArrayList<>();
    for (List<Point> grid : GRIDS) {
      for (Point p : grid) {
        if (p.trial() / TRIALS_PER_TABLE == g) {
          points.add(
              RowFactory.create(
                  p.id(),
                  tagged(p.customer(), p.trial()),
                  p.channel().id(),
                  p.day(),
                  p.category()));
        }
      }
    }
    spark
        .createDataFrame(
            points,
            StructType.fromDDL(
                "ponto INT, id_cliente STRING, canal STRING, dia DATE, categoria STRING"))
        .createOrReplaceTempView("grade_view_agrees");

    String blocks =
        "b.id_cliente = g.id_cliente AND b.canal = g.canal"
            + " AND (b.bloqueado_ate IS NULL OR b.bloqueado_ate >= g.dia)"
            + " AND NOT array_contains(b.categorias_isentas, "
            + PolicySql.category("g.categoria")
            + ")";
    // "May I contact?" as docs/sql.md writes it: one NOT EXISTS.
    for (Row r :
        spark
            .sql(
                "SELECT g.ponto FROM grade_view_agrees g WHERE NOT EXISTS (SELECT 1 FROM "
                    + view
                    + " b WHERE "
                    + blocks
                    + ")")
            .collectAsList()) {
      VIEW_ALLOWED.add(r.getInt(0));
    }
    // Why not, and until when: the blocking rows of each point.
    for (Row r :
        spark
            .sql(
                "SELECT g.ponto,"
                    + " array_join(array_sort(collect_list(b.canal_origem)), ',') AS origens,"
                    + " CASE WHEN count_if(b.bloqueado_ate IS NULL) > 0 THEN NULL"
                    + " ELSE CAST(date_add(max(b.bloqueado_ate), 1) AS STRING) END AS contatavel"
                    + " FROM grade_view_agrees g JOIN "
                    + view
                    + " b ON "
                    + blocks
                    + " GROUP BY g.ponto")
            .collectAsList()) {
      VIEW_ANSWERS.put(
          r.getInt(0),
          new Answer(true, r.getString(1), r.isNullAt(2) ? null : LocalDate.parse(r.getString(2))));
    }
    return new Group(table, view, viewPolicy, snapshot);
  }

  @Test
  void theViewAnswersAsQuarantineCheckAtEveryPointOfTheGrid() {
    int[] trial = {0};
    long[] blocked = {0};
    long[] exempted = {0};
    Seeds.forEach(
        TRIALS,
        random -> {
          for (Point p : GRIDS.get(trial[0]++)) {
            Quarantine snapshot = GROUPS.get(p.trial() / TRIALS_PER_TABLE).snapshot();
            String customer = tagged(p.customer(), p.trial());
            SuppressionDecision d = snapshot.check(customer, p.channel(), p.day(), p.category());
            Answer expected = answer(d);
            Answer actual = VIEW_ANSWERS.getOrDefault(p.id(), new Answer(false, "", p.day()));
            boolean allowed = VIEW_ALLOWED.contains(p.id());
            if (!actual.equals(expected) || allowed == d.suppressed()) {
              throw new AssertionError(
                  "trial "
                      + p.trial()
                      + ": customer "
                      + p.customer()
                      + " on "
                      + p.channel()
                      + " on "
                      + p.day()
                      + " with category '"
                      + p.category()
                      + "': the view answers "
                      + actual
                      + (allowed ? " (NOT EXISTS: allowed)" : " (NOT EXISTS: blocked)")
                      + ", Quarantine.check "
                      + expected
                      + ": "
                      + d.explain()
                      + "; policy "
                      + GROUPS.get(p.trial() / TRIALS_PER_TABLE).viewPolicy());
            }
            if (d.suppressed()) {
              blocked[0]++;
            } else if (snapshot.isSuppressed(customer, p.channel(), p.day(), null)) {
              exempted[0]++; // the category lifted the quarantine
            }
          }
        });
    long points = GRIDS.stream().mapToLong(List::size).sum();
    assertThat(blocked[0]).as("blocked points of %d", points).isGreaterThan(points / 10);
    assertThat(points - blocked[0]).as("allowed points of %d", points).isGreaterThan(points / 10);
    assertThat(exempted[0]).as("points an exempt category lets through").isGreaterThan(100);
  }

  @Test
  void aPathTableGetsTheStatementBesideItAndItMakesTheSameView() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Group group = GROUPS.get(0);
    Path dir = SparkTestSession.newDir("policy-view-path");
    QuarantineTable copy = QuarantineTable.of(spark, dir.toString());
    copy.write(QuarantineTable.of(spark, group.table()).entries(LOAD_DATE), LOAD_DATE);

    String written =
        PolicyView.of(group.viewPolicy())
            .named("bloqueios_por_caminho")
            .publish(spark, dir.toString());
    Path file = dir.resolve("_quarentena").resolve("bloqueios.sql");
    assertThat(written).endsWith("_quarentena/bloqueios.sql");
    String statement = Files.readString(file);
    assertThat(statement)
        .startsWith("-- Quarentena: policy 'generated-0'")
        .contains("CREATE OR REPLACE TEMPORARY VIEW bloqueios_por_caminho AS\n")
        .contains("FROM delta.`" + dir + "`");

    spark.sql(statement);
    List<String> named = Frames.lines(spark.table(group.view()));
    assertThat(named).isNotEmpty();
    assertThat(Frames.lines(spark.table("bloqueios_por_caminho"))).isEqualTo(named);
    // Delta ignores the directory: the table reads as before (and VACUUM skips directories whose
    // name starts with '_', as it skips _delta_log).
    assertThat(copy.entries(LOAD_DATE).count())
        .isEqualTo(named.isEmpty() ? 0 : copy.read().count());
  }

  @Test
  void theQueriesOfTheDocsAnswerAsTheCheck() {
    SparkSession spark = SparkTestSession.get();
    Group group = GROUPS.get(0);
    int asked = 0;
    for (Point p : GRIDS.get(0)) {
      if (p.id() % 3001 != 0) {
        continue;
      }
      asked++;
      String customer = tagged(p.customer(), p.trial());
      String category = p.category() == null ? "NULL" : "'" + p.category().replace("'", "") + "'";
      String conditions =
          " AND b.canal = '"
              + p.channel().id()
              + "' AND (b.bloqueado_ate IS NULL OR b.bloqueado_ate >= DATE '"
              + p.day()
              + "') AND NOT array_contains(b.categorias_isentas, coalesce(lower(trim(";
      boolean expected =
          !group.snapshot().isSuppressed(customer, p.channel(), p.day(), p.category());
      // Only categories SQL's trim can normalize: spaces around, any case.
      if (p.category() != null && !p.category().strip().equals(p.category().trim())) {
        continue;
      }
      Row scalar =
          spark
              .sql(
                  "SELECT NOT EXISTS (SELECT 1 FROM "
                      + group.view()
                      + " b WHERE b.id_cliente = '"
                      + customer
                      + "'"
                      + conditions
                      + category
                      + ")), ''))) AS pode_contatar")
              .first();
      assertThat(scalar.getBoolean(0)).as("NOT EXISTS for %s", p).isEqualTo(expected);
      long kept =
          spark
              .sql(
                  "SELECT a.* FROM (SELECT '"
                      + customer
                      + "' AS id_cliente, "
                      + category
                      + " AS categoria) a LEFT ANTI JOIN "
                      + group.view()
                      + " b ON b.id_cliente = a.id_cliente"
                      + conditions
                      + "a.categoria)), ''))")
              .count();
      assertThat(kept).as("LEFT ANTI JOIN for %s", p).isEqualTo(expected ? 1 : 0);
    }
    assertThat(asked).isGreaterThan(2);
  }

  private static Answer answer(SuppressionDecision d) {
    if (!d.suppressed()) {
      return new Answer(false, "", d.date());
    }
    List<String> channels = new ArrayList<>();
    for (SuppressionDecision.Block b : d.blockedBy()) {
      channels.add(b.entry().channel().id());
    }
    channels.sort(null);
    return new Answer(true, String.join(",", channels), d.contactableFrom());
  }

  /**
   * The grid of one trial: its customers and one never contacted; its policy's channels; days
   * before, on and after the load date, and around the last days its contacts can make; every
   * category a send can carry.
   */
  private static List<Point> grid(
      int trial,
      QuarantinePolicy policy,
      List<ContactEvent> events,
      ContactGenerator generator,
      Random random) {
    Set<String> customers = new TreeSet<>();
    for (ContactEvent e : events) {
      customers.add(e.customerId());
    }
    customers.add("never-contacted");
    Set<LocalDate> days = new TreeSet<>();
    days.add(LOAD_DATE.minusDays(1));
    days.add(LOAD_DATE);
    days.add(LOAD_DATE.plusDays(1));
    for (int i = 0; i < 3; i++) {
      days.add(LOAD_DATE.plusDays(random.nextInt(60)));
    }
    for (int i = 0; i < 3; i++) { // a last day a contact can make, and the day after
      ContactEvent e = events.get(random.nextInt(events.size()));
      var offset = policy.findRule(e.channel()).map(QuarantineRule::lastDayOffset);
      if (offset.isPresent() && offset.get().isPresent()) {
        LocalDate last = e.contactDate().plusDays(offset.get().getAsInt());
        days.add(last);
        days.add(last.plusDays(1));
      }
    }
    Set<String> categories = new LinkedHashSet<>();
    for (int i = 0; i < 40; i++) {
      categories.add(Objects.toString(generator.sendCategory(), "\0none"));
    }
    int base = GRIDS.stream().mapToInt(List::size).sum();
    List<Point> out = new ArrayList<>();
    for (String customer : customers) {
      for (Channel channel : policy.channels()) {
        for (LocalDate day : days) {
          for (String category : categories) {
            out.add(
                new Point(
                    base + out.size(),
                    trial,
                    customer,
                    tagged(channel, trial),
                    day,
                    category.equals("\0none") ? null : category));
          }
        }
      }
    }
    return out;
  }
}

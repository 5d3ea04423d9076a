package io.quarentena.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.simulation.ChannelSummary;
import io.quarentena.simulation.CustomerChange.Change;
import io.quarentena.simulation.SimulationResult;
import io.quarentena.spark.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job's simulation mode on real files: Marketing 7 → 5 releases exactly the customers last
 * contacted 6 or 7 days before the load date; the cap of docs/simulation.md's worked example; the
 * candidate's entries are those of a real run of the job with that policy; each source is scanned
 * once in the executed plans; a candidate equal to the current policy changes nothing; and no job
 * table is written.
 */
class JobSimulationTest {

  static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");
  static SparkSession spark;
  static Path dir;

  static final String SOURCES =
      """
      sources {
        marketing {
          channel = Marketing
          format = csv
          location = ${base}"/in/marketing.csv"
          options { sep = ";" }
        }
        ofertas {
          channel = Ofertas
          format = csv
          location = ${base}"/in/ofertas.csv"
          options { sep = ";" }
        }
      }
      """;

  static final String MARKETING_5 =
      "quarentena { policy { name = marketing-5, base = defaults,"
          + " rule.Marketing.kind = fixed-period, rule.Marketing.days = 5 } }";

  static final String OFERTAS_CAP =
      "quarentena { policy { name = ofertas-cap, base = defaults, rule.Ofertas.kind ="
          + " frequency-cap, rule.Ofertas.max-contacts = 2, rule.Ofertas.window-days = 10 } }";

  @BeforeAll
  static void files() throws IOException {
    spark = SparkTestSession.get();
    dir = SparkTestSession.newDir("simulation");
    Files.createDirectories(dir.resolve("in"));
    List<String> marketing = new ArrayList<>(List.of("id_cliente;assunto;data_envio"));
    for (int d = 1; d <= 10; d++) { // customer 100000000d last contacted d days before 05-28
      marketing.add((1000000000L + d) + ";Newsletter;" + MAY_28.minusDays(d));
      marketing.add((1000000000L + d) + ";Newsletter;" + MAY_28.minusDays(d + 20));
    }
    Files.write(dir.resolve("in/marketing.csv"), marketing, StandardCharsets.UTF_8);
    Files.write( // docs/simulation.md's worked example: A, B, C, D
        dir.resolve("in/ofertas.csv"),
        List.of(
            "id_cliente;assunto;data_envio",
            "2000000001;Oferta;2024-05-26",
            "2000000002;Oferta;2024-05-20",
            "2000000002;Oferta;2024-05-25",
            "2000000003;Oferta;2024-05-19",
            "2000000003;Oferta;2024-05-21",
            "2000000004;Oferta;2024-05-10",
            "2000000004;Oferta;2024-05-26",
            "2000000004;Oferta;2024-05-27"),
        StandardCharsets.UTF_8);
  }

  /** A job file over the two sources, its tables under the test's directory. */
  static Path config(String name, String policy) throws IOException {
    Path file = dir.resolve(name + ".conf");
    Files.writeString(
        file,
        "base = \""
            + dir
            + "\"\nquarentena {\n  output.table = ${base}\"/"
            + name
            + "-global\"\n  rejects.table = ${base}\"/"
            + name
            + "-rejects\"\n"
            + SOURCES
            + policy
            + "\n}\n",
        StandardCharsets.UTF_8);
    return file;
  }

  static Path candidate(String name, String text) throws IOException {
    Path file = dir.resolve(name + "-candidate.conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  static SimulationResult simulate(String name, String candidateText) throws IOException {
    return JobSimulation.run(
        spark,
        "--config",
        config(name, "").toString(),
        "--as-of",
        MAY_28.toString(),
        "--simulate",
        candidate(name, candidateText).toString());
  }

  /** The per-customer rows written beside the output, as CSV: the output is a path here. */
  static Dataset<Row> customerRows(String name) {
    return spark
        .read()
        .option("header", "true")
        .option("inferSchema", "false")
        .csv(dir.resolve(name + "-global_simulacao").toString());
  }

  private static SimulationResult marketing5;

  /** Marketing 7 → 5, simulated once for the tests that read it. */
  static synchronized SimulationResult marketing5() throws IOException {
    if (marketing5 == null) {
      marketing5 = simulate("m5", MARKETING_5);
    }
    return marketing5;
  }

  @Test
  void marketing7To5ReleasesTheCustomersLastContacted6Or7DaysBefore() throws IOException {
    SimulationResult r = marketing5();
    assertThat(r.ruleDifferences()).containsExactly("Marketing: 7 days → 5 days");
    ChannelSummary m = r.channel(Channel.MARKETING);
    assertThat(m.currentEntries()).isEqualTo(7); // 1..7 days ago
    assertThat(m.candidateEntries()).isEqualTo(5);
    assertThat(m.released()).isEqualTo(2);
    assertThat(m.lastDayEarlier()).isEqualTo(5);
    assertThat(m.newlyHeld()).isZero();
    List<String> released =
        customerRows("m5")
            .where("mudanca = 'RELEASED'")
            .select("id_cliente")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(released).containsExactlyInAnyOrder("1000000006", "1000000007");
    assertThat(r.channel(Channel.OFERTAS).unchanged()).isTrue();
    assertThat(r.noChange()).isFalse();
    // Forecast: day 0 holds 7 then 5; on day 3 (05-31) the entries of 4..7 days ago remain
    // under 7 days (last days 05-31..06-03 hold 1..4 days ago: 4), under 5 days 1..2 days ago.
    var day3 =
        r.forecast().stream()
            .filter(f -> f.channel().equals(Channel.MARKETING) && f.day() == 3)
            .findFirst()
            .orElseThrow();
    assertThat(day3.current()).isEqualTo(4);
    assertThat(day3.candidate()).isEqualTo(2);
  }

  @Test
  void theCapOfTheWorkedExample() throws IOException {
    SimulationResult r = simulate("cap", OFERTAS_CAP);
    assertThat(r.ruleDifferences()).containsExactly("Ofertas: 5 days → at most 2 in 10 days");
    Map<String, String> changes = new TreeMap<>();
    for (Row row :
        customerRows("cap")
            .where("canal = 'Ofertas'")
            .select("id_cliente", "mudanca")
            .collectAsList()) {
      changes.put(row.getString(0), row.getString(1));
    }
    assertThat(changes)
        .containsEntry("2000000001", Change.RELEASED.name())
        .containsEntry("2000000002", Change.LAST_DAY_EARLIER.name())
        .containsEntry("2000000003", Change.NEWLY_HELD.name())
        .containsEntry("2000000004", Change.LAST_DAY_LATER.name());
    List<Long> current = new ArrayList<>();
    List<Long> candidate = new ArrayList<>();
    r.forecast().stream()
        .filter(f -> f.channel().equals(Channel.OFERTAS) && f.day() <= 8)
        .forEach(
            f -> {
              current.add(f.current());
              candidate.add(f.candidate());
            });
    assertThat(current).containsExactly(3L, 3L, 3L, 2L, 1L, 0L, 0L, 0L, 0L);
    assertThat(candidate).containsExactly(3L, 2L, 1L, 1L, 1L, 1L, 1L, 1L, 0L);
    // The reason names both rules and both decisions.
    String reason =
        customerRows("cap")
            .where("id_cliente = '2000000003'")
            .select("motivo")
            .first()
            .getString(0);
    assertThat(reason)
        .isEqualTo(
            "newly held: current policy 'default' (Ofertas: 5 days after the last contact) not"
                + " blocked; candidate policy 'ofertas-cap' (Ofertas: at most 2 contacts in 10"
                + " days) blocked until 2024-05-28");
  }

  @Test
  void theCandidatesEntriesAreThoseOfARealRunWithIt() throws IOException {
    simulate("real", OFERTAS_CAP + "\n");
    Path withCandidate =
        config(
            "real-candidate-run",
            "policy { name = ofertas-cap, base = defaults, rule.Ofertas.kind = frequency-cap,"
                + " rule.Ofertas.max-contacts = 2, rule.Ofertas.window-days = 10 }");
    QuarantineJob.run(spark, "--config", withCandidate.toString(), "--as-of", MAY_28.toString());

    assertThat(simulated("real", "candidata")).isNotEmpty().isEqualTo(table("real-candidate-run"));
  }

  /** Customer, channel and last day of the entries of one policy in the per-customer rows. */
  static List<String> simulated(String name, String policy) {
    List<String> out = new ArrayList<>();
    for (Row r :
        customerRows(name)
            .where("bloqueado_" + policy + " = 'true'")
            .select("id_cliente", "canal", "saida_prevista_" + policy)
            .collectAsList()) {
      out.add(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2));
    }
    out.sort(null);
    return out;
  }

  static List<String> table(String name) {
    List<String> out = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(dir.resolve(name + "-global").toString())
            .where("data_carga = DATE'2024-05-28'")
            .selectExpr("id_cliente", "canal", "CAST(saida_prevista AS STRING)")
            .collectAsList()) {
      out.add(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2));
    }
    out.sort(null);
    return out;
  }

  @Test
  void eachSourceIsScannedOnceInTheExecutedPlans() throws Exception {
    List<QueryExecution> executed = new CopyOnWriteArrayList<>();
    QueryExecutionListener listener =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
            executed.add(qe);
          }

          @Override
          public void onFailure(String funcName, QueryExecution qe, Exception exception) {
            executed.add(qe);
          }
        };
    drain();
    spark.listenerManager().register(listener);
    try {
      simulate("scans", OFERTAS_CAP);
      drain();
    } finally {
      spark.listenerManager().unregister(listener);
    }
    // Every query the simulation ran, its cached relations walked once each: the data scans
    // (FileScan csv) of each source, once in all.
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    List<String> scans = new ArrayList<>();
    for (QueryExecution qe : executed) {
      walk(qe.executedPlan(), scans, seen);
    }
    List<String> csvScans = scans.stream().filter(s -> s.contains("/in/")).toList();
    assertThat(csvScans)
        .as("%s", scans)
        .hasSize(2)
        .anyMatch(s -> s.contains("marketing.csv"))
        .anyMatch(s -> s.contains("ofertas.csv"));
  }

  @Test
  void aCandidateEqualToTheCurrentPolicyChangesNothing() throws IOException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    SimulationResult r;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      r = simulate("same", "quarentena { policy { name = the-same, base = defaults } }");
    } finally {
      System.setOut(out);
    }
    assertThat(r.noChange()).isTrue();
    assertThat(r.ruleDifferences()).isEmpty();
    assertThat(r.customers()).isEmpty();
    assertThat(customerRows("same").where("mudanca <> 'UNCHANGED'").count()).isZero();
    assertThat(customerRows("same").count()).isEqualTo(7 + 3);
    String console = printed.toString(StandardCharsets.UTF_8);
    assertThat(console)
        .contains("rules: no difference")
        .contains("Marketing: 7 → 7 entries; released 0, newly held 0")
        .contains("report: ");
  }

  @Test
  void writesNoJobTableAndAReportBesideTheOutput() throws IOException {
    marketing5();
    Path base = dir;
    assertThat(base.resolve("m5-global")).doesNotExist();
    assertThat(base.resolve("m5-rejects")).doesNotExist();
    assertThat(base.resolve("m5-global_runs")).doesNotExist();
    assertThat(base.resolve("m5-global_contatos")).doesNotExist();
    assertThat(base.resolve("m5-global_simulacao")).isDirectory();
    assertThat(base.resolve("m5-global_previsao")).isDirectory();
    Path report = base.resolve("m5-global_simulacao.html");
    assertThat(Files.readString(report)).contains("<svg").contains("Marketing: 7 days → 5 days");
    List<Row> forecast =
        spark
            .read()
            .option("header", "true")
            .csv(base.resolve("m5-global_previsao").toString())
            .where("canal = 'Marketing' AND dia = '0'")
            .collectAsList();
    assertThat(forecast).hasSize(1);
    assertThat(forecast.get(0).<String>getAs("bloqueados_atual")).isEqualTo("7");
    assertThat(forecast.get(0).<String>getAs("bloqueados_candidata")).isEqualTo("5");
  }

  @Test
  void theCandidateFileHoldsThePolicyOnly() throws IOException {
    assertThatThrownBy(() -> simulate("bad", "quarentena { policy { }, output.table = x }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'quarentena.output'");
    assertThatThrownBy(() -> simulate("bad2", "policy { rule.Marketing.days = 5 }"))
        .hasMessageContaining("no 'quarentena.policy { ... }'");
    assertThatThrownBy(
            () ->
                QuarantineJob.run(
                    spark, "--config", config("bad3", "").toString(), "--simulate", "x.conf"))
        .hasMessageContaining("--simulate is a mode of its own");
  }

  private static void drain() throws TimeoutException {
    spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
  }

  /**
   * The leaf file scans of a physical plan, through adaptive plans, query stages and cached
   * relations (each once, across every plan given the same {@code seen}), as the benchmarks' {@code
   * ScanCounter.scans} walks one plan.
   */
  private static void walk(SparkPlan plan, List<String> out, Map<Object, Boolean> seen) {
    if (plan instanceof AdaptiveSparkPlanExec a) {
      walk(a.executedPlan(), out, seen);
      return;
    }
    if (plan instanceof QueryStageExec q) {
      walk(q.plan(), out, seen);
      return;
    }
    if (plan instanceof InMemoryTableScanExec m) {
      if (seen.put(m.relation().cacheBuilder(), Boolean.TRUE) == null) {
        walk(m.relation().cachedPlan(), out, seen);
      }
      return;
    }
    if (plan instanceof FileSourceScanExec f) {
      out.add(
          "FileScan "
              + f.relation().fileFormat()
              + " "
              + f.relation().location().rootPaths().mkString("[", ", ", "]"));
      return;
    }
    scala.collection.Iterator<SparkPlan> children = plan.children().iterator();
    while (children.hasNext()) {
      walk(children.next(), out, seen);
    }
  }
}

package io.quarentena.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.simulation.ChannelSummary;
import io.quarentena.simulation.SimulationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulation example on the bundled sample: Marketing 7 → 5 days, the summary printed, the
 * report and the per-customer rows written, the quarantine table not.
 */
class LocalSimulationTest {

  static final Path HOME = ExamplesSpark.HOME.resolve("local-simulation");
  static SimulationResult result;
  static String printed;

  @BeforeAll
  static void simulate() throws Exception {
    printed =
        Console.capture(
            () -> result = LocalSimulation.run(ExamplesSpark.get(), HOME, SampleSources.AS_OF));
  }

  @Test
  void printsTheRuleChangeAndWhatItDoesToMarketing() {
    ChannelSummary m = result.channel(Channel.MARKETING);
    assertThat(printed)
        .contains("Simulation of 'marketing-5-dias' against 'default' on 2024-05-28")
        .contains("rule Marketing: 7 days → 5 days")
        .contains(
            String.format(
                "Marketing: %d → %d entries; released %d",
                m.currentEntries(), m.candidateEntries(), m.released()))
        .contains("report: " + LocalSimulation.reportFile(HOME));
    assertThat(m.currentEntries()).isPositive();
    assertThat(result.channels().stream().filter(c -> !c.channel().equals(Channel.MARKETING)))
        .allMatch(ChannelSummary::unchanged);
  }

  @Test
  void releasesExactlyTheMarketingCustomersLastContacted6Or7DaysBefore() {
    // On the sample nobody's last Marketing contact is 6 or 7 days before 05-28 (05-24, 05-25,
    // and 05-20, which has passed under both): the change moves the two entries two days earlier
    // and releases nobody. The rule, not the number, is what this checks.
    var spark = ExamplesSpark.get();
    List<String> sixOrSeven =
        spark
            .read()
            .option("header", "true")
            .option("sep", ";")
            .csv(HOME.resolve("sources/marketing").toString())
            // try_to_timestamp: a malformed date is null on every Spark line (to_date raises under
            // the ANSI mode that Spark 4 turns on by default; 3.5 has no try_to_date).
            .withColumn("sent", functions.expr("to_date(try_to_timestamp(data_envio))"))
            .where("sent IS NOT NULL")
            .groupBy("id_cliente")
            .agg(functions.max(functions.col("sent")).as("last"))
            .where("datediff(DATE'2024-05-28', last) IN (6, 7)")
            .select("id_cliente")
            .as(Encoders.STRING())
            .collectAsList();
    List<String> released =
        spark
            .read()
            .option("header", "true")
            .csv(HOME.resolve("tables/quarentena_global_simulacao").toString())
            .where("canal = 'Marketing' AND mudanca = 'RELEASED'")
            .select("id_cliente")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(released).containsExactlyInAnyOrderElementsOf(sixOrSeven);
    assertThat(result.channel(Channel.MARKETING).lastDayEarlier()).isEqualTo(2);
  }

  @Test
  void writesTheReportAndTheRowsButNoQuarantineTable() throws Exception {
    assertThat(Files.readString(LocalSimulation.reportFile(HOME)))
        .contains("<svg")
        .contains("Marketing: 7 days → 5 days");
    assertThat(HOME.resolve("tables/quarentena_global_simulacao")).isDirectory();
    assertThat(HOME.resolve("tables/quarentena_global_previsao")).isDirectory();
    assertThat(HOME.resolve("tables/quarentena_global")).doesNotExist();
  }
}

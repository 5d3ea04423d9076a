package io.quarentena.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a test: the local job on the bundled sample prints the six rows of
 * docs/rules.md, the summary, and where the rejects are; the campaign engine then answers from the
 * table itself, read with Delta Kernel.
 */
class LocalJobTest {

  static final Path HOME = ExamplesSpark.HOME.resolve("local-job");
  static String report;
  static String printed;

  @BeforeAll
  static void runTheLocalJob() throws Exception {
    printed =
        Console.capture(
            () -> report = LocalJob.run(ExamplesSpark.get(), HOME, SampleSources.AS_OF));
  }

  @Test
  void printsTheSixRowsOfTheSpec() {
    assertThat(report)
        .containsPattern("1234567890 +\\| CRM +\\|.*2024-05-08 +\\| 20 +\\| 2024-06-07")
        .containsPattern("2345678901 +\\| Marketing +\\|.*2024-05-24 +\\| 4 +\\| 2024-05-31")
        .containsPattern("3456789012 +\\| Recomendacao +\\|.*2024-05-18 +\\| 10 +\\| 2024-06-02")
        .containsPattern("1001001001 +\\| Ofertas +\\|.*2024-05-26 +\\| 2 +\\| 2024-05-31")
        .containsPattern("4567890123 +\\| Fraude +\\|.*2024-04-01 +\\| 57 +\\| NULL")
        .containsPattern("4888888800 +\\| Restritos +\\|.*2024-03-01 +\\| 88 +\\| 2024-05-30");
  }

  @Test
  void printsTheSummaryAndWhereTheRejectsAre() {
    assertThat(report)
        .contains("26 rows read, 20 accepted, 6 rejected; 11 customer-channel entries")
        .contains("rejected rows")
        .contains(HOME.resolve("tables/quarentena_rejeitados").toString());
  }

  @Test
  void theSummaryIsPrintedOnce() {
    // The job prints it; the example's report refers to it instead of printing it again.
    assertThat((printed + report).split("Quarantine run for 2024-05-28", -1)).hasSize(2);
    assertThat(printed).containsPattern("\ntotal +26 +20 +6 +11\n");
  }

  @Test
  void rerunningTheSameDayGivesTheSameTable() {
    String again = LocalJob.run(ExamplesSpark.get(), HOME, SampleSources.AS_OF);
    assertThat(again).isEqualTo(report);
  }

  @Test
  void campaignEngineHoldsBackFromTheTable() {
    String out =
        CampaignEngine.report(
            LocalJob.tableDir(HOME), Channel.MARKETING, LocalDate.parse("2024-05-29"));
    assertThat(out)
        .containsPattern("1234567890 +HOLD +2024-06-08")
        .containsPattern("4567890123 +HOLD +until revoked")
        .containsPattern("1001001003 +send")
        .containsPattern("9000000001 +send")
        .contains("held back")
        .containsPattern("Snapshot of 2024-05-28: 11 entries, table version \\d+");
  }
}

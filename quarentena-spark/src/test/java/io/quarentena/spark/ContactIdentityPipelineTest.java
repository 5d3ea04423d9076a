package io.quarentena.spark;

import static io.quarentena.spark.Frames.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A contact is one send, through the pipeline from real files: a Marketing export (CSV, {@code ;})
 * that repeats lines and a live-send log (parquet) that reports one of its sends again with the
 * send id, under a cap of 3 contacts per 14 days, loaded on 2024-06-08.
 */
class ContactIdentityPipelineTest {

  private static final LocalDate JUNE_8 = LocalDate.parse("2024-06-08");
  private static final QuarantinePolicy CAP =
      QuarantinePolicy.builder("cap")
          .rule(QuarantineRule.frequencyCap(Channel.MARKETING, 3, 14))
          .build();

  private static final Frames.ScanProbe PROBE = new Frames.ScanProbe();
  private static SourceInput export;
  private static SourceInput log;
  private static long exportRows;
  private static long logRows;
  private static QuarantineRun run;

  @BeforeAll
  static void writeTheFilesAndRun() throws IOException {
    Path dir = SparkTestSession.newDir("identity");
    Files.createDirectories(dir);
    Path csv = dir.resolve("marketing.csv");
    Files.writeString(
        csv,
        String.join(
                "\n",
                "id_cliente;email;telefone;subject;data_envio;id_envio",
                // two sends, the second line repeated: two contacts, not held
                "0000000001;a@x.com;0119;Promo A;30/05/2024;",
                "0000000001;a@x.com;0119;Promo B;03/06/2024;",
                "0000000001;a@x.com;0119;Promo B;03/06/2024;",
                // two sends on one day that differ in their subject: three contacts, held
                "0000000002;b@x.com;;Promo A;30/05/2024;",
                "0000000002;b@x.com;;Promo C;03/06/2024;",
                "0000000002;b@x.com;;Promo B;03/06/2024;",
                // the latest line repeated: the last day stays 05-30 + 13
                "0000000003;;;Promo A;30/05/2024;",
                "0000000003;;;Promo B;03/06/2024;",
                "0000000003;;;Promo C;08/06/2024;",
                "0000000003;;;Promo C;08/06/2024;",
                // m-42 is also in the log: two contacts, not held
                "0000000004;;;Promo A;30/05/2024; m-41 ",
                "0000000004;;;Promo B;03/06/2024;m-42",
                // three send ids, two of them on rows with the same values: three contacts, held
                "0000000005;;;Promo A;30/05/2024;m-51",
                "0000000005;;;Promo B;03/06/2024;m-52",
                "0000000005;;;Promo B;03/06/2024;m-53")
            + "\n",
        StandardCharsets.UTF_8);
    Path parquet = dir.resolve("envios.parquet");
    Frames.frame(
            "cliente STRING, envio STRING, enviado_em TIMESTAMP, titulo STRING",
            // 01:30 UTC on 06-03 is 22:30 on 06-02 in Sao Paulo: the log sees m-42 a day earlier
            Frames.row("0000000004", "m-42", Instant.parse("2024-06-03T01:30:00Z"), "Campanha B"),
            Frames.row("0000000004", "m-42", Instant.parse("2024-06-03T01:30:00Z"), "Campanha B"))
        .write()
        .parquet(parquet.toString());

    export =
        SourceInput.of(
            SourceSpec.forChannel("marketing", Channel.MARKETING)
                .map("assunto", "subject")
                .dateFormats("dd/MM/yyyy")
                .build(),
            SourceReaders.read(
                SparkTestSession.get(), "marketing", "csv", csv.toString(), Map.of("sep", ";")));
    log =
        SourceInput.of(
            SourceSpec.forChannel("envios", Channel.MARKETING)
                .map("id_cliente", "cliente")
                .map("id_envio", "envio")
                .map("data_envio", "enviado_em")
                .map("assunto", "titulo")
                .build(),
            SourceReaders.read(
                SparkTestSession.get(), "crm", "parquet", parquet.toString(), Map.of()));
    exportRows = export.rows().count();
    logRows = log.rows().count();
    run =
        QuarantinePipeline.builder(CAP)
            .build()
            .run(JUNE_8, probed(export, "marketing"), probed(log, "envios"));
  }

  private static SourceInput probed(SourceInput input, String name) {
    return SourceInput.of(input.spec(), PROBE.wrap(name, input.rows()));
  }

  @AfterAll
  static void close() {
    run.close();
  }

  @Test
  void repeatedLinesAndOneSendFromTwoSourcesCountOnce() {
    assertThat(lines(run.entries()))
        .containsExactly(
            "0000000002|Marketing|b@x.com|null|Promo B|2024-06-03|5|2024-06-12|2024-06-08",
            "0000000003|Marketing|null|null|Promo C|2024-06-08|0|2024-06-12|2024-06-08",
            "0000000005|Marketing|null|null|Promo B|2024-06-03|5|2024-06-12|2024-06-08");
  }

  @Test
  void everyRowIsStillReadAndAccepted() {
    assertThat(exportRows).isEqualTo(15);
    assertThat(logRows).isEqualTo(2);
    RunSummary summary = run.summary();
    assertThat(summary.source("marketing").accepted()).isEqualTo(15);
    assertThat(summary.source("envios").accepted()).isEqualTo(2);
    assertThat(summary.rejected()).isZero();
  }

  @Test
  void theSendIdIsAStandardColumnTrimmedAndBlankIsNone() {
    Dataset<Row> standard = QuarantinePipeline.builder(CAP).build().standardize(JUNE_8, export);
    assertThat(lines(standard.where("id_cliente = '0000000004'").select("id_envio")))
        .containsExactly("m-41", "m-42");
    assertThat(standard.where("id_cliente = '0000000001' and id_envio is null").count())
        .isEqualTo(3);
  }

  @Test
  void aRunThatPersistsNothingCountsTheSame() {
    try (QuarantineRun unpersisted =
        QuarantinePipeline.builder(CAP)
            .storageLevel(StorageLevel.NONE())
            .build()
            .run(JUNE_8, export, log)) {
      assertThat(lines(unpersisted.entries())).isEqualTo(lines(run.entries()));
      assertThat(exchanges(unpersisted.entries())).isEqualTo(1);
    }
  }

  @Test
  void aCapMatchesRowsWithinTheOneShuffleAndScansEachSourceOnce() {
    lines(run.entries());
    run.rejects().count();
    assertThat(exchanges(run.entries())).isEqualTo(1);
    assertThat(PROBE.rowsRead("marketing")).isEqualTo(exportRows);
    assertThat(PROBE.rowsRead("envios")).isEqualTo(logRows);
  }

  @Test
  void aPolicyOfOneContactPerRuleStillTakesTheTopRowBeforeTheShuffle() {
    // Repeated rows never change the latest contact, so the plan of a K = 1 policy is unchanged:
    // no matching of rows, and a per-partition top-1 (WindowGroupLimit) below the one shuffle.
    try (QuarantineRun fixed =
        QuarantinePipeline.builder(QuarantinePolicy.defaults()).build().run(JUNE_8, export, log)) {
      String plan = fixed.entries().queryExecution().executedPlan().toString();
      assertThat(plan).as(plan).contains("WindowGroupLimit").doesNotContain("lag(");
      assertThat(exchanges(fixed.entries())).isEqualTo(1);
      assertThat(lines(fixed.entries())).hasSize(5);
    }
  }

  /** The shuffles in a Dataset's physical plan. */
  private static int exchanges(Dataset<Row> ds) {
    String plan = ds.queryExecution().executedPlan().toString();
    Matcher m = Pattern.compile("Exchange ").matcher(plan);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}

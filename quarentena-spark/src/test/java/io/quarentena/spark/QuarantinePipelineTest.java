package io.quarentena.spark;

import static io.quarentena.spark.Frames.frame;
import static io.quarentena.spark.Frames.lines;
import static io.quarentena.spark.Frames.row;
import static io.quarentena.spark.Frames.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.RejectReason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The article's six sources, in their shapes and types, through the pipeline for 2024-05-28: the
 * worked examples of docs/rules.md, ties, boundaries and a bad row in every source. One run,
 * written to Delta and summarized, with every source scanned exactly once.
 */
class QuarantinePipelineTest {

  private static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");

  private static final Frames.ScanProbe PROBE = new Frames.ScanProbe();
  private static final Map<String, Long> SOURCE_ROWS = new LinkedHashMap<>();
  private static final List<SourceInput> UNPROBED = new ArrayList<>();
  private static QuarantineRun run;
  private static List<String> entries;
  private static List<String> rejects;
  private static RunSummary summary;
  private static RunSummary summaryFromTheTable;

  @BeforeAll
  static void runTheSixSources() {
    Dataset<Row> crm =
        frame(
            "id_cliente DOUBLE, email STRING, telefone DOUBLE, assunto STRING, data_envio STRING,"
                + " data_base STRING",
            // a spreadsheet id read as a double; the latest of two contacts wins
            row(1.23456789E9, "c1@x.com", 11999990000.0, "Campanha", "2024-05-08", "2024-05-28"),
            row(1.23456789E9, "c1@x.com", 11999990000.0, "Antiga", "2024-04-01", "2024-05-28"),
            // boundary: a contact 30 days before is still held (qtd_dias = 30)
            row(1.1E9, null, null, "Limite", "2024-04-28", "2024-05-28"),
            // another day's sheet: filtered out, reported
            row(1.2E9, null, null, "Ontem", "2024-05-08", "2024-05-27"),
            row(null, null, null, "sem id", "2024-05-08", "2024-05-28"),
            row(12.5, null, null, "id quebrado", "2024-05-08", "2024-05-28"));
    Dataset<Row> marketing =
        frame(
            "id_cliente STRING, email STRING, telefone STRING, subject STRING, data_envio STRING",
            row("2345678901", "m@x.com", "0119", "Promo B", "24/05/2024"),
            row("2345678901", "m@x.com", "0119", "Promo A", "24/05/2024"), // tie: Promo A wins
            row("1.23456789E9", null, null, "notação", "24/05/2024"),
            row("2345678902", null, null, "data ruim", "31/02/2024"),
            row("2345678903", null, null, "sem data", " "),
            row("2345678904", null, null, "futuro", "29/05/2024"),
            row("2345678905", null, null, "vencido", "20/05/2024")); // 8 days > 7: not held
    Dataset<Row> recomendacao =
        frame(
            "id_cliente BIGINT, email STRING, telefone STRING, assunto STRING, data_envio DATE",
            row(3456789012L, "r@x.com", null, "Produto", LocalDate.parse("2024-05-18")),
            row(null, null, null, "sem id", LocalDate.parse("2024-05-18")));
    Dataset<Row> restritos =
        frame(
            "id_cliente STRING, contatos STRUCT<email: STRING, numero_telefone: STRING,"
                + " data_solicitacao: TIMESTAMP>, motivos STRUCT<descricao: STRING>",
            // 01:30 UTC on 03-02 is 22:30 on 03-01 in Sao Paulo: the request day is 03-01
            row(
                "4888888800",
                struct("rr@x.com", "0800", Instant.parse("2024-03-02T01:30:00Z")),
                struct("pedido do cliente")),
            row("4888888801", struct(null, null, null), struct("sem data")));
    Dataset<Row> ofertas =
        frame(
            "id_cliente STRING, email STRING, telefone STRING, assunto STRING, data_envio DATE",
            row("1001001001", "o@x.com", null, "Oferta", LocalDate.parse("2024-05-26")),
            row("1001001002", null, null, "sem data", null));
    Dataset<Row> fraude =
        frame(
            "id_cliente STRING, dt_inclus DATE, data_exclus DATE",
            row("4567890123", LocalDate.parse("2024-04-01"), null),
            row("4567890124", LocalDate.parse("2024-04-01"), LocalDate.parse("2024-05-28")),
            row("4567890125", LocalDate.parse("2024-04-01"), LocalDate.parse("2024-05-29")),
            row("   ", LocalDate.parse("2024-04-01"), null));

    List<SourceInput> inputs =
        List.of(
            input(
                SourceSpec.forChannel("crm", Channel.CRM)
                    .filter("data_base = {data_carga}")
                    .build(),
                crm),
            input(
                SourceSpec.forChannel("marketing", Channel.MARKETING)
                    .map("assunto", "subject")
                    .dateFormats("dd/MM/yyyy")
                    .build(),
                marketing),
            input(
                SourceSpec.forChannel("recomendacao", Channel.RECOMENDACAO).build(), recomendacao),
            input(
                SourceSpec.forChannel("restritos", Channel.RESTRITOS)
                    .map("email", "contatos.email")
                    .map("telefone", "contatos.numero_telefone")
                    .map("assunto", "motivos.descricao")
                    .map("data_envio", "contatos.data_solicitacao")
                    .build(),
                restritos),
            input(SourceSpec.forChannel("ofertas", Channel.OFERTAS).build(), ofertas),
            input(
                SourceSpec.forChannel("fraude", Channel.FRAUDE)
                    .map("data_envio", "dt_inclus")
                    .constant("assunto", "suspeita de fraude")
                    .build(),
                fraude));

    run = QuarantinePipeline.builder(QuarantinePolicy.defaults()).build().run(MAY_28, inputs);
    QuarantineTable table =
        QuarantineTable.of(
            SparkTestSession.get(), SparkTestSession.newDir("pipeline-entries").toString());
    RejectsTable rejectsTable =
        RejectsTable.of(
            SparkTestSession.get(), SparkTestSession.newDir("pipeline-rejects").toString());
    table.write(run.entries(), MAY_28);
    rejectsTable.write(run.rejects(), MAY_28);
    summary = run.summary();
    summaryFromTheTable = run.summary(table);
    entries = lines(table.entries(MAY_28));
    rejects = lines(rejectsTable.rejects(MAY_28).drop("valores", "data_carga"));
  }

  private static SourceInput input(SourceSpec spec, Dataset<Row> rows) {
    SOURCE_ROWS.put(spec.name(), rows.count());
    UNPROBED.add(SourceInput.of(spec, rows));
    return SourceInput.of(spec, PROBE.wrap(spec.name(), rows));
  }

  @AfterAll
  static void close() {
    run.close();
  }

  @Test
  void theSixWorkedRowsOfTheSpecAreInTheTable() {
    assertThat(entries)
        .contains(
            "1234567890|CRM|c1@x.com|11999990000|Campanha|2024-05-08|20|2024-06-07|2024-05-28",
            "2345678901|Marketing|m@x.com|0119|Promo A|2024-05-24|4|2024-05-31|2024-05-28",
            "3456789012|Recomendacao|r@x.com|null|Produto|2024-05-18|10|2024-06-02|2024-05-28",
            "1001001001|Ofertas|o@x.com|null|Oferta|2024-05-26|2|2024-05-31|2024-05-28",
            "4567890123|Fraude|null|null|suspeita de fraude|2024-04-01|57|null|2024-05-28",
            "4888888800|Restritos|rr@x.com|0800|pedido do cliente|2024-03-01|88|2024-05-30"
                + "|2024-05-28");
  }

  @Test
  void boundariesRevocationsAndDuplicatesAreExact() {
    assertThat(entries)
        .contains(
            // 30 days after the contact is the last day: still held
            "1100000000|CRM|null|null|Limite|2024-04-28|30|2024-05-28|2024-05-28",
            // revoked after the load date: still active on it
            "4567890125|Fraude|null|null|suspeita de fraude|2024-04-01|57|null|2024-05-28")
        .noneMatch(e -> e.startsWith("4567890124|")) // revoked on the load date
        .noneMatch(e -> e.startsWith("2345678905|")); // 8 days after a 7-day rule
    assertThat(entries).hasSize(8); // one row per (id_cliente, canal)
  }

  @Test
  void badRowsOfEverySourceAreRejectedWithTheirReason() {
    assertThat(rejects)
        .containsExactly(
            "crm|CRM|EXCLUDED_BY_SOURCE_FILTER|excluded by the source filter: data_base ="
                + " {data_carga}",
            "crm|CRM|INVALID_VALUE|id_cliente 12.5 is not a whole number that a double holds"
                + " exactly; export the column as text",
            "crm|CRM|MISSING_CUSTOMER_ID|id_cliente is null or blank",
            "fraude|Fraude|MISSING_CUSTOMER_ID|id_cliente is null or blank",
            "marketing|Marketing|FUTURE_CONTACT_DATE|data_envio 2024-05-29 is after the load date"
                + " 2024-05-28; it counts from that day on",
            "marketing|Marketing|INVALID_VALUE|id_cliente '1.23456789E9' is a number in scientific"
                + " notation: its last digits are lost. Export the column as text",
            "marketing|Marketing|MISSING_CONTACT_DATE|data_envio is null or blank",
            "marketing|Marketing|UNPARSEABLE_DATE|data_envio '31/02/2024' matches none of the date"
                + " formats [dd/MM/yyyy]",
            "ofertas|Ofertas|MISSING_CONTACT_DATE|data_envio is null or blank",
            "recomendacao|Recomendacao|MISSING_CUSTOMER_ID|id_cliente is null or blank",
            "restritos|Restritos|MISSING_CONTACT_DATE|data_envio is null or blank");
  }

  @Test
  void rejectsKeepTheRawValues() {
    List<String> raw = lines(run.rejects().where("motivo = 'UNPARSEABLE_DATE'").select("valores"));
    assertThat(raw)
        .containsExactly(
            "{\"id_cliente\":\"2345678902\",\"subject\":\"data ruim\","
                + "\"data_envio\":\"31/02/2024\"}");
  }

  @Test
  void readEqualsAcceptedPlusRejectedPerSourceAndMatchesTheSources() {
    for (Map.Entry<String, Long> source : SOURCE_ROWS.entrySet()) {
      RunSummary.SourceCounts counts = summary.source(source.getKey());
      assertThat(counts.read()).as(source.getKey()).isEqualTo(source.getValue());
      assertThat(counts.accepted() + counts.rejectedTotal()).isEqualTo(counts.read());
    }
    assertThat(summary.source("marketing").rejected())
        .containsOnly(
            entry(RejectReason.INVALID_VALUE, 1L),
            entry(RejectReason.UNPARSEABLE_DATE, 1L),
            entry(RejectReason.MISSING_CONTACT_DATE, 1L),
            entry(RejectReason.FUTURE_CONTACT_DATE, 1L));
    assertThat(summary.channel("Fraude").inQuarantine()).isEqualTo(2);
    assertThat(summary.inQuarantine()).isEqualTo(8);
    assertThat(summary.rejected()).isEqualTo(11);
    assertThat(summary.toTable()).contains("channel", "in quarantine", "Restritos");
  }

  @Test
  void eachSourceIsScannedOnceForTheTableTheRejectsAndTheSummary() {
    // The run wrote the entries and the rejects, computed the summary and the tests re-read the
    // outputs: every source row still passed the probe exactly once.
    lines(run.entries());
    for (Map.Entry<String, Long> source : SOURCE_ROWS.entrySet()) {
      assertThat(PROBE.rowsRead(source.getKey())).as(source.getKey()).isEqualTo(source.getValue());
    }
  }

  @Test
  void withoutPersistingTheOutputsAreTheSame() {
    // Storage level NONE, for a run that writes the table only: nothing is cached, and every
    // output is still the persisted run's.
    try (QuarantineRun unpersisted =
        QuarantinePipeline.builder(QuarantinePolicy.defaults())
            .storageLevel(StorageLevel.NONE())
            .build()
            .run(MAY_28, UNPROBED)) {
      assertThat(unpersisted.entries().queryExecution().optimizedPlan().toString())
          .doesNotContain("InMemoryRelation");
    }
  }

  @Test
  void withoutPersistingATextDateIsParsedOnlyInAProjection() {
    // Text dates (crm, marketing) are parsed in the first stage's projection, which shares
    // repeated expressions, and never in a filter, which does not. The sources are RDDs here:
    // Spark computes a local relation's plan while optimizing it.
    List<SourceInput> distributed = new ArrayList<>();
    for (SourceInput input : UNPROBED) {
      Dataset<Row> rows = input.rows();
      distributed.add(
          SourceInput.of(
              input.spec(), rows.sparkSession().createDataFrame(rows.javaRDD(), rows.schema())));
    }
    try (QuarantineRun unpersisted =
        QuarantinePipeline.builder(QuarantinePolicy.defaults())
            .storageLevel(StorageLevel.NONE())
            .build()
            .run(MAY_28, distributed)) {
      assertThat(lines(unpersisted.entries())).isEqualTo(lines(run.entries()));
      String plan = unpersisted.entries().queryExecution().executedPlan().toString();
      assertThat(plan).as(plan).contains("UDF(");
      // One operator per item: the trimmed characters include line breaks, so an operator's
      // text can span lines.
      List<String> operators =
          Arrays.stream(plan.split("\n(?=[ :|]*[+:]- )"))
              .map(o -> o.replaceFirst("^[ :|]*[+:]- ", ""))
              .toList();
      assertThat(operators).anyMatch(o -> o.startsWith("Filter"));
      assertThat(operators).as(plan).noneMatch(o -> o.startsWith("Filter") && o.contains("UDF("));
      assertThat(lines(unpersisted.entries())).isEqualTo(lines(run.entries()));
      assertThat(lines(unpersisted.rejects())).isEqualTo(lines(run.rejects()));
      assertThat(unpersisted.summary().toTable()).isEqualTo(summary.toTable());
    }
  }

  @Test
  void theSummaryCountsTheEntriesInTheTableAsWritten() {
    assertThat(summaryFromTheTable.toTable()).isEqualTo(summary.toTable());
    assertThat(summaryFromTheTable.inQuarantine()).isEqualTo(entries.size()).isPositive();
  }

  @Test
  void theProbeSeesEveryRescan() {
    Frames.ScanProbe control = new Frames.ScanProbe();
    Dataset<Row> rows = control.wrap("control", frame("x INT", row(1), row(2)));
    rows.count();
    rows.count();
    assertThat(control.rowsRead("control")).isEqualTo(4);
  }
}

package io.quarentena.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.RejectReason;
import io.quarentena.spark.QuarantineJob;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SparkTestSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus of the Spark readers ({@code src/test/resources/bad-input}), one file per
 * test, through the job: each file gives a clear error (source, column, what was expected) or
 * rejects with a reason, and read = accepted + rejected. The xlsx corpus is the connectors'.
 */
class BadInputCorpusTest {

  static SparkSession spark;
  static Path corpus;
  static Path work;
  static int runs;

  @BeforeAll
  static void setUp() throws URISyntaxException, IOException {
    spark = SparkTestSession.get();
    corpus = Paths.get(BadInputCorpusTest.class.getResource("/bad-input").toURI());
    work = SparkTestSession.newDir("bad-input");
    Files.createDirectories(work);
  }

  static RunSummary run(String file, String format, String extra) throws IOException {
    Path home = work.resolve("run-" + (++runs));
    Path config = work.resolve("run-" + runs + ".conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "quarentena {",
            "  output.table = \"" + home.resolve("global") + "\"",
            "  rejects.table = \"" + home.resolve("rejeitados") + "\"",
            "  sources.s {",
            "    channel = Marketing",
            "    format = " + format,
            "    location = \"" + (file.startsWith("/") ? file : corpus.resolve(file)) + "\"",
            extra,
            "  }",
            "}"),
        StandardCharsets.UTF_8);
    return QuarantineJob.run(spark, "--config", config.toString(), "--as-of", "2024-05-28");
  }

  static final String CSV = "options { sep = \";\" }\n mapping { assunto = subject }";

  static void addsUp(RunSummary summary) {
    RunSummary.SourceCounts s = summary.source("s");
    assertThat(s.accepted() + s.rejectedTotal()).isEqualTo(s.read());
  }

  @Test
  void wrongDelimiterIsAnErrorNamingTheMissingColumn() {
    assertThatThrownBy(() -> run("wrong-delimiter.csv", "csv", CSV))
        .hasMessageContaining("'s'")
        .hasMessageContaining("id_cliente");
  }

  @Test
  void latin1IsReadWithTheEncodingOption() throws IOException {
    RunSummary summary =
        run(
            "latin1.csv",
            "csv",
            "options { sep = \";\", encoding = \"ISO-8859-1\" }\n mapping { assunto = subject }");
    addsUp(summary);
    assertThat(summary.source("s").accepted()).isEqualTo(1);
    assertThat(
            spark
                .read()
                .format("delta")
                .load(work.resolve("run-" + runs + "/global").toString())
                .select("assunto")
                .as(Encoders.STRING())
                .first())
        .isEqualTo("Promoção");
  }

  @Test
  void aByteOrderMarkDoesNotHideTheFirstColumn() throws IOException {
    RunSummary summary = run("bom.csv", "csv", CSV);
    addsUp(summary);
    assertThat(summary.source("s").accepted()).isEqualTo(1);
  }

  @Test
  void threeDateFormatsAreAcceptedAndAFourthIsRejected() throws IOException {
    RunSummary summary =
        run(
            "three-date-formats.csv",
            "csv",
            CSV + "\n date-formats = [iso, \"dd/MM/yyyy\", \"yyyyMMdd\"]");
    addsUp(summary);
    assertThat(summary.source("s").accepted()).isEqualTo(3);
    assertThat(summary.source("s").rejected()).containsEntry(RejectReason.UNPARSEABLE_DATE, 1L);
  }

  @Test
  void nullsWrongTypesScientificIdsFutureDatesAndDuplicatesEachHaveAReason() throws IOException {
    RunSummary summary = run("nulls-types-duplicates.csv", "csv", CSV);
    addsUp(summary);
    RunSummary.SourceCounts s = summary.source("s");
    assertThat(s.read()).isEqualTo(8);
    assertThat(s.rejected())
        .containsEntry(RejectReason.MISSING_CUSTOMER_ID, 1L)
        .containsEntry(RejectReason.MISSING_CONTACT_DATE, 1L)
        .containsEntry(RejectReason.INVALID_VALUE, 1L)
        .containsEntry(RejectReason.FUTURE_CONTACT_DATE, 1L)
        .containsEntry(RejectReason.UNPARSEABLE_DATE, 1L);
    // three rows of one customer: one entry, the latest contact, ties broken by subject
    assertThat(summary.channel("Marketing").inQuarantine()).isEqualTo(1);
  }

  @Test
  void aMissingRequiredColumnIsAnErrorAndAMissingOptionalOneIsNull() throws IOException {
    assertThatThrownBy(() -> run("missing-id-column.csv", "csv", CSV))
        .hasMessageContaining("id_cliente");
    RunSummary summary = run("missing-subject-column.csv", "csv", "options { sep = \";\" }");
    addsUp(summary);
    assertThat(summary.source("s").accepted()).isEqualTo(1);
  }

  @Test
  void aHugeCellIsReadWithoutLosingTheRow() throws IOException {
    Path file = work.resolve("huge-cell.csv");
    Files.writeString(
        file,
        "id_cliente;email;telefone;subject;data_envio\n"
            + "2345678901;m@exemplo.com;988888888;"
            + "x".repeat(1_000_000)
            + ";2024-05-24\n2345678902;n@exemplo.com;988888889;curto;2024-05-24\n",
        StandardCharsets.UTF_8);
    RunSummary summary = run(file.toString(), "csv", CSV);
    addsUp(summary);
    assertThat(summary.source("s").read()).isEqualTo(2);
    assertThat(summary.source("s").accepted()).isEqualTo(2);
  }

  @Test
  void malformedJsonLinesAreRejectedNotDropped() throws IOException {
    RunSummary summary =
        run(
            "malformed.jsonl",
            "json",
            "mapping { email = \"contatos.email\", assunto = \"motivos.descricao\","
                + " data_envio = \"contatos.data_solicitacao\" }");
    addsUp(summary);
    RunSummary.SourceCounts s = summary.source("s");
    assertThat(s.read()).isEqualTo(3);
    assertThat(s.accepted()).isEqualTo(2); // a numeric id in JSON is still an id
    assertThat(s.rejectedTotal()).isEqualTo(1);
  }
}

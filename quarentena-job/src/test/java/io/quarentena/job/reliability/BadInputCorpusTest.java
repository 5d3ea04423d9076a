package io.quarentena.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.RejectReason;
import io.quarentena.job.QuarantineJob;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RejectsTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SparkTestSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
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

  /** The run adds up, with this many rows read and accepted, and the others malformed. */
  static void readAcceptedAndMalformed(RunSummary summary, long read, long accepted) {
    addsUp(summary);
    RunSummary.SourceCounts s = summary.source("s");
    assertThat(s.read()).isEqualTo(read);
    assertThat(s.accepted()).isEqualTo(accepted);
    assertThat(s.rejected())
        .containsExactly(Map.entry(RejectReason.MALFORMED_RECORD, read - accepted));
  }

  static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");

  /** The last run's table rows. */
  static Dataset<Row> entries() {
    return QuarantineTable.of(spark, work.resolve("run-" + runs + "/global").toString())
        .entries(MAY_28);
  }

  /** The last run's rejects. */
  static Dataset<Row> rejects() {
    return RejectsTable.of(spark, work.resolve("run-" + runs + "/rejeitados").toString())
        .rejects(MAY_28);
  }

  static List<String> subjects() {
    return entries().orderBy("id_cliente").select("assunto").as(Encoders.STRING()).collectAsList();
  }

  static List<String> malformedRawValues() {
    return rejects()
        .where("motivo = 'MALFORMED_RECORD'")
        .orderBy("valores")
        .select("valores")
        .as(Encoders.STRING())
        .collectAsList();
  }

  /** A table the last run wrote: {@code global}, {@code global_runs} or {@code rejeitados}. */
  static Dataset<Row> table(String name) {
    return spark.read().format("delta").load(work.resolve("run-" + runs).resolve(name).toString());
  }

  /** The last run's warnings as the runs table recorded them. */
  static List<String> recordedWarnings() {
    return table("global_runs")
        .selectExpr("explode(fontes) AS f")
        .selectExpr("explode(f.avisos)")
        .as(Encoders.STRING())
        .collectAsList();
  }

  @Test
  void everyFileInTheCorpusHasATest() throws IOException {
    try (Stream<Path> files = Files.list(corpus)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .containsExactlyInAnyOrder(
              "wrong-delimiter.csv",
              "latin1.csv",
              "bom.csv",
              "three-date-formats.csv",
              "nulls-types-duplicates.csv",
              "missing-id-column.csv",
              "missing-subject-column.csv",
              "quoted-fields.csv",
              "line-breaks-crlf.csv",
              "line-breaks-lf.csv",
              "malformed-rows.csv",
              "unclosed-quote.csv",
              "malformed.jsonl",
              "trailing-garbage.jsonl",
              "invisible-characters.csv");
    }
  }

  /** The ids of the last run's quarantine table. */
  static List<String> ids() {
    return table("global")
        .select("id_cliente")
        .orderBy("id_cliente")
        .as(Encoders.STRING())
        .collectAsList();
  }

  @Test
  void wrongDelimiterIsAnErrorNamingTheMissingColumn() {
    assertThatThrownBy(() -> run("wrong-delimiter.csv", "csv", CSV))
        .hasMessageContaining("'s'")
        .hasMessageContaining("id_cliente");
  }

  @Test
  void aMisspelledReaderOptionNamesTheSourceTheKeyAndTheClosestOption() {
    assertThatThrownBy(
            () ->
                run(
                    "latin1.csv",
                    "csv",
                    "options { sep = \";\", encodng = \"ISO-8859-1\" }\n"
                        + " mapping { assunto = subject }"))
        .hasMessageContaining("'quarentena.sources.\"s\".options.encodng'")
        .hasMessageContaining("did you mean 'encoding'?")
        .hasMessageContaining("sql-data-sources-csv.html");
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
    assertThat(table("global").select("assunto").as(Encoders.STRING()).first())
        .isEqualTo("Promoção");
    assertThat(summary.source("s").withReplacementCharacter()).isZero();
    assertThat(summary.source("s").warnings()).isEmpty();
    assertThat(recordedWarnings()).isEmpty();
  }

  @Test
  void latin1ReadAsUtf8IsCountedAndWarnsNamingTheSourceAndTheEncodingOption() throws IOException {
    RunSummary summary = run("latin1.csv", "csv", CSV);
    addsUp(summary);
    RunSummary.SourceCounts s = summary.source("s");
    assertThat(s.accepted()).isEqualTo(1); // the row is usable, its subject is not
    assertThat(s.withReplacementCharacter()).isEqualTo(1);
    String warning =
        "1 of 1 rows have U+FFFD, the replacement character, in id_cliente, email, telefone,"
            + " assunto, categoria: the source was decoded in the wrong character set and those"
            + " characters are lost. For a Latin-1 export, set options.encoding = \"ISO-8859-1\""
            + " on the source (the encoding option of Spark's CSV and JSON readers)";
    assertThat(s.warnings()).containsExactly(warning);
    assertThat(summary.toTable()).contains("WARNINGS").contains("- source 's': " + warning);
    assertThat(recordedWarnings()).containsExactly(warning);
  }

  @Test
  void invisibleCharactersAroundAnIdAreOneCustomer() throws IOException {
    // No-break space, figure space, narrow no-break space, a byte order mark inside the file and
    // zero width spaces: six rows of one customer, so one entry, the latest contact.
    RunSummary summary = run("invisible-characters.csv", "csv", CSV);
    addsUp(summary);
    assertThat(summary.source("s").accepted()).isEqualTo(6);
    assertThat(summary.channel("Marketing").inQuarantine()).isEqualTo(1);
    assertThat(ids()).containsExactly("0012345678");
  }

  @Test
  void aParquetInt64IdColumnWarnsAndIdWidthRestoresItsLeadingZeros() throws IOException {
    Path parquet = work.resolve("int64-ids.parquet");
    spark
        .sql(
            "SELECT * FROM VALUES (12345678L, DATE'2024-05-24'), (12345678901L, DATE'2024-05-24')"
                + " AS t(id_cliente, data_envio)")
        .write()
        .parquet(parquet.toString());
    RunSummary plain = run(parquet.toString(), "parquet", "");
    addsUp(plain);
    assertThat(plain.source("s").accepted()).isEqualTo(2);
    String warning =
        "column id_cliente is of type bigint: a number has no leading zeros, so an id such as"
            + " 0012345678 arrives as 12345678, another key than the same customer's in a source"
            + " that keeps it as text. Export the column as text, or give the source its ids'"
            + " number of digits (id-width = 10 pads 12345678 to 0012345678)";
    assertThat(plain.source("s").warnings()).containsExactly(warning);
    assertThat(plain.toTable()).contains("- source 's': " + warning);
    assertThat(recordedWarnings()).containsExactly(warning);
    assertThat(ids()).containsExactly("12345678", "12345678901");

    RunSummary padded = run(parquet.toString(), "parquet", "id-width = 10");
    addsUp(padded);
    assertThat(padded.source("s").warnings()).isEmpty();
    assertThat(recordedWarnings()).isEmpty();
    assertThat(ids()).containsExactly("0012345678");
    assertThat(padded.source("s").rejected()).containsEntry(RejectReason.INVALID_VALUE, 1L);
    assertThat(table("rejeitados").select("detalhe").as(Encoders.STRING()).first())
        .contains("'12345678901' has 11 digits, more than the source's id-width of 10");
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

  static final String JSON =
      "mapping { email = \"contatos.email\", assunto = \"motivos.descricao\","
          + " data_envio = \"contatos.data_solicitacao\" }";

  @Test
  void malformedJsonLinesAreRejectedAsMalformedWithTheirRawLine() throws IOException {
    RunSummary summary = run("malformed.jsonl", "json", JSON);
    readAcceptedAndMalformed(summary, 3, 2); // a numeric id in JSON is still an id
    assertThat(malformedRawValues())
        .singleElement()
        .asString()
        .contains("{\\\"id_cliente\\\":\\\"4888888801\\\",\\\"contatos\\\":{");
  }

  @Test
  void doubledQuotesAndDelimitersInsideQuotedFieldsAreReadAsRfc4180() throws IOException {
    RunSummary summary = run("quoted-fields.csv", "csv", CSV);
    addsUp(summary);
    assertThat(summary.source("s").read()).isEqualTo(4);
    assertThat(summary.source("s").accepted()).isEqualTo(4);
    assertThat(subjects())
        .containsExactly(
            "Oferta \"especial\" de maio",
            "Frete grátis; só hoje",
            "Leve 3; pague 2 \"na loja\"",
            "Sem aspas");
  }

  @Test
  void aQuotedFieldWithCrlfLineBreaksIsOneRecord() throws IOException {
    RunSummary summary = run("line-breaks-crlf.csv", "csv", CSV);
    addsUp(summary);
    assertThat(summary.source("s").read()).isEqualTo(3);
    assertThat(summary.source("s").accepted()).isEqualTo(3);
    assertThat(subjects())
        .containsExactly("Linha um\nlinha dois", "Três\nlinhas\naqui", "Sem quebra");
  }

  @Test
  void aQuotedFieldWithLfLineBreaksIsOneRecord() throws IOException {
    RunSummary summary = run("line-breaks-lf.csv", "csv", CSV);
    addsUp(summary);
    assertThat(summary.source("s").read()).isEqualTo(3);
    assertThat(summary.source("s").accepted()).isEqualTo(3);
    assertThat(subjects())
        .containsExactly("Linha um\nlinha dois", "Três\nlinhas; e \"aspas\"\naqui", "Sem quebra");
  }

  @Test
  void withMultiLineOffTheHalvesOfABrokenRecordAreRejectedNotCountedAsRows() throws IOException {
    RunSummary summary =
        run(
            "line-breaks-lf.csv",
            "csv",
            "options { sep = \";\", multiLine = false }\n mapping { assunto = subject }");
    readAcceptedAndMalformed(summary, 6, 1); // 2 records broken over 5 lines, and one whole
  }

  @Test
  void rowsWithMoreOrFewerFieldsThanTheHeaderAreMalformedWithTheirRawLine() throws IOException {
    RunSummary summary = run("malformed-rows.csv", "csv", CSV);
    readAcceptedAndMalformed(summary, 3, 1);
    assertThat(malformedRawValues())
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains("2345678931;a@exemplo.com;988888831;Promo; 50% off;2024-05-24"))
        .anySatisfy(v -> assertThat(v).contains("2345678932;b@exemplo.com;988888832;Sem data"));
    assertThat(rejects().select("detalhe").as(Encoders.STRING()).collectAsList())
        .allSatisfy(d -> assertThat(d).contains("5 fields of the header"));
  }

  @Test
  void aQuoteLeftOpenTakesTheRestOfTheFileIntoOneMalformedReject() throws IOException {
    RunSummary summary = run("unclosed-quote.csv", "csv", CSV);
    readAcceptedAndMalformed(summary, 2, 1);
    // Nothing is lost from sight: the swallowed records are in the reject's raw text.
    assertThat(malformedRawValues())
        .singleElement()
        .asString()
        .contains("Aspas abertas")
        .contains("2345678943")
        .contains("2345678944");
  }

  @Test
  void aValidObjectFollowedByMoreTextAndLinesThatAreNotOneObjectAreMalformed() throws IOException {
    RunSummary summary = run("trailing-garbage.jsonl", "json", JSON);
    readAcceptedAndMalformed(summary, 6, 1); // the blank line is no record
    assertThat(malformedRawValues())
        .anySatisfy(v -> assertThat(v).contains("texto depois"))
        .anySatisfy(v -> assertThat(v).contains("4888888812").contains("4888888813"))
        .anySatisfy(v -> assertThat(v).contains("4888888814"))
        .anySatisfy(v -> assertThat(v).contains("objeto"))
        .anySatisfy(v -> assertThat(v).contains(":\"null\""));
  }
}

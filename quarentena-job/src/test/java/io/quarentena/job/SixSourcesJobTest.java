package io.quarentena.job;

import static io.quarentena.spark.Frames.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarentena.RejectReason;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RejectsTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole job from six real files of the article's shapes — an xlsx written with POI, a {@code ;}
 * CSV, parquet, nested JSON lines and two Delta tables — with the example configuration {@code
 * src/test/resources/job/six-sources.conf}, which names no connector: the six worked rows of
 * docs/rules.md come out, every source's bad rows reach the rejects table with their reason, read =
 * accepted + rejected per source, the summary is printed per channel, a rerun of the day changes
 * nothing, the next day keeps the first, and every run stays readable by time travel.
 *
 * <p>It runs on both Spark lines (the {@code spark-4.0} profile builds only this module), so the
 * xlsx, parquet, JSON and Delta readers are exercised through the job on each.
 */
class SixSourcesJobTest {

  static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");
  static final LocalDate MAY_29 = LocalDate.parse("2024-05-29");

  static SparkSession spark;
  static Path base;
  static QuarantineTable table;
  static RejectsTable rejects;

  static RunSummary first;
  static String printed;
  static List<String> afterFirst;
  static long firstVersion;
  static List<String> afterRerun;
  static long rerunVersion;
  static RunSummary nextDay;
  static Throwable nextDayRefused;

  @BeforeAll
  static void runTheJobThreeTimes() throws IOException {
    spark = SparkTestSession.get();
    base = SparkTestSession.newDir("six-sources");
    writeSources(base.resolve("sources"));
    Path conf = writeConfig(base, base.resolve("job.conf"));
    table = QuarantineTable.of(spark, base.resolve("tables/quarentena_global").toString());
    rejects = RejectsTable.of(spark, base.resolve("tables/quarentena_rejeitados").toString());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, out), true, StandardCharsets.UTF_8));
    try {
      first = QuarantineJob.run(spark, "--config", conf.toString(), "--as-of", "2024-05-28");
    } finally {
      System.setOut(original);
    }
    printed = out.toString(StandardCharsets.UTF_8);
    afterFirst = lines(table.read());
    firstVersion = latestVersion();

    QuarantineJob.run(spark, "--config", conf.toString(), "--as-of", "2024-05-28");
    afterRerun = lines(table.read());
    rerunVersion = latestVersion();

    // The CRM sheet still holds data_base 05-28 only: every CRM row is filtered out on 05-29, and
    // the truncation guard refuses to let the channel vanish. Rerun as if the drop were real.
    nextDayRefused =
        catchThrowable(
            () -> QuarantineJob.run(spark, "--config", conf.toString(), "--as-of", "2024-05-29"));
    nextDay =
        QuarantineJob.run(
            spark, "--config", conf.toString(), "--as-of", "2024-05-29", "--allow-drop");
  }

  @Test
  void theSixWorkedRowsOfTheSpec() {
    assertThat(
            lines(
                table
                    .entries(MAY_28)
                    .select("id_cliente", "canal", "data_envio", "qtd_dias", "saida_prevista")))
        .containsExactly(
            "1001001001|Ofertas|2024-05-26|2|2024-05-31",
            "1234567890|CRM|2024-05-08|20|2024-06-07",
            "2345678901|Marketing|2024-05-24|4|2024-05-31",
            "3456789012|Recomendacao|2024-05-18|10|2024-06-02",
            "4567890123|Fraude|2024-04-01|57|null",
            "4888888800|Restritos|2024-03-01|88|2024-05-30");
    // The other columns come through too: numeric xlsx cells as integer text, nested JSON fields,
    // constants.
    assertThat(lines(table.entries(MAY_28).select("canal", "email", "telefone", "assunto")))
        .contains(
            "CRM|cliente@exemplo.com|999999999|Campanha maio",
            "Restritos|restrito@exemplo.com|944444443|Reclamação",
            "Fraude|null|null|suspeita de fraude");
  }

  @Test
  void badRowsOfEverySourceReachTheRejectsWithTheirReason() {
    assertThat(lines(rejects.rejects(MAY_28).select("fonte", "canal", "motivo")))
        .containsExactly(
            "crm|CRM|EXCLUDED_BY_SOURCE_FILTER",
            "crm|CRM|MISSING_CUSTOMER_ID",
            "fraude|Fraude|MISSING_CONTACT_DATE",
            "marketing|Marketing|INVALID_VALUE",
            "marketing|Marketing|UNPARSEABLE_DATE",
            "ofertas|Ofertas|MISSING_CUSTOMER_ID",
            "recomendacao|Recomendacao|FUTURE_CONTACT_DATE",
            "recomendacao|Recomendacao|MISSING_CUSTOMER_ID",
            "restritos|Restritos|MISSING_CONTACT_DATE");
    // The raw values travel with the reason, so a rejected row can be found and fixed at its
    // source.
    assertThat(
            lines(
                rejects
                    .rejects(MAY_28)
                    .where("motivo = 'UNPARSEABLE_DATE'")
                    .select("valores", "detalhe")))
        .singleElement()
        .asString()
        .contains("31/02/2024")
        .contains("2600000006");
  }

  @Test
  void readIsAcceptedPlusRejectedForEverySource() {
    Map<String, Long> rejectedRows = new TreeMap<>();
    for (Row r : rejects.rejects(MAY_28).groupBy("fonte").count().collectAsList()) {
      rejectedRows.put(r.getString(0), r.getLong(1));
    }
    List<String> counts = new ArrayList<>();
    for (RunSummary.SourceCounts s : first.sources()) {
      assertThat(s.accepted() + s.rejectedTotal()).as(s.source()).isEqualTo(s.read());
      assertThat(rejectedRows.getOrDefault(s.source(), 0L))
          .as(s.source())
          .isEqualTo(s.rejectedTotal());
      counts.add(s.source() + " " + s.read() + "=" + s.accepted() + "+" + s.rejectedTotal());
    }
    assertThat(counts)
        .containsExactlyInAnyOrder(
            "crm 5=3+2",
            "marketing 4=2+2",
            "recomendacao 3=1+2",
            "restritos 2=1+1",
            "ofertas 3=2+1",
            "fraude 3=2+1");
    assertThat(first.source("crm").rejected())
        .containsEntry(RejectReason.MISSING_CUSTOMER_ID, 1L)
        .containsEntry(RejectReason.EXCLUDED_BY_SOURCE_FILTER, 1L);
  }

  @Test
  void theSummaryIsPrintedPerChannel() {
    assertThat(printed)
        .contains("Quarantine run for 2024-05-28")
        .containsPattern("channel +read +accepted +rejected +in quarantine")
        .containsPattern("\nCRM +5 +3 +2 +1\n")
        .containsPattern("\nMarketing +4 +2 +2 +1\n")
        .containsPattern("\nRecomendacao +3 +1 +2 +1\n")
        .containsPattern("\nRestritos +2 +1 +1 +1\n")
        .containsPattern("\nOfertas +3 +2 +1 +1\n")
        .containsPattern("\nFraude +3 +2 +1 +1\n")
        .containsPattern("\ntotal +20 +11 +9 +6\n");
    for (String channel :
        List.of("CRM", "Marketing", "Recomendacao", "Restritos", "Ofertas", "Fraude")) {
      assertThat(first.channel(channel).inQuarantine()).as(channel).isEqualTo(1);
    }
  }

  @Test
  void rerunningTheDayGivesTheSameTableWithoutDuplicates() {
    assertThat(afterRerun).isEqualTo(afterFirst).hasSize(6);
    assertThat(rerunVersion).isGreaterThan(firstVersion);
    assertThat(lines(rejects.rejects(MAY_28))).hasSize(9);
  }

  @Test
  void aStaleCrmSheetStopsTheNextDayUntilTheDropIsAllowed() {
    // Customer 1234567890 is in CRM quarantine until 06-07: a sheet with no rows of the new
    // data_base must not release them silently.
    assertThat(nextDayRefused)
        .hasMessageContaining("channel CRM: 0 rows accepted, 3 in the previous load")
        .hasMessageContaining("EXCLUDED_BY_SOURCE_FILTER=5")
        .hasMessageContaining("--allow-drop");
  }

  @Test
  void theNextDayKeepsTheFirst() {
    assertThat(lines(table.entries(MAY_28))).isEqualTo(afterFirst);
    assertThat(lines(table.read().select("data_carga").distinct()))
        .containsExactly("2024-05-28", "2024-05-29");
    // One day later (the drop allowed): one more day for everyone; the CRM sheet has no rows of
    // data_base 05-29.
    assertThat(
            lines(
                table
                    .entries(MAY_29)
                    .select("id_cliente", "canal", "data_envio", "qtd_dias", "saida_prevista")))
        .containsExactly(
            "1001001001|Ofertas|2024-05-26|3|2024-05-31",
            "2345678901|Marketing|2024-05-24|5|2024-05-31",
            "3456789012|Recomendacao|2024-05-18|11|2024-06-02",
            "4567890123|Fraude|2024-04-01|58|null",
            "4888888800|Restritos|2024-03-01|89|2024-05-30");
    assertThat(nextDay.source("crm").accepted()).isZero();
    assertThat(nextDay.channel("CRM").inQuarantine()).isZero();
  }

  @Test
  void everyRunStaysReadableByTimeTravel() {
    assertThat(lines(table.version(firstVersion))).isEqualTo(afterFirst);
    assertThat(lines(table.version(rerunVersion))).isEqualTo(afterFirst);
    assertThat(lines(table.history().select("operation").distinct())).isNotEmpty();
  }

  private static long latestVersion() {
    return table.history().selectExpr("max(version)").first().getLong(0);
  }

  // ---- the six sources, written as their systems write them ----

  /**
   * Writes the six sources into a directory, as {@code six-sources.conf} expects them.
   *
   * @param sources the {@code sources} directory under the configuration's {@code base}
   */
  static void writeSources(Path sources) throws IOException {
    Files.createDirectories(sources);
    writeCrm(sources.resolve("crm_data.xlsx"));
    writeMarketing(sources.resolve("marketing_20240528.csv"));
    writeRecomendacao(sources.resolve("recomendacao"));
    writeRestritos(sources.resolve("restritos.json"));
    writeOfertas(sources.resolve("ofertas"));
    writeFraude(sources.resolve("fraude"));
  }

  /**
   * Writes {@code six-sources.conf} with its {@code base} set.
   *
   * @param base where the sources and tables are
   * @param conf the file to write
   * @return {@code conf}
   */
  static Path writeConfig(Path base, Path conf) throws IOException {
    try (InputStream example =
        SixSourcesJobTest.class.getResourceAsStream("/job/six-sources.conf")) {
      Files.writeString(
          conf,
          "base = \"" + base + "\"\n" + new String(example.readAllBytes(), StandardCharsets.UTF_8),
          StandardCharsets.UTF_8);
    }
    return conf;
  }

  /** CRM: a sheet named {@code contatos}, numeric ids and phones, date-styled cells. */
  static void writeCrm(Path file) throws IOException {
    Object[][] rows = {
      {"id_cliente", "email", "telefone", "assunto", "data_envio", "data_base"},
      // the worked row, and an earlier contact of the same customer (the latest wins)
      {1234567890d, "cliente@exemplo.com", 999999999d, "Campanha maio", "2024-05-08", "2024-05-28"},
      {
        1234567890d, "cliente@exemplo.com", 999999999d, "Campanha abril", "2024-04-20", "2024-05-28"
      },
      // 45 days ago: accepted, out of quarantine
      {1100000001d, "antigo@exemplo.com", 911111111d, "Campanha", "2024-04-13", "2024-05-28"},
      // bad: a blank id; a row of yesterday's data_base (the sheet keeps history)
      {"", "semid@exemplo.com", 944444444d, "Campanha", "2024-05-10", "2024-05-28"},
      {1200000002d, "ontem@exemplo.com", 933333333d, "Campanha", "2024-05-27", "2024-05-27"},
    };
    try (XSSFWorkbook workbook = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      Sheet sheet = workbook.createSheet("contatos");
      CellStyle dateStyle = workbook.createCellStyle();
      dateStyle.setDataFormat(
          workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
      for (int r = 0; r < rows.length; r++) {
        org.apache.poi.ss.usermodel.Row row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          Cell cell = row.createCell(c);
          Object value = rows[r][c];
          if (value instanceof Double number) {
            cell.setCellValue(number);
          } else if (r > 0 && c >= 4) {
            cell.setCellValue(LocalDate.parse((String) value));
            cell.setCellStyle(dateStyle);
          } else {
            cell.setCellValue((String) value);
          }
        }
      }
      workbook.write(out);
    }
  }

  /** Marketing Cloud: {@code ;} separated with a header; {@code subject} is the subject. */
  static void writeMarketing(Path file) throws IOException {
    Files.write(
        file,
        List.of(
            "id_cliente;email;telefone;subject;data_envio",
            "2345678901;marketing@exemplo.com;988888888;Email boas vindas;2024-05-24",
            "2345678901;marketing@exemplo.com;988888888;Newsletter;2024-05-20",
            "2600000006;data@exemplo.com;955000000;Newsletter;31/02/2024", // unparseable date
            "2.6E9;notacao@exemplo.com;944000000;Newsletter;2024-05-26"), // an id a sheet mangled
        StandardCharsets.UTF_8);
  }

  /** Recommendations: parquet with the standard columns, a DATE contact date. */
  static void writeRecomendacao(Path dir) {
    frame(
            "id_cliente STRING, email STRING, telefone STRING, assunto STRING, data_envio DATE",
            RowFactory.create(
                "3456789012", "rec@exemplo.com", "977777777", "Novo Produto", date("2024-05-18")),
            RowFactory.create(
                "3500000007", "futuro@exemplo.com", "977000001", "Seguro", date("2024-06-01")),
            RowFactory.create(null, "semid@exemplo.com", "977000002", "Seguro", date("2024-05-20")))
        .coalesce(1)
        .write()
        .parquet(dir.toString());
  }

  /** Restricted customers: nested JSON lines, the request date a timestamp with an offset. */
  static void writeRestritos(Path file) throws IOException {
    Files.write(
        file,
        List.of(
            "{\"id_cliente\":\"4888888800\",\"contatos\":{\"email\":\"restrito@exemplo.com\","
                + "\"numero_telefone\":\"944444443\","
                + "\"data_solicitacao\":\"2024-03-01T10:15:00-03:00\"},"
                + "\"motivos\":{\"descricao\":\"Reclamação\"}}",
            "{\"id_cliente\":\"4900000009\",\"contatos\":{\"email\":\"sem-data@exemplo.com\"},"
                + "\"motivos\":{\"descricao\":\"Pedido do cliente\"}}"),
        StandardCharsets.UTF_8);
  }

  /** Offers: a Delta table with the standard columns. */
  static void writeOfertas(Path dir) {
    frame(
            "id_cliente STRING, email STRING, telefone STRING, assunto STRING, data_envio DATE",
            RowFactory.create(
                "1001001001", "oferta@exemplo.com", "966666666", "Cartão", date("2024-05-26")),
            // 8 days ago: past Offers' 5 days
            RowFactory.create(
                "1001001002", "velha@exemplo.com", "966666667", "Cartão", date("2024-05-20")),
            RowFactory.create(
                "  ", "branco@exemplo.com", "966666668", "Cartão", date("2024-05-27")))
        .write()
        .format("delta")
        .save(dir.toString());
  }

  /** Fraud suspicions: a Delta table with an inclusion and an exclusion date. */
  static void writeFraude(Path dir) {
    frame(
            "id_cliente STRING, dt_inclus DATE, data_exclus DATE",
            RowFactory.create("4567890123", date("2024-04-01"), null), // still active
            RowFactory.create("4600000001", date("2024-02-01"), date("2024-05-01")), // revoked
            RowFactory.create("4700000002", null, null))
        .write()
        .format("delta")
        .save(dir.toString());
  }

  private static Dataset<Row> frame(String ddl, Row... rows) {
    return SparkTestSession.get().createDataFrame(List.of(rows), StructType.fromDDL(ddl));
  }

  private static Date date(String iso) {
    return Date.valueOf(LocalDate.parse(iso));
  }

  /** Writes to the console and to a buffer, so the printed summary can be read back. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}

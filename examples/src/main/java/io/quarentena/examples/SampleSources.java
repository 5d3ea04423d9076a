package io.quarentena.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the six sources of the article, in their real formats and shapes, to a directory: the
 * sample the local job runs on. Deterministic: the same files every time.
 *
 * <p>Each source holds its docs/rules.md worked-example row for load date 2024-05-28, plus the rows
 * that make a real source interesting: repeated contacts, a tie, customers whose quarantine has
 * ended, leading zeros, a revoked fraud record, a row of an older CRM {@code data_base}, and bad
 * rows (a blank id, an unparseable date, a future date, an id in scientific notation) that must end
 * in the rejects with a reason.
 *
 * <pre>{@code
 * SampleSources.Paths paths = SampleSources.write(spark, Path.of("target/sample"));
 * }</pre>
 */
public final class SampleSources {

  /** The load date the sample is built around. */
  public static final LocalDate AS_OF = LocalDate.parse("2024-05-28");

  /**
   * Where each source was written.
   *
   * @param crmXlsx the CRM spreadsheet
   * @param marketingCsv the Marketing Cloud CSV ({@code ;} separated)
   * @param recomendacaoParquet the recommendations parquet directory
   * @param restritosJson the restricted-customers JSON lines file (nested)
   * @param ofertasDelta the offers Delta table directory
   * @param fraudeDelta the fraud Delta table directory
   */
  public record Paths(
      Path crmXlsx,
      Path marketingCsv,
      Path recomendacaoParquet,
      Path restritosJson,
      Path ofertasDelta,
      Path fraudeDelta) {}

  private SampleSources() {}

  /**
   * Writes every source under {@code dir}, replacing what was there.
   *
   * @param spark a session with Delta enabled, for parquet and Delta
   * @param dir the directory
   * @return the paths written
   */
  public static Paths write(SparkSession spark, Path dir) {
    try {
      Files.createDirectories(dir);
      Paths paths =
          new Paths(
              dir.resolve("crm/crm_data.xlsx"),
              dir.resolve("marketing/marketing_20240528.csv"),
              dir.resolve("recomendacao"),
              dir.resolve("restritos/restritos_data.json"),
              dir.resolve("ofertas"),
              dir.resolve("fraude"));
      writeCrm(paths.crmXlsx());
      writeMarketing(paths.marketingCsv());
      writeRecomendacao(spark, paths.recomendacaoParquet());
      writeRestritos(paths.restritosJson());
      writeOfertas(spark, paths.ofertasDelta());
      writeFraude(spark, paths.fraudeDelta());
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sample sources under " + dir, e);
    }
  }

  /** CRM: an xlsx as a spreadsheet program keeps it, numeric ids and phones, date cells. */
  static void writeCrm(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (XSSFWorkbook wb = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      Sheet sheet = wb.createSheet("contatos");
      CellStyle date = wb.createCellStyle();
      date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
      String[] header = {"id_cliente", "email", "telefone", "assunto", "data_envio", "data_base"};
      Row h = sheet.createRow(0);
      for (int i = 0; i < header.length; i++) {
        h.createCell(i).setCellValue(header[i]);
      }
      Object[][] rows = {
        // the worked example: 20 days, last day 2024-06-07
        {1234567890d, "cliente@exemplo.com", 999999999d, "Campanha", "2024-05-08", "2024-05-28"},
        // an earlier contact of the same customer: the latest wins
        {
          1234567890d,
          "cliente@exemplo.com",
          999999999d,
          "Campanha abril",
          "2024-04-20",
          "2024-05-28"
        },
        // contacted 45 days ago: out of quarantine
        {
          1100000001d,
          "antigo@exemplo.com",
          911111111d,
          "Campanha março",
          "2024-04-13",
          "2024-05-28"
        },
        // leading zeros are kept when the id is text
        {"0012345678", "zeros@exemplo.com", 922222222d, "Campanha", "2024-05-20", "2024-05-28"},
        // a row of yesterday's data_base: excluded by the source filter, reported
        {1200000002d, "ontem@exemplo.com", 933333333d, "Campanha", "2024-05-27", "2024-05-27"},
        // bad rows: blank id, future contact
        {"", "semid@exemplo.com", 944444444d, "Campanha", "2024-05-10", "2024-05-28"},
        {1300000003d, "futuro@exemplo.com", 955555555d, "Agendada", "2024-06-02", "2024-05-28"},
      };
      for (int r = 0; r < rows.length; r++) {
        Row row = sheet.createRow(r + 1);
        for (int c = 0; c < rows[r].length; c++) {
          Object v = rows[r][c];
          if (v instanceof Double d) {
            row.createCell(c).setCellValue(d);
          } else if (c >= 4) {
            var cell = row.createCell(c);
            cell.setCellValue(LocalDate.parse((String) v));
            cell.setCellStyle(date);
          } else {
            row.createCell(c).setCellValue((String) v);
          }
        }
      }
      wb.write(out);
    }
  }

  /** Marketing Cloud: {@code ;} separated, header, {@code subject} for the subject. */
  static void writeMarketing(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    List<String> lines =
        List.of(
            "id_cliente;email;telefone;subject;data_envio",
            "2345678901;marketing@exemplo.com;988888888;Email boas vindas;2024-05-24",
            "2345678901;marketing@exemplo.com;988888888;Newsletter;2024-05-20",
            // a tie on the latest date: the row kept is chosen by subject, deterministically
            "2400000004;empate@exemplo.com;977000000;B - segunda;2024-05-25",
            "2400000004;empate@exemplo.com;977000000;A - primeira;2024-05-25",
            // 8 days ago: one day past Marketing's 7
            "2500000005;passou@exemplo.com;966000000;Newsletter;2024-05-20",
            // bad rows: unparseable date, id in scientific notation
            "2600000006;databad@exemplo.com;955000000;Newsletter;31/02/2024x",
            "2.6E9;notacao@exemplo.com;944000000;Newsletter;2024-05-26");
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Recommendations: parquet with the standard columns. */
  static void writeRecomendacao(SparkSession spark, Path dir) {
    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("telefone", DataTypes.StringType)
            .add("assunto", DataTypes.StringType)
            .add("data_envio", DataTypes.DateType);
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "3456789012",
                    "recomendacao@exemplo.com",
                    "977777777",
                    "Novo Produto",
                    date("2024-05-18")),
                RowFactory.create(
                    "3500000007", "rec@exemplo.com", "977000001", "Seguro", date("2024-05-01")),
                RowFactory.create(
                    null, "semid@exemplo.com", "977000002", "Seguro", date("2024-05-20"))),
            schema)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(dir.toString());
  }

  /** Restricted customers: nested JSON lines with a request timestamp. */
  static void writeRestritos(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    List<String> lines =
        List.of(
            "{\"id_cliente\":\"4888888800\",\"contatos\":{\"email\":\"restritos@exemplo.com\","
                + "\"numero_telefone\":\"944444443\",\"data_solicitacao\":\"2024-03-01T10:15:00-03:00\"},"
                + "\"motivos\":{\"descricao\":\"Reclamação\"}}",
            // requested 100 days ago: past the 90 days
            "{\"id_cliente\":\"4800000008\",\"contatos\":{\"email\":\"velho@exemplo.com\","
                + "\"numero_telefone\":\"944000000\",\"data_solicitacao\":\"2024-02-18T09:00:00-03:00\"},"
                + "\"motivos\":{\"descricao\":\"Pedido do cliente\"}}",
            // 23:30 in São Paulo on 05-10 is already 05-11 in UTC: the configured zone decides
            "{\"id_cliente\":\"4800000009\",\"contatos\":{\"email\":\"noite@exemplo.com\","
                + "\"numero_telefone\":\"944000001\",\"data_solicitacao\":\"2024-05-10T23:30:00-03:00\"},"
                + "\"motivos\":{\"descricao\":\"Reclamação\"}}");
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Offers: a Delta table with the standard columns. */
  static void writeOfertas(SparkSession spark, Path dir) {
    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("telefone", DataTypes.StringType)
            .add("assunto", DataTypes.StringType)
            .add("data_envio", DataTypes.DateType);
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "1001001001",
                    "ofertas@exemplo.com",
                    "955555557",
                    "Promoção",
                    date("2024-05-26")),
                RowFactory.create(
                    "1001001002",
                    "ofertas2@exemplo.com",
                    "955555558",
                    "Promoção",
                    date("2024-05-22")),
                // 5 days ago: the last day of quarantine is the load date, contactable tomorrow
                RowFactory.create(
                    "1001001003",
                    "amanha@exemplo.com",
                    "955555559",
                    "Promoção",
                    date("2024-05-23"))),
            schema)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("overwrite")
        .save(dir.toString());
  }

  /** Fraud suspects: a Delta table with inclusion and exclusion dates. */
  static void writeFraude(SparkSession spark, Path dir) {
    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("telefone", DataTypes.StringType)
            .add("dt_inclus", DataTypes.DateType)
            .add("data_exclus", DataTypes.DateType);
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "4567890123", "fraude@exemplo.com", "966666666", date("2024-04-01"), null),
                // excluded before the load date: no longer suspected
                RowFactory.create(
                    "4500000010",
                    "limpo@exemplo.com",
                    "966000000",
                    date("2024-01-10"),
                    date("2024-05-01")),
                // excluded after the load date: still suspected on 2024-05-28
                RowFactory.create(
                    "4500000011",
                    "ainda@exemplo.com",
                    "966000001",
                    date("2024-02-10"),
                    date("2024-06-30"))),
            schema)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("overwrite")
        .save(dir.toString());
  }

  private static Date date(String iso) {
    return Date.valueOf(iso);
  }
}

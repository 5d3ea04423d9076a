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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * xlsx cells the reader cannot read, through the job: each rejects its row with a reason naming the
 * cell (a number the spreadsheet cannot hold exactly, a formula with no stored result, an Excel
 * error, a text date in none of the formats), the other rows are read, and read = accepted +
 * rejected. Hints name the options as the job file writes them.
 */
class XlsxCellProblemsJobTest {
  static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");

  static SparkSession spark;
  static Path work;
  static int runs;

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkTestSession.get();
    work = Files.createDirectories(SparkTestSession.newDir("xlsx-cell-problems"));
  }

  static Path home() {
    return work.resolve("run-" + runs);
  }

  static RunSummary run(Path file, String options) throws IOException {
    Path home = work.resolve("run-" + (++runs));
    Path config = work.resolve("run-" + runs + ".conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "quarentena {",
            "  output.table = \"" + home.resolve("global") + "\"",
            "  rejects.table = \"" + home.resolve("rejeitados") + "\"",
            "  sources.crm {",
            "    channel = CRM",
            "    format = xlsx",
            "    location = \"" + file + "\"",
            "    options { " + options + " }",
            "  }",
            "}"),
        StandardCharsets.UTF_8);
    return QuarantineJob.run(spark, "--config", config.toString(), "--as-of", MAY_28.toString());
  }

  /** The rows as sorted "a|b" lines. */
  static List<String> lines(Dataset<org.apache.spark.sql.Row> ds) {
    List<String> out = new ArrayList<>();
    for (org.apache.spark.sql.Row r : ds.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        values.add(String.valueOf(r.get(i)));
      }
      out.add(String.join("|", values));
    }
    out.sort(null);
    return out;
  }

  static Path write(XSSFWorkbook wb, String name) throws IOException {
    Path file = work.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      wb.write(out);
    }
    return file;
  }

  static Row row(Sheet sheet, int index, String date) {
    Row r = sheet.createRow(index);
    r.createCell(1).setCellValue("cliente" + index + "@exemplo.com");
    r.createCell(2).setCellValue(date);
    return r;
  }

  @Test
  void anUnreadableCellRejectsItsRowNamingTheCellAndTheOtherRowsAreRead() throws IOException {
    Path file;
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      Row h = sheet.createRow(0);
      h.createCell(0).setCellValue("id_cliente");
      h.createCell(1).setCellValue("email");
      h.createCell(2).setCellValue("data_envio");
      row(sheet, 1, "28/05/2024").createCell(0).setCellValue(1234567890d);
      // 16 digits, a double that holds them exactly (POI writes 5.318716614123456E15).
      row(sheet, 2, "27/05/2024").createCell(0).setCellValue(5318716614123456d);
      // 19 digits: the double POI writes is 1.23456789012345677E18, not the id.
      row(sheet, 3, "27/05/2024").createCell(0).setCellValue(1234567890123456789d);
      row(sheet, 4, "27/05/2024").createCell(0).setCellFormula("A2+1");
      Row na = row(sheet, 5, "27/05/2024");
      na.createCell(0).setCellValue(3333333333d);
      na.getCell(1).setCellErrorValue(FormulaError.NA.getCode());
      row(sheet, 6, "05/27/2024").createCell(0).setCellValue(4444444444d);
      file = write(wb, "crm.xlsx");
    }

    RunSummary summary =
        run(
            file,
            "sheet = Contatos, date-columns = data_envio, text-date-formats = \"dd/MM/yyyy\"");

    RunSummary.SourceCounts crm = summary.source("crm");
    assertThat(crm.read()).isEqualTo(6);
    assertThat(crm.accepted()).isEqualTo(2);
    assertThat(crm.accepted() + crm.rejectedTotal()).isEqualTo(crm.read());
    assertThat(crm.rejected())
        .containsEntry(RejectReason.INVALID_VALUE, 3L)
        .containsEntry(RejectReason.UNPARSEABLE_DATE, 1L);
    assertThat(
            lines(
                QuarantineTable.of(spark, home().resolve("global").toString())
                    .entries(MAY_28)
                    .select("id_cliente")))
        .containsExactly("1234567890", "5318716614123456");

    List<String> rejects =
        lines(
            RejectsTable.of(spark, home().resolve("rejeitados").toString())
                .rejects(MAY_28)
                .select("motivo", "detalhe"));
    assertThat(rejects).hasSize(4);
    assertThat(rejects.get(0))
        .startsWith("INVALID_VALUE|Cell A5 holds a formula with no stored result")
        .contains("sheet 'Contatos', row 5, column A 'id_cliente', value '=A2+1'")
        .contains("Open the file in Excel and save it");
    assertThat(rejects.get(1))
        .startsWith("INVALID_VALUE|The cell holds the Excel error #N/A")
        .contains("row 6, column B 'email'");
    assertThat(rejects.get(2))
        // the double as this JVM writes it: Java 19 and later write the shortest form
        // (1.2345678901234568E18), Java 17 one digit more (1.23456789012345677E18)
        .startsWith(
            "INVALID_VALUE|The number " + Double.toString(1234567890123456789d) + " has 19 digits")
        .contains("the spreadsheet cannot hold that many digits exactly")
        .contains("row 4, column A 'id_cliente'")
        .contains("Format the column as Text");
    assertThat(rejects.get(3))
        .startsWith("UNPARSEABLE_DATE|The text is not a date in any of the formats [dd/MM/yyyy]")
        .contains("row 7, column C 'data_envio', value '05/27/2024'");

    // The raw values are the sheet's, with the row number; the problem is in the detail only.
    assertThat(
            lines(
                RejectsTable.of(spark, home().resolve("rejeitados").toString())
                    .rejects(MAY_28)
                    .select("valores")))
        .hasSize(4)
        .allSatisfy(v -> assertThat(v).contains("\"_linha\":").doesNotContain("_problema"));
  }

  @Test
  void aHeaderUnderATitleAndBadOptionsNameTheKeysOfTheJobFile() throws IOException {
    Path file;
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      sheet.createRow(0).createCell(0).setCellValue("Relatório de contatos - maio de 2024");
      Row h = sheet.createRow(2);
      h.createCell(0).setCellValue("id_cliente");
      h.createCell(1).setCellValue("data_envio");
      Row r = sheet.createRow(3);
      r.createCell(0).setCellValue(1234567890d);
      r.createCell(1).setCellValue("2024-05-28");
      file = write(wb, "title.xlsx");
    }
    assertThatThrownBy(() -> run(file, "required-columns = \"id_cliente, data_envio\""))
        .hasMessageContaining("Row 3 holds [id_cliente, data_envio], the header")
        .hasMessageContaining("Set header-row = 3");
    assertThatThrownBy(() -> run(file, "header-row = 0"))
        .hasMessageContaining("source 'crm' (channel CRM) cannot be read: xlsx option")
        .hasMessageContaining("header-row 0 is not a row");
    assertThatThrownBy(() -> run(file, "sheet = Contatos, sheet-index = 0"))
        .hasMessageContaining("source 'crm' (channel CRM) cannot be read: xlsx option")
        .hasMessageContaining("both sheet ('Contatos') and sheet-index (0) are given");
    RunSummary summary = run(file, "header-row = 3, required-columns = \"id_cliente, data_envio\"");
    assertThat(summary.source("crm").accepted()).isEqualTo(1);
  }
}

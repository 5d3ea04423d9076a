package io.quarentena.connectors.excel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxReaderTest {
  @TempDir Path dir;

  /** The CRM export as the article has it, written by POI, with a title row above the header. */
  private Path crmWorkbook() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      wb.createSheet("Resumo").createRow(0).createCell(0).setCellValue("nothing here");
      Sheet sheet = wb.createSheet("Contatos");
      CreationHelper helper = wb.getCreationHelper();
      CellStyle date = wb.createCellStyle();
      date.setDataFormat(helper.createDataFormat().getFormat("dd/mm/yyyy"));
      CellStyle dateTime = wb.createCellStyle();
      dateTime.setDataFormat(helper.createDataFormat().getFormat("dd/mm/yyyy hh:mm:ss"));
      sheet.createRow(0).createCell(0).setCellValue("Export CRM");
      Row header = sheet.createRow(1);
      String[] names = {"id_cliente", "email", "telefone", "assunto", "data_envio", "data_base"};
      for (int i = 0; i < names.length; i++) {
        header.createCell(i).setCellValue(names[i]);
      }
      Row r3 = sheet.createRow(2);
      r3.createCell(0).setCellValue(1234567890d);
      r3.createCell(1).setCellValue("  ana@example.com ");
      r3.createCell(2).setCellValue(5511987654321d);
      r3.createCell(3).setCellValue("Oferta");
      r3.createCell(4).setCellValue(LocalDate.of(2024, 5, 8));
      r3.getCell(4).setCellStyle(date);
      r3.createCell(5).setCellValue("28/05/2024");
      sheet.createRow(3); // blank row: skipped
      Row r5 = sheet.createRow(4);
      r5.createCell(0).setCellValue("0012345678");
      r5.createCell(2).setCellValue(12.5);
      r5.createCell(3).setCellValue(true);
      r5.createCell(4).setCellValue(LocalDateTime.of(2024, 5, 24, 13, 45, 10));
      r5.getCell(4).setCellStyle(dateTime);
      r5.createCell(5).setCellValue(20240528d);
      Row r6 = sheet.createRow(5);
      r6.createCell(1).setCellValue("   "); // blank text only: skipped too
      return write(wb, "crm.xlsx");
    }
  }

  private Path write(org.apache.poi.ss.usermodel.Workbook wb, String name) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      wb.write(out);
    }
    return file;
  }

  private static XlsxOptions.Builder crmOptions() {
    return XlsxOptions.builder()
        .sheet("Contatos")
        .headerRow(2)
        .dateColumns("data_base")
        .textDateFormats("dd/MM/yyyy", "yyyyMMdd")
        .sourceName("crm");
  }

  private static List<XlsxRow> readAll(Path file, XlsxOptions options) {
    List<XlsxRow> rows = new ArrayList<>();
    try (XlsxReader reader = XlsxReader.open(file, options)) {
      reader.forEach(rows::add);
    }
    return rows;
  }

  @Test
  void readsTypedCellsAsTextWithIdsAsIntegersAndDatesAsIso() throws IOException {
    Path file = crmWorkbook();
    try (XlsxReader reader = XlsxReader.open(file, crmOptions().build())) {
      assertThat(reader.header())
          .containsExactly("id_cliente", "email", "telefone", "assunto", "data_envio", "data_base");
      assertThat(reader.sheetName()).isEqualTo("Contatos");
      List<XlsxRow> rows = new ArrayList<>();
      reader.forEach(rows::add);
      assertThat(rows)
          .containsExactly(
              new XlsxRow(
                  3,
                  List.of(
                      "1234567890",
                      "ana@example.com",
                      "5511987654321",
                      "Oferta",
                      "2024-05-08",
                      "2024-05-28")),
              new XlsxRow(
                  5,
                  Arrays.asList(
                      "0012345678", null, "12.5", "true", "2024-05-24 13:45:10", "2024-05-28")));
    }
  }

  @Test
  void choosesTheSheetByIndex() throws IOException {
    Path file = crmWorkbook();
    List<XlsxRow> rows =
        readAll(file, XlsxOptions.builder().sheetIndex(1).headerRow(2).sourceName("crm").build());
    assertThat(rows).hasSize(2);
    try (XlsxReader first = XlsxReader.open(file, XlsxOptions.defaults())) {
      assertThat(first.sheetName()).isEqualTo("Resumo");
      assertThat(first.header()).containsExactly("nothing here");
      assertThat(first.iterator().hasNext()).isFalse();
    }
  }

  @Test
  void aMissingSheetNamesTheSheetsThereAre() throws IOException {
    Path file = crmWorkbook();
    assertThatThrownBy(() -> XlsxReader.open(file, XlsxOptions.builder().sheet("CRM").build()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("No sheet named 'CRM'")
        .hasMessageContaining("[Resumo, Contatos]");
  }

  @Test
  void aTextDateInNoFormatNamesFileSheetRowColumnAndValue() throws IOException {
    Path file = crmWorkbook();
    XlsxOptions isoOnly = crmOptions().textDateFormats("yyyy-MM-dd").sourceName("crm").build();
    assertThatThrownBy(() -> readAll(file, isoOnly))
        .isInstanceOfSatisfying(
            XlsxException.class,
            e -> {
              assertThat(e.sourceName()).isEqualTo("crm");
              assertThat(e.sheet()).isEqualTo("Contatos");
              assertThat(e.rowNumber()).isEqualTo(3);
              assertThat(e.column()).isEqualTo("F");
              assertThat(e.header()).isEqualTo("data_base");
              assertThat(e.value()).isEqualTo("28/05/2024");
              assertThat(e.isTransient()).isFalse();
            })
        .hasMessageContaining("source 'crm'")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("sheet 'Contatos', row 3, column F 'data_base', value '28/05/2024'")
        .hasMessageContaining("add its format to text-date-formats");
  }

  @Test
  void textDatesAreStrict() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("s");
      sheet.createRow(0).createCell(0).setCellValue("data_envio");
      sheet.createRow(1).createCell(0).setCellValue("31/02/2024");
      Path file = write(wb, "strict.xlsx");
      XlsxOptions options =
          XlsxOptions.builder().dateColumns("data_envio").textDateFormats("dd/MM/yyyy").build();
      assertThatThrownBy(() -> readAll(file, options))
          .isInstanceOf(XlsxException.class)
          .hasMessageContaining("value '31/02/2024'");
    }
  }

  @Test
  void anExcelErrorCellIsAnErrorNamingTheCell() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("s");
      sheet.createRow(0).createCell(0).setCellValue("id_cliente");
      sheet.createRow(1).createCell(0).setCellErrorValue(FormulaError.NA.getCode());
      Path file = write(wb, "error.xlsx");
      assertThatThrownBy(() -> readAll(file, XlsxOptions.defaults()))
          .isInstanceOf(XlsxException.class)
          .hasMessageContaining("Excel error #N/A")
          .hasMessageContaining("row 2, column A 'id_cliente'");
    }
  }

  @Test
  void headerProblemsAreClear() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Row header = wb.createSheet("s").createRow(0);
      header.createCell(0).setCellValue("id_cliente");
      header.createCell(1).setCellValue("id_cliente");
      Path file = write(wb, "dup.xlsx");
      assertThatThrownBy(() -> XlsxReader.open(file, XlsxOptions.defaults()))
          .hasMessageContaining("'id_cliente' appears twice");
      assertThatThrownBy(() -> XlsxReader.open(file, XlsxOptions.builder().headerRow(5).build()))
          .hasMessageContaining("header row 5 is empty or missing");
      header.getCell(1).setCellValue("email");
      Path fixed = write(wb, "fixed.xlsx");
      assertThatThrownBy(
              () -> XlsxReader.open(fixed, XlsxOptions.builder().dateColumns("data").build()))
          .hasMessageContaining("date-columns [data] are not in the header [id_cliente, email]")
          .hasMessageContaining("Fix the names in date-columns");
    }
  }

  @Test
  void readsAFileWrittenLikeASpreadsheetProgram() throws IOException {
    String styles =
        """
        <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>
        <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
        <fills count="1"><fill><patternFill patternType="none"/></fill></fills>
        <borders count="1"><border/></borders>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="4">
          <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
          <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
          <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
          <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        </cellXfs>""";
    String shared =
        """
        <si><t>id_cliente</t></si>
        <si><t>email</t></si>
        <si><t>assunto</t></si>
        <si><t>data_envio</t></si>
        <si><r><rPr><b/></rPr><t>Promo</t></r><r><t xml:space="preserve"> de maio</t></r></si>
        <si><t>ジョン</t><rPh sb="0" eb="3"><t>ジョン</t></rPh></si>
        <si><t>data_base</t></si>""";
    String sheetData =
        """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>6</v></c></row>
        <row r="2"><c r="A2"><v>1234567890</v></c><c r="B2" t="inlineStr"><is><t>bia@example.com</t></is></c><c r="C2" t="s"><v>4</v></c><c r="D2" s="1"><v>45420</v></c><c r="E2" t="d"><v>2024-05-28T00:00:00Z</v></c></row>
        <row r="4"><c r="A4" s="3" t="s"><v>5</v></c></row>
        <row r="6" spans="1:5"><c><v>1.23456789E9</v></c><c t="str"><f>LOWER("X@EXAMPLE.COM")</f><v>x@example.com</v></c><c/><c s="2"><v>45436.5729166667</v></c><c t="inlineStr"><is><r><t>2024-</t></r><r><t>05-28</t></r></is></c></row>
        <row r="7"><c r="A7"><v>0.30000000000000004</v></c><c r="G7"><v>1</v></c></row>
        """;
    Path file =
        new HandWrittenXlsx("Planilha1", sheetData, shared, styles)
            .writeTo(dir.resolve("excel.xlsx"));
    List<XlsxRow> rows =
        readAll(file, XlsxOptions.builder().dateColumns("data_base").sourceName("crm").build());
    assertThat(rows)
        .containsExactly(
            new XlsxRow(
                2,
                List.of(
                    "1234567890", "bia@example.com", "Promo de maio", "2024-05-08", "2024-05-28")),
            new XlsxRow(4, Arrays.asList("ジョン", null, null, null, null)),
            new XlsxRow(
                6,
                Arrays.asList(
                    "1234567890", "x@example.com", null, "2024-05-24 13:45:00", "2024-05-28")),
            new XlsxRow(7, Arrays.asList("0.3", null, null, null, null)));
  }

  @Test
  void aCorruptFileGivesAClearError() throws IOException {
    Path notZip = Files.write(dir.resolve("crm.xlsx"), "id_cliente;email\n1;a@b\n".getBytes());
    assertThatThrownBy(
            () -> XlsxReader.open(notZip, XlsxOptions.builder().sourceName("crm").build()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("source 'crm'")
        .hasMessageContaining("Not a readable .xlsx workbook")
        .hasMessageContaining(notZip.toString())
        .hasMessageContaining("Save or export the file again");

    Path good = crmWorkbook();
    byte[] bytes = Files.readAllBytes(good);
    Path truncated =
        Files.write(dir.resolve("truncated.xlsx"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> XlsxReader.open(truncated, XlsxOptions.defaults()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("Not a readable .xlsx workbook");

    Path noWorkbook =
        new HandWrittenXlsx("s", "", "", "")
            .without("xl/workbook.xml")
            .writeTo(dir.resolve("x.xlsx"));
    assertThatThrownBy(() -> XlsxReader.open(noWorkbook, XlsxOptions.defaults()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("Not a readable .xlsx workbook");

    assertThatThrownBy(() -> XlsxReader.open(dir.resolve("absent.xlsx"), XlsxOptions.defaults()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("does not exist");
  }

  /**
   * On a Spark 3.5 classpath, where the runtime's commons-compress 1.23 comes before the 1.28 POI
   * needs, POI's fallback for a damaged zip fails with this NoSuchMethodError (tried by hand): the
   * error must point at the classpath, not tell the user to export a good file again.
   */
  @Test
  void aLibraryConflictIsReportedAsTheClasspathNotTheFile() {
    NoSuchMethodError clash =
        new NoSuchMethodError(
            "'org.apache.commons.compress.archivers.zip.ZipArchiveEntry"
                + " org.apache.commons.compress.archivers.zip.ZipArchiveInputStream.getNextEntry()'");
    XlsxException e =
        XlsxReader.corrupt("crm", "crm.xlsx", new IllegalStateException("POI failed", clash));
    assertThat(e)
        .hasMessageContaining("source 'crm'")
        .hasMessageContaining("A library conflict stopped the workbook from being read")
        .hasMessageContaining("ZipArchiveInputStream.getNextEntry()")
        .hasMessageContaining("was loaded from file:")
        .hasMessageContaining("commons-compress")
        .hasMessageContaining("the classpath, not the file")
        .hasMessageContaining("quarentena-job")
        .message()
        .doesNotContain("Save or export the file again");
    assertThat(XlsxReader.jarOf(new NoSuchMethodError("no type here"))).isEmpty();
    assertThat(XlsxReader.jarOf(new NoClassDefFoundError("org/example/Gone"))).isEmpty();
  }

  @Test
  void damagedSheetXmlNamesTheLastRowRead() throws IOException {
    String sheetData =
        "<row r=\"1\"><c t=\"inlineStr\"><is><t>id</t></is></c></row>"
            + "<row r=\"2\"><c><v>1</v></c></row><row r=\"3\"><c><v>2</v></c>";
    Path file = new HandWrittenXlsx("s", sheetData, "", "").writeTo(dir.resolve("bad.xlsx"));
    try (XlsxReader reader = XlsxReader.open(file, XlsxOptions.defaults())) {
      var it = reader.iterator();
      assertThat(it.next().values()).containsExactly("1");
      assertThatThrownBy(it::hasNext)
          .isInstanceOf(XlsxException.class)
          .hasMessageContaining("XML is damaged")
          .hasMessageContaining("row 3");
    }
  }

  @Test
  void readsOnceAsAStream() throws IOException {
    Path file = crmWorkbook();
    try (XlsxReader reader = XlsxReader.open(file, crmOptions().build())) {
      reader.iterator();
      assertThatThrownBy(reader::iterator).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void readsWhatPoisStreamingWriterWrites() throws IOException {
    try (SXSSFWorkbook wb = new SXSSFWorkbook(10)) {
      Sheet sheet = wb.createSheet("big");
      Row h = sheet.createRow(0);
      h.createCell(0).setCellValue("id_cliente");
      h.createCell(1).setCellValue("telefone");
      for (int i = 1; i <= 500; i++) {
        Row r = sheet.createRow(i);
        r.createCell(0).setCellValue(9_000_000_000L + i);
        r.createCell(1).setCellValue(String.format("%011d", i));
      }
      Path file = write(wb, "sxssf.xlsx");
      List<XlsxRow> rows = readAll(file, XlsxOptions.defaults());
      assertThat(rows).hasSize(500);
      assertThat(rows.get(499)).isEqualTo(new XlsxRow(501, List.of("9000000500", "00000000500")));
    }
  }

  @Test
  void readsPoisSharedStringsTable() throws IOException {
    // Excel keeps every text cell in the workbook's shared-strings table, as this writer does.
    try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 10, true, true)) {
      Sheet sheet = wb.createSheet("crm");
      Row h = sheet.createRow(0);
      h.createCell(0).setCellValue("email");
      h.createCell(1).setCellValue("assunto");
      for (int i = 1; i <= 300; i++) {
        Row r = sheet.createRow(i);
        r.createCell(0).setCellValue("cliente" + i + "@example.com");
        r.createCell(1).setCellValue(i % 2 == 0 ? "Oferta" : "  Promo ");
      }
      Path file = write(wb, "shared.xlsx");
      List<XlsxRow> rows = readAll(file, XlsxOptions.defaults());
      assertThat(rows).hasSize(300);
      assertThat(rows.get(0)).isEqualTo(new XlsxRow(2, List.of("cliente1@example.com", "Promo")));
      assertThat(rows.get(299))
          .isEqualTo(new XlsxRow(301, List.of("cliente300@example.com", "Oferta")));
    }
  }

  @Test
  void readsAWorkbookWithoutASharedStringsPart() throws IOException {
    String sheetData =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id_cliente</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\"><v>42</v></c></row>";
    Path file =
        new HandWrittenXlsx("s", sheetData, "", "")
            .without("xl/sharedStrings.xml")
            .writeTo(dir.resolve("numbers-only.xlsx"));
    assertThat(readAll(file, XlsxOptions.defaults()))
        .containsExactly(new XlsxRow(2, List.of("42")));
  }

  @Test
  void optionsRejectConflictsAndBadPatternsNamingTheKeysOfAJobFile() {
    assertThatThrownBy(() -> XlsxOptions.builder().sheet("a").sheetIndex(1))
        .hasMessage("both sheet ('a') and sheet-index (1) are given: choose one");
    assertThatThrownBy(() -> XlsxOptions.builder().sheetIndex(1).sheet("a"))
        .hasMessage("both sheet ('a') and sheet-index (1) are given: choose one");
    assertThatThrownBy(() -> XlsxOptions.builder().sheetIndex(-1))
        .hasMessageStartingWith("sheet-index -1 is negative");
    assertThatThrownBy(() -> XlsxOptions.builder().headerRow(0))
        .hasMessage("header-row 0 is not a row: Excel numbers rows from 1");
    assertThatThrownBy(() -> XlsxOptions.builder().textDateFormats("dd/MM/yyyy{"))
        .hasMessageStartingWith("text-date-formats: 'dd/MM/yyyy{' is not a date pattern");
    assertThatThrownBy(() -> XlsxOptions.builder().textDateFormats())
        .hasMessageStartingWith("text-date-formats: ");
    assertThatThrownBy(() -> XlsxOptions.builder().requiredColumns(" "))
        .hasMessageStartingWith("required-columns: ");
  }

  /** A workbook with one column, {@code id_cliente}, and these rows of sheet XML after it. */
  private HandWrittenXlsx ids(String rows) {
    return new HandWrittenXlsx(
        "Planilha1",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id_cliente</t></is></c></row>" + rows,
        "",
        "");
  }

  private static String numberRow(int row, String number) {
    return "<row r=\"" + row + "\"><c r=\"A" + row + "\"><v>" + number + "</v></c></row>";
  }

  private static List<String> ids(Path file) {
    List<String> ids = new ArrayList<>();
    for (XlsxRow row : readAll(file, XlsxOptions.defaults())) {
      ids.add(row.get(0));
    }
    return ids;
  }

  /** Issue 14: 5318716614123456 came out as 5318716614123460, rounded to 15 digits. */
  @Test
  void aSixteenDigitIdWrittenByPoiKeepsEveryDigit() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("ids");
      sheet.createRow(0).createCell(0).setCellValue("id_cliente");
      sheet.createRow(1).createCell(0).setCellValue(5318716614123456d); // 5.318716614123456E15
      sheet.createRow(2).createCell(0).setCellValue(9007199254740991d); // 2^53 - 1
      sheet.createRow(3).createCell(0).setCellValue(1000000000000000d); // 1.0E15
      sheet.createRow(4).createCell(0).setCellValue(-5318716614123456d);
      assertThat(ids(write(wb, "poi-ids.xlsx")))
          .containsExactly(
              "5318716614123456", "9007199254740991", "1000000000000000", "-5318716614123456");
    }
  }

  @Test
  void aWholeNumberWrittenOutDigitByDigitKeepsEveryDigitWhateverItsLength() throws IOException {
    Path file =
        ids(numberRow(2, "5318716614123456")
                + numberRow(3, "12345678901234567890123")
                + numberRow(4, "5318716614123450")
                + numberRow(5, "5318716614123456.000")
                + numberRow(6, "-9999999999999999"))
            .writeTo(dir.resolve("in-full.xlsx"));
    assertThat(ids(file))
        .containsExactly(
            "5318716614123456",
            "12345678901234567890123",
            "5318716614123450",
            "5318716614123456",
            "-9999999999999999");
  }

  @Test
  void aNumberTheFileHoldsOnlyAsARoundedDoubleIsAnErrorSayingTheColumnShouldBeText()
      throws IOException {
    // 17 significant digits of a double, as Excel and many writers print one: not a whole number.
    Path file =
        ids(numberRow(2, "1234567890") + numberRow(3, "5.3187166141234602E15"))
            .writeTo(dir.resolve("rounded.xlsx"));
    XlsxException e =
        catchThrowableOfType(
            XlsxException.class,
            () -> readAll(file, XlsxOptions.builder().sourceName("crm").build()));
    assertThat(Arrays.asList(e.sheet(), e.rowNumber(), e.column(), e.header(), e.value()))
        .containsExactly("Planilha1", 3, "A", "id_cliente", "5.3187166141234602E15");
    assertThat(e)
        .hasMessageContaining(
            "source 'crm': The number 5.3187166141234602E15 has 16 digits before the decimal point")
        .hasMessageContaining("the spreadsheet cannot hold that many digits exactly")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("sheet 'Planilha1', row 3, column A 'id_cliente'")
        .hasMessageContaining("Format the column as Text");

    // POI writes 1234567890123456789 as the double it became: 1.23456789012345677E18.
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("ids");
      sheet.createRow(0).createCell(0).setCellValue("id_cliente");
      sheet.createRow(1).createCell(0).setCellValue(1234567890123456789d);
      sheet.createRow(2).createCell(0).setCellValue(9007199254740992d); // 2^53: also 2^53 + 1
      Path poi = write(wb, "poi-19.xlsx");
      assertThatThrownBy(() -> readAll(poi, XlsxOptions.defaults()))
          .isInstanceOfSatisfying(
              XlsxException.class, x -> assertThat(x.value()).isEqualTo("1.23456789012345677E18"))
          .hasMessageContaining("has 19 digits before the decimal point")
          .hasMessageContaining("holds whole numbers exactly only up to 9007199254740991");
      try (XlsxReader reader =
          XlsxReader.open(poi, XlsxOptions.builder().cellProblemsOnTheRow().build())) {
        List<XlsxRow> rows = new ArrayList<>();
        reader.forEach(rows::add);
        assertThat(rows).extracting(r -> r.problems().get(0).cell()).containsExactly("A2", "A3");
      }
    }
  }

  @Test
  void aSixteenDigitNumberInAWorkbookSavedByExcelLostItsLastDigitsAndCannotBeRead()
      throws IOException {
    // Typed into Excel, 5318716614123456 is stored as 5318716614123450; 1234567890123456789 as
    // the double nearest 1234567890123450000, which Excel writes with 17 significant digits.
    String rows =
        numberRow(2, "123456789012345")
            + numberRow(3, "5318716614123450")
            + numberRow(4, "1.2345678901234499E+18")
            + numberRow(5, "5318716614123456");
    Path excel = ids(rows).savedBy("Microsoft Excel").writeTo(dir.resolve("excel-ids.xlsx"));
    List<XlsxRow> read;
    try (XlsxReader reader =
        XlsxReader.open(excel, XlsxOptions.builder().cellProblemsOnTheRow().build())) {
      read = new ArrayList<>();
      reader.forEach(read::add);
    }
    assertThat(read)
        .extracting(r -> r.get(0))
        .containsExactly("123456789012345", null, null, "5318716614123456");
    assertThat(read.get(0).problems()).isEmpty();
    XlsxCellProblem typed = read.get(1).problems().get(0);
    assertThat(typed.cell()).isEqualTo("A3");
    assertThat(typed.value()).isEqualTo("5318716614123450");
    assertThat(typed.message())
        .contains("Excel keeps only 15 significant digits of a number")
        .contains("the spreadsheet cannot hold that many digits exactly")
        .contains("Format the column as Text");
    assertThat(read.get(2).problems().get(0).message()).contains("only up to 9007199254740991");
    // 16 significant digits cannot have been typed (a formula made it): Excel holds it exactly.
    assertThat(read.get(3).problems()).isEmpty();

    // Another program's file, which does not round what is typed: the digits are as written.
    Path calc =
        ids(rows).savedBy("LibreOffice/7.6.4.1$Linux_X86_64").writeTo(dir.resolve("calc.xlsx"));
    assertThatThrownBy(() -> ids(calc))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("row 4")
        .hasMessageContaining("1.2345678901234499E+18");
  }

  @Test
  void aFormulaWithNoStoredResultNamesTheCellAndSaysHowToStoreIt() throws IOException {
    String sheetData =
        """
        <row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c><c r="B1" t="inlineStr"><is><t>data_envio</t></is></c><c r="C1" t="inlineStr"><is><t>id_cliente</t></is></c></row>
        <row r="6"><c r="A6" t="inlineStr"><is><t>ana@example.com</t></is></c><c r="C6"><f>1234567890+0</f><v>1234567890</v></c></row>
        <row r="7"><c r="A7" t="inlineStr"><is><t>bia@example.com</t></is></c><c r="C7"><f>VLOOKUP(A7,Clientes!A:B,2,FALSE)</f></c></row>
        """;
    Path file =
        new HandWrittenXlsx("Contatos", sheetData, "", "").writeTo(dir.resolve("formula.xlsx"));
    try (XlsxReader reader =
        XlsxReader.open(file, XlsxOptions.builder().sourceName("crm").build())) {
      Iterator<XlsxRow> rows = reader.iterator();
      assertThat(rows.next().values()).containsExactly("ana@example.com", null, "1234567890");
      XlsxException e = catchThrowableOfType(XlsxException.class, rows::hasNext);
      assertThat(Arrays.asList(e.sheet(), e.rowNumber(), e.column(), e.header(), e.value()))
          .containsExactly("Contatos", 7, "C", "id_cliente", "=VLOOKUP(A7,Clientes!A:B,2,FALSE)");
      assertThat(e)
          .hasMessageStartingWith(
              "source 'crm': Cell C7 holds a formula with no stored result: the file was saved"
                  + " without calculating it")
          .hasMessageContaining("sheet 'Contatos', row 7, column C 'id_cliente'")
          .hasMessageContaining("Open the file in Excel and save it")
          .hasMessageContaining("Paste Special > Values");
    }

    // POI writes formulas without their results unless told to calculate them.
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("s");
      sheet.createRow(0).createCell(0).setCellValue("id_cliente");
      sheet.createRow(1).createCell(0).setCellFormula("1234567890+0");
      Path poi = write(wb, "poi-formula.xlsx");
      assertThatThrownBy(() -> readAll(poi, XlsxOptions.defaults()))
          .hasMessageContaining("Cell A2 holds a formula with no stored result");
    }
  }

  @Test
  void cellProblemsOnTheRowLeaveTheCellEmptyAndReadOn() throws IOException {
    String sheetData =
        """
        <row r="1"><c r="A1" t="inlineStr"><is><t>id_cliente</t></is></c><c r="B1" t="inlineStr"><is><t>data_envio</t></is></c></row>
        <row r="2"><c r="A2"><v>1111111111</v></c><c r="B2" t="inlineStr"><is><t>28/05/2024</t></is></c></row>
        <row r="3"><c r="A3" t="e"><v>#N/A</v></c><c r="B3" t="inlineStr"><is><t>28/05/2024</t></is></c></row>
        <row r="4"><c r="A4"><f>B4*2</f></c><c r="B4" t="inlineStr"><is><t>05/28/2024</t></is></c></row>
        <row r="5"><c r="A5"><f>A2</f></c></row>
        <row r="6"><c r="A6"><v>5555555555</v></c><c r="B6" t="inlineStr"><is><t>27/05/2024</t></is></c></row>
        """;
    Path file = new HandWrittenXlsx("s", sheetData, "", "").writeTo(dir.resolve("problems.xlsx"));
    XlsxOptions.Builder options =
        XlsxOptions.builder()
            .sourceName("crm")
            .dateColumns("data_envio")
            .textDateFormats("dd/MM/yyyy");
    assertThatThrownBy(() -> readAll(file, options.build()))
        .hasMessageContaining("Excel error #N/A")
        .hasMessageContaining("row 3");

    List<XlsxRow> rows = readAll(file, options.cellProblemsOnTheRow().build());
    assertThat(rows)
        .extracting(XlsxRow::rowNumber, XlsxRow::values)
        .containsExactly(
            tuple(2, List.of("1111111111", "2024-05-28")),
            tuple(3, Arrays.asList(null, "2024-05-28")),
            tuple(4, Arrays.asList(null, null)),
            tuple(5, Arrays.asList(null, null)),
            tuple(6, List.of("5555555555", "2024-05-27")));
    assertThat(rows.get(0).problems()).isEmpty();
    assertThat(rows.get(1).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.cell()).isEqualTo("A3");
              assertThat(p.header()).isEqualTo("id_cliente");
              assertThat(p.value()).isEqualTo("#N/A");
              assertThat(p.kind()).isEqualTo(XlsxCellProblem.Kind.VALUE);
              assertThat(p.message())
                  .startsWith("The cell holds the Excel error #N/A (file " + file)
                  .contains("sheet 's', row 3, column A 'id_cliente', value '#N/A'");
            });
    assertThat(rows.get(2).problems())
        .extracting(XlsxCellProblem::cell, XlsxCellProblem::kind)
        .containsExactly(
            tuple("A4", XlsxCellProblem.Kind.VALUE), tuple("B4", XlsxCellProblem.Kind.DATE));
    assertThat(rows.get(2).problems().get(1).message())
        .contains("The text is not a date in any of the formats [dd/MM/yyyy]");
    // A row whose only cell cannot be read is not blank: it is read, with its problem.
    assertThat(rows.get(3).problems()).extracting(XlsxCellProblem::cell).containsExactly("A5");
  }

  @Test
  void aHeaderUnderATitleSaysToSetHeaderRow() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      sheet.createRow(0).createCell(0).setCellValue("Contatos CRM - maio de 2024");
      Row header = sheet.createRow(2);
      header.createCell(0).setCellValue("id_cliente");
      header.createCell(1).setCellValue("data_envio");
      sheet.createRow(3).createCell(0).setCellValue(1234567890d);
      Path file = write(wb, "title.xlsx");
      assertThatThrownBy(
              () ->
                  XlsxReader.open(
                      file, XlsxOptions.builder().requiredColumns("id_cliente").build()))
          .isInstanceOf(XlsxException.class)
          .hasMessageContaining(
              "The header lacks the required column [id_cliente]; it has [Contatos CRM - maio de"
                  + " 2024]. Row 3 holds [id_cliente, data_envio], the header")
          .hasMessageContaining("Set header-row = 3 in the source's options");
      assertThatThrownBy(() -> XlsxReader.open(file, XlsxOptions.builder().headerRow(2).build()))
          .hasMessageContaining(
              "The header row 2 is empty or missing; the first row with values after it is row"
                  + " 3, holding [id_cliente, data_envio]")
          .hasMessageContaining("Set header-row = 3");
      try (XlsxReader reader =
          XlsxReader.open(
              file, XlsxOptions.builder().headerRow(3).requiredColumns("id_cliente").build())) {
        assertThat(reader.iterator().next().get(0)).isEqualTo("1234567890");
      }
    }
  }
}

package io.quarentena.connectors.excel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus ({@code src/test/resources/xlsx/bad}, written by {@link
 * XlsxBadInputCorpus}): one test per file. Each bad file gives an {@link XlsxException} that names
 * the source, the file and, when the fault is in a cell, the sheet, row, column and value, and says
 * what was expected; none yields rows silently wrong.
 */
class XlsxBadInputTest {
  private static final String SOURCE = "crm";

  private static Path corpus(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(XlsxBadInputTest.class.getResource("/xlsx/bad/" + name), name)
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static XlsxOptions.Builder crm() {
    return XlsxOptions.builder()
        .sourceName(SOURCE)
        .sheet("Contatos")
        .requiredColumns("id_cliente", "data_envio")
        .dateColumns("data_envio")
        .textDateFormats("dd/MM/yyyy", "yyyy-MM-dd");
  }

  private static List<XlsxRow> readAll(Path file, XlsxOptions options) {
    List<XlsxRow> rows = new ArrayList<>();
    try (XlsxReader reader = XlsxReader.open(file, options)) {
      reader.forEach(rows::add);
    }
    return rows;
  }

  @Test
  void everyFileInTheCorpusHasATest() throws IOException {
    try (Stream<Path> files = Files.list(corpus("truncated.xlsx").getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "truncated.xlsx",
              "not-a-workbook.xlsx",
              "corrupt-sheet-xml.xlsx",
              "password-protected.xlsx",
              "excel-97-2003.xlsx",
              "wrong-sheet.xlsx",
              "missing-column.xlsx",
              "huge-cell.xlsx",
              "scientific-ids.xlsx",
              "dates-three-formats.xlsx",
              "long-ids-written-by-a-library.xlsx",
              "long-ids-typed-into-excel.xlsx",
              "formula-without-result.xlsx",
              "title-above-header.xlsx");
    }
  }

  @Test
  void aTruncatedFileIsNotAReadableWorkbook() {
    Path file = corpus("truncated.xlsx");
    assertThatThrownBy(() -> XlsxReader.open(file, crm().build()))
        .isInstanceOfSatisfying(XlsxException.class, e -> assertThat(e.file()).isEqualTo("" + file))
        .hasMessageStartingWith("source 'crm': Not a readable .xlsx workbook")
        .hasMessageContaining("Save or export the file again as an Excel Workbook (.xlsx)");
  }

  @Test
  void aCsvNamedXlsxIsNotAReadableWorkbook() {
    assertThatThrownBy(() -> XlsxReader.open(corpus("not-a-workbook.xlsx"), crm().build()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("source 'crm': Not a readable .xlsx workbook")
        .hasMessageContaining(".csv files are not read by this reader");
  }

  @Test
  void damagedSheetXmlFailsAtTheRowItBreaksIn() {
    try (XlsxReader reader = XlsxReader.open(corpus("corrupt-sheet-xml.xlsx"), crm().build())) {
      Iterator<XlsxRow> rows = reader.iterator();
      assertThat(rows.next().values()).containsExactly("1234567890", null, null, null, null);
      XlsxException e = catchThrowableOfType(XlsxException.class, rows::hasNext);
      assertThat(e.sheet()).isEqualTo("Contatos");
      assertThat(e.rowNumber()).isEqualTo(3);
      assertThat(e)
          .hasMessageContaining("source 'crm': The sheet's XML is damaged")
          .hasMessageContaining("sheet 'Contatos', row 3")
          .hasMessageContaining("save it again as .xlsx");
    }
  }

  @Test
  void aPasswordProtectedWorkbookSaysSoAndHowToGetAReadableCopy() {
    assertThatThrownBy(() -> XlsxReader.open(corpus("password-protected.xlsx"), crm().build()))
        .isInstanceOfSatisfying(XlsxException.class, e -> assertThat(e.rowNumber()).isZero())
        .hasMessageContaining("source 'crm': The workbook is password-protected (encrypted)")
        .hasMessageContaining("Ask the owner for a copy without a password");
  }

  @Test
  void anExcel97WorkbookSaysToSaveItAsXlsx() {
    assertThatThrownBy(() -> XlsxReader.open(corpus("excel-97-2003.xlsx"), crm().build()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining("source 'crm': The file is an Excel 97-2003 workbook (.xls)")
        .hasMessageContaining("save it as Excel Workbook (.xlsx)");
  }

  @Test
  void theWrongSheetNameListsTheSheetsThereAre() {
    assertThatThrownBy(() -> XlsxReader.open(corpus("wrong-sheet.xlsx"), crm().build()))
        .isInstanceOf(XlsxException.class)
        .hasMessageContaining(
            "source 'crm': No sheet named 'Contatos'; the workbook has [Planilha1]")
        .hasMessageContaining("Set the sheet option to one of these names");
  }

  @Test
  void aMissingRequiredColumnNamesItAndTheHeaderFound() {
    XlsxException e =
        catchThrowableOfType(
            XlsxException.class,
            () -> XlsxReader.open(corpus("missing-column.xlsx"), crm().build()));
    assertThat(e.sheet()).isEqualTo("Contatos");
    assertThat(e.rowNumber()).isEqualTo(1);
    assertThat(e)
        .hasMessageContaining(
            "source 'crm': The header lacks the required column [id_cliente]; it has [ID Cliente,"
                + " email, telefone, assunto, data_envio]")
        .hasMessageContaining("sheet 'Contatos', row 1");
  }

  @Test
  void aCellLongerThanExcelAllowsIsAnErrorWithAShortenedValue() {
    try (XlsxReader reader = XlsxReader.open(corpus("huge-cell.xlsx"), crm().build())) {
      XlsxException e = catchThrowableOfType(XlsxException.class, reader.iterator()::hasNext);
      assertThat(e.rowNumber()).isEqualTo(2);
      assertThat(e.column()).isEqualTo("B");
      assertThat(e.header()).isEqualTo("email");
      assertThat(e.value()).startsWith("xxxx").endsWith("... (40000 characters)").hasSize(102);
      assertThat(e)
          .hasMessageContaining("The cell holds 40000 characters, more than the 32767 Excel allows")
          .hasMessageContaining("row 2, column B 'email', value 'xxxx");
      assertThat(e.getMessage()).hasSizeLessThan(600);
    }
  }

  @Test
  void idsInScientificNotationKeepTheirDigitsAsNumbersAndStayTextAsText() {
    List<XlsxRow> rows = readAll(corpus("scientific-ids.xlsx"), crm().build());
    // A number cell holds every digit whatever its display format: read in full.
    assertThat(rows.get(0).values())
        .containsExactly("123456789012", null, "5511987654321", null, null);
    // Text such as 1.23457E+11 lost its last digits before it reached the file: it is kept as
    // it is, never rounded into a plausible id, so the pipeline rejects it as an invalid id.
    assertThat(rows.get(1).values()).containsExactly("1.23457E+11", null, null, null, null);
    assertThat(rows.get(2).values()).containsExactly("1,23457E+11", null, null, null, null);
    assertThat(rows).hasSize(3);
  }

  @Test
  void datesInThreeFormatsReadAndAFourthNamesTheFormatsExpected() {
    try (XlsxReader reader = XlsxReader.open(corpus("dates-three-formats.xlsx"), crm().build())) {
      Iterator<XlsxRow> rows = reader.iterator();
      assertThat(rows.next().get(4)).as("a date cell").isEqualTo("2024-05-28");
      assertThat(rows.next().get(4)).as("dd/MM/yyyy text").isEqualTo("2024-05-27");
      assertThat(rows.next().get(4)).as("ISO text").isEqualTo("2024-05-26");
      XlsxException e = catchThrowableOfType(XlsxException.class, rows::hasNext);
      assertThat(Arrays.asList(e.rowNumber(), e.column(), e.header(), e.value()))
          .containsExactly(5, "E", "data_envio", "05/25/2024");
      assertThat(e)
          .hasMessageContaining(
              "source 'crm': The text is not a date in any of the formats [dd/MM/yyyy,"
                  + " yyyy-MM-dd]")
          .hasMessageContaining("row 5, column E 'data_envio', value '05/25/2024'")
          .hasMessageContaining("add its format to text-date-formats");
    }
  }

  @Test
  void longIdsKeepEveryDigitTheCellHoldsAndTheOthersAreProblemsSayingToUseText() {
    Path file = corpus("long-ids-written-by-a-library.xlsx");
    List<XlsxRow> rows = readAll(file, crm().cellProblemsOnTheRow().build());
    assertThat(rows)
        .extracting(r -> r.get(0))
        .containsExactly("5318716614123456", null, "1234567890123456789");
    assertThat(rows.get(0).problems()).isEmpty();
    assertThat(rows.get(2).problems()).isEmpty();
    XlsxCellProblem p = rows.get(1).problems().get(0);
    assertThat(Arrays.asList(p.cell(), p.header(), p.value()))
        .containsExactly("A3", "id_cliente", "1.23456789012345677E18");
    assertThat(p.message())
        .contains("The number 1.23456789012345677E18 has 19 digits before the decimal point")
        .contains("the spreadsheet cannot hold that many digits exactly")
        .contains("sheet 'Contatos', row 3, column A 'id_cliente'")
        .contains("Format the column as Text");
    // Read strictly, the same cell is an error.
    assertThatThrownBy(() -> readAll(file, crm().build()))
        .isInstanceOfSatisfying(XlsxException.class, e -> assertThat(e.rowNumber()).isEqualTo(3))
        .hasMessageContaining("source 'crm': The number 1.23456789012345677E18");
  }

  @Test
  void longIdsTypedIntoExcelLostTheirLastDigitsAndAreProblemsSayingToUseText() {
    List<XlsxRow> rows =
        readAll(corpus("long-ids-typed-into-excel.xlsx"), crm().cellProblemsOnTheRow().build());
    assertThat(rows)
        .extracting(r -> r.get(0))
        .containsExactly(null, null, "123456789012345", "5318716614123456");
    assertThat(rows.get(0).problems().get(0).message())
        .startsWith(
            "The number 5318716614123450 has 16 digits, and Excel keeps only 15 significant"
                + " digits of a number")
        .contains("row 2, column A 'id_cliente'")
        .contains("Format the column as Text");
    assertThat(rows.get(1).problems().get(0).message())
        .contains("1.2345678901234499E+18 has 19 digits")
        .contains("cannot hold that many digits exactly");
  }

  @Test
  void aFormulaWithNoStoredResultNamesTheCellAndSaysHowToStoreIt() {
    try (XlsxReader reader =
        XlsxReader.open(corpus("formula-without-result.xlsx"), crm().build())) {
      Iterator<XlsxRow> rows = reader.iterator();
      assertThat(rows.next().get(0)).isEqualTo("1234567890");
      XlsxException e = catchThrowableOfType(XlsxException.class, rows::hasNext);
      assertThat(Arrays.asList(e.sheet(), e.rowNumber(), e.column(), e.header(), e.value()))
          .containsExactly("Contatos", 3, "A", "id_cliente", "=A2+1");
      assertThat(e)
          .hasMessageStartingWith("source 'crm': Cell A3 holds a formula with no stored result")
          .hasMessageContaining("Open the file in Excel and save it");
    }
    List<XlsxRow> rows =
        readAll(corpus("formula-without-result.xlsx"), crm().cellProblemsOnTheRow().build());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).problems()).extracting(XlsxCellProblem::cell).containsExactly("A3");
    assertThat(rows.get(1).get(4)).isEqualTo("2024-05-28");
  }

  @Test
  void aHeaderUnderATitleSaysToSetHeaderRowToTheRowItIsOn() {
    Path file = corpus("title-above-header.xlsx");
    XlsxException e =
        catchThrowableOfType(XlsxException.class, () -> XlsxReader.open(file, crm().build()));
    assertThat(e.rowNumber()).isEqualTo(1);
    assertThat(e)
        .hasMessageContaining(
            "source 'crm': The header lacks the required columns [id_cliente, data_envio]; it has"
                + " [Relatório de contatos CRM - maio de 2024]. Row 3 holds [id_cliente, email,"
                + " telefone, assunto, data_envio], the header")
        .hasMessageContaining("Set header-row = 3 in the source's options");
    assertThat(readAll(file, crm().headerRow(3).build()))
        .containsExactly(
            new XlsxRow(4, Arrays.asList("1234567890", null, null, null, "2024-05-28")));
  }
}

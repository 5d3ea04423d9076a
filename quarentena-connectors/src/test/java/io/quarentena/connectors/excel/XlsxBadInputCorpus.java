package io.quarentena.connectors.excel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes the bad-input corpus under {@code src/test/resources/xlsx/bad} (committed; rerun after
 * changing a file's recipe). Each file has its own test in {@link XlsxBadInputTest}.
 *
 * <pre>
 * java -cp target/test-classes:$(cat cp.txt) io.quarentena.connectors.excel.XlsxBadInputCorpus \
 *     src/test/resources/xlsx/bad
 * </pre>
 */
final class XlsxBadInputCorpus {
  static final String[] HEADER = {"id_cliente", "email", "telefone", "assunto", "data_envio"};

  private XlsxBadInputCorpus() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));

    byte[] good = crm("Contatos");
    Files.write(dir.resolve("truncated.xlsx"), Arrays.copyOf(good, good.length / 2));
    Files.write(
        dir.resolve("not-a-workbook.xlsx"),
        "id_cliente;email;data_envio\n1234567890;ana@example.com;28/05/2024\n"
            .getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("wrong-sheet.xlsx"), crm("Planilha1"));
    encrypt(good, "segredo-123", dir.resolve("password-protected.xlsx"));
    try (HSSFWorkbook xls = new HSSFWorkbook()) {
      fill(xls, xls.createSheet("Contatos"));
      write(xls, dir.resolve("excel-97-2003.xlsx"));
    }

    // The sheet's XML ends in the middle of row 3, as a copy cut by a network drive would.
    new HandWrittenXlsx(
            "Contatos",
            headerRow()
                + "<row r=\"2\"><c r=\"A2\"><v>1234567890</v></c></row>"
                + "<row r=\"3\"><c r=\"A3\"><v>2345678901</v></c><c r=\"B3\" t=\"inlineStr\"><is>"
                + "<t>bia@exa",
            "",
            "")
        .writeTo(dir.resolve("corrupt-sheet-xml.xlsx"));

    // The CRM export with its id column renamed by hand.
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      Row h = sheet.createRow(0);
      String[] names = {"ID Cliente", "email", "telefone", "assunto", "data_envio"};
      for (int i = 0; i < names.length; i++) {
        h.createCell(i).setCellValue(names[i]);
      }
      Row r = sheet.createRow(1);
      r.createCell(0).setCellValue(1234567890d);
      r.createCell(4).setCellValue("28/05/2024");
      write(wb, dir.resolve("missing-column.xlsx"));
    }

    // 40,000 characters in one cell: more than Excel allows (POI refuses to write it, so by hand).
    new HandWrittenXlsx(
            "Contatos",
            headerRow()
                + "<row r=\"2\"><c r=\"A2\"><v>1234567890</v></c>"
                + "<c r=\"B2\" t=\"inlineStr\"><is><t>"
                + "x".repeat(40_000)
                + "</t></is></c></row>",
            "",
            "")
        .writeTo(dir.resolve("huge-cell.xlsx"));

    // Ids in scientific notation: as numbers (digits all there) and as text (digits lost).
    new HandWrittenXlsx(
            "Contatos",
            headerRow()
                + "<row r=\"2\"><c r=\"A2\"><v>1.23456789012E+11</v></c>"
                + "<c r=\"C2\"><v>5.511987654321E12</v></c></row>"
                + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c></row>"
                + "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>1,23457E+11</t></is></c></row>",
            "<si><t>1.23457E+11</t></si>",
            "")
        .writeTo(dir.resolve("scientific-ids.xlsx"));

    // data_envio in three formats (a date cell, dd/MM/yyyy text, ISO text), then a US date.
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      header(sheet);
      CellStyle date = wb.createCellStyle();
      date.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy"));
      Row r2 = sheet.createRow(1);
      r2.createCell(0).setCellValue(1111111111d);
      r2.createCell(4).setCellValue(LocalDate.of(2024, 5, 28));
      r2.getCell(4).setCellStyle(date);
      Row r3 = sheet.createRow(2);
      r3.createCell(0).setCellValue(2222222222d);
      r3.createCell(4).setCellValue("27/05/2024");
      Row r4 = sheet.createRow(3);
      r4.createCell(0).setCellValue(3333333333d);
      r4.createCell(4).setCellValue("2024-05-26");
      Row r5 = sheet.createRow(4);
      r5.createCell(0).setCellValue(4444444444d);
      r5.createCell(4).setCellValue("05/25/2024");
      write(wb, dir.resolve("dates-three-formats.xlsx"));
    }

    // Ids of 16 and 19 digits written by a library (POI) as numbers: the 16-digit one is a double
    // held exactly (5.318716614123456E15), the 19-digit one is not (1.23456789012345677E18); as
    // text, both keep their digits.
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      header(sheet);
      idCell(sheet, 1).setCellValue(5318716614123456d);
      idCell(sheet, 2).setCellValue(1234567890123456789d);
      idCell(sheet, 3).setCellValue("1234567890123456789");
      write(wb, dir.resolve("long-ids-written-by-a-library.xlsx"));
    }

    // The same ids typed into Excel's number cells, as Excel saves them: it kept 15 significant
    // digits of each (5318716614123450; the double nearest 1234567890123450000, written with 17
    // digits). A 15-digit id and a 16-digit id typed as text are sound.
    new HandWrittenXlsx(
            "Contatos",
            headerRow()
                + "<row r=\"2\"><c r=\"A2\"><v>5318716614123450</v></c></row>"
                + "<row r=\"3\"><c r=\"A3\"><v>1.2345678901234499E+18</v></c></row>"
                + "<row r=\"4\"><c r=\"A4\"><v>123456789012345</v></c></row>"
                + "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>0</v></c></row>",
            "<si><t>5318716614123456</t></si>",
            "")
        .savedBy("Microsoft Excel")
        .writeTo(dir.resolve("long-ids-typed-into-excel.xlsx"));

    // The id column computed by a formula in a file saved without calculating it (as POI and
    // other libraries write formulas): the cells hold the formula and no result.
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      header(sheet);
      idCell(sheet, 1).setCellValue(1234567890d);
      idCell(sheet, 2).setCellFormula("A2+1");
      write(wb, dir.resolve("formula-without-result.xlsx"));
    }

    // A title and a blank row above the header, as reports exported for people have.
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("Contatos");
      sheet.createRow(0).createCell(0).setCellValue("Relatório de contatos CRM - maio de 2024");
      header(sheet, 2);
      idCell(sheet, 3).setCellValue(1234567890d);
      write(wb, dir.resolve("title-above-header.xlsx"));
    }
  }

  private static String headerRow() {
    StringBuilder b = new StringBuilder("<row r=\"1\">");
    for (int i = 0; i < HEADER.length; i++) {
      b.append("<c r=\"")
          .append((char) ('A' + i))
          .append("1\" t=\"inlineStr\"><is><t>")
          .append(HEADER[i])
          .append("</t></is></c>");
    }
    return b.append("</row>").toString();
  }

  private static void header(Sheet sheet) {
    header(sheet, 0);
  }

  private static void header(Sheet sheet, int rowIndex) {
    Row h = sheet.createRow(rowIndex);
    for (int i = 0; i < HEADER.length; i++) {
      h.createCell(i).setCellValue(HEADER[i]);
    }
  }

  /** A contact row sent on 28/05/2024 (text), and its empty id cell. */
  private static Cell idCell(Sheet sheet, int rowIndex) {
    Row r = sheet.createRow(rowIndex);
    r.createCell(4).setCellValue("28/05/2024");
    return r.createCell(0);
  }

  private static void fill(Workbook wb, Sheet sheet) {
    header(sheet);
    for (int i = 1; i <= 50; i++) {
      Row r = sheet.createRow(i);
      r.createCell(0).setCellValue(1_000_000_000d + i);
      r.createCell(1).setCellValue("cliente" + i + "@example.com");
      r.createCell(2).setCellValue(5_511_900_000_000d + i);
      r.createCell(3).setCellValue("Oferta");
      r.createCell(4).setCellValue("28/05/2024");
    }
  }

  private static byte[] crm(String sheetName) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      fill(wb, wb.createSheet(sheetName));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      wb.write(out);
      return out.toByteArray();
    }
  }

  /** Excel's "Encrypt with Password": agile encryption in an OLE2 container. */
  private static void encrypt(byte[] xlsx, String password, Path target)
      throws IOException, GeneralSecurityException {
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
      encryptor.confirmPassword(password);
      try (OutputStream out = encryptor.getDataStream(fs)) {
        out.write(xlsx);
      }
      try (OutputStream file = Files.newOutputStream(target)) {
        fs.writeFilesystem(file);
      }
    }
  }

  private static void write(Workbook wb, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      wb.write(out);
    }
  }
}

package io.quarentena.connectors.excel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Laws: a customer id or phone number stored as a number (up to 15 digits, what Excel keeps
 * exactly) or as text reads back as exactly its digits, whatever its size; an id of 16 to 19 digits
 * reads back as exactly its digits when the file holds them all (text, a number written out digit
 * by digit, or a double that holds it exactly) and as a problem naming its cell otherwise, never as
 * other digits.
 */
class XlsxNumberPropertyTest {
  @TempDir Path dir;

  @Test
  void integralNumbersAndTextIdsReadBackAsTheirDigits() throws IOException {
    long seed = Long.getLong("quarentena.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> expected = new ArrayList<>();
    Path file = dir.resolve("ids.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("ids");
      sheet.createRow(0).createCell(0).setCellValue("id_cliente");
      for (int i = 1; i <= 300; i++) {
        int digits = 1 + random.nextInt(15);
        long n = (long) (random.nextDouble() * Math.pow(10, digits));
        Row row = sheet.createRow(i);
        if (random.nextBoolean()) {
          row.createCell(0).setCellValue((double) n);
          expected.add(Long.toString(n));
        } else {
          String text = String.format("%0" + digits + "d", n);
          row.createCell(0).setCellValue(text);
          expected.add(text);
        }
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        wb.write(out);
      }
    }
    List<String> actual = new ArrayList<>();
    try (XlsxReader reader = XlsxReader.open(file, XlsxOptions.defaults())) {
      reader.forEach(row -> actual.add(row.get(0)));
    }
    assertThat(actual)
        .as("seed %d (rerun with -Dquarentena.seed=%d)", seed, seed)
        .isEqualTo(expected);
  }

  @Test
  void longIdsReadBackAsTheirDigitsOrAsAProblemNeverAsOtherDigits() throws IOException {
    long seed = Long.getLong("quarentena.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> expected = new ArrayList<>();
    List<String> written = new ArrayList<>();
    StringBuilder inFull =
        new StringBuilder("<row r=\"1\"><c t=\"inlineStr\"><is><t>id</t></is></c></row>");
    Path poi = dir.resolve("long-ids.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("ids");
      sheet.createRow(0).createCell(0).setCellValue("id_cliente");
      for (int i = 1; i <= 300; i++) {
        long n = longId(random, 16 + random.nextInt(4));
        written.add(Long.toString(n));
        inFull
            .append("<row r=\"")
            .append(i + 1)
            .append("\"><c><v>")
            .append(n)
            .append("</v></c></row>");
        Row row = sheet.createRow(i);
        switch (random.nextInt(3)) {
          case 0 -> {
            row.createCell(0).setCellValue((double) n);
            // The cell holds the double; it is that whole number only below 2^53.
            expected.add(n <= (1L << 53) - 1 ? Long.toString(n) : null);
          }
          case 1 -> {
            row.createCell(0).setCellValue(Long.toString(n));
            expected.add(Long.toString(n));
          }
          default -> {
            row.createCell(0).setCellValue(String.format("%019d", n));
            expected.add(String.format("%019d", n));
          }
        }
      }
      try (OutputStream out = Files.newOutputStream(poi)) {
        wb.write(out);
      }
    }
    List<String> actual = new ArrayList<>();
    XlsxOptions onTheRow = XlsxOptions.builder().cellProblemsOnTheRow().build();
    try (XlsxReader reader = XlsxReader.open(poi, onTheRow)) {
      for (XlsxRow row : reader) {
        actual.add(row.get(0));
        assertThat(row.problems().isEmpty())
            .as(
                "seed %d, row %d: a problem exactly where the value is missing",
                seed, row.rowNumber())
            .isEqualTo(row.get(0) != null);
        row.problems()
            .forEach(
                p -> assertThat(p.cell()).as("seed %d", seed).isEqualTo("A" + row.rowNumber()));
      }
    }
    assertThat(actual)
        .as("seed %d (rerun with -Dquarentena.seed=%d)", seed, seed)
        .isEqualTo(expected);

    // Written out digit by digit, every one of them is read as written.
    Path file =
        new HandWrittenXlsx("ids", inFull.toString(), "", "").writeTo(dir.resolve("in-full.xlsx"));
    List<String> digits = new ArrayList<>();
    try (XlsxReader reader = XlsxReader.open(file, XlsxOptions.defaults())) {
      reader.forEach(row -> digits.add(row.get(0)));
    }
    assertThat(digits)
        .as("seed %d (rerun with -Dquarentena.seed=%d)", seed, seed)
        .isEqualTo(written);
  }

  /** A whole number of exactly this many digits (16 to 19). */
  private static long longId(Random random, int digits) {
    long low = (long) Math.pow(10, digits - 1);
    long high = digits == 19 ? Long.MAX_VALUE : low * 10 - 1;
    return low + (long) (random.nextDouble() * (high - low));
  }

  @Test
  void plainNeverWritesAnExponentOrATrailingZero() {
    long seed = Long.getLong("quarentena.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < 2_000; i++) {
      double d = Math.floor(random.nextDouble() * Math.pow(10, 1 + random.nextInt(15)));
      String text = XlsxReader.plain(new BigDecimal(Double.toString(d)));
      assertThat(text)
          .as("seed %d, value %s", seed, Double.toString(d))
          .doesNotContain("E", ".")
          .isEqualTo(Long.toString((long) d));
    }
  }
}

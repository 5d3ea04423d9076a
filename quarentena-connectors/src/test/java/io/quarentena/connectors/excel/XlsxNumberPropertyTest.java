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
 * Law: a customer id or phone number stored as a number (up to 15 digits, what Excel keeps exactly)
 * or as text reads back as exactly its digits, whatever its size.
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

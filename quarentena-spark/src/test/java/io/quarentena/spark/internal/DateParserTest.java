package io.quarentena.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ISO fast path gives exactly what the strict formatter gives, on seeded strings of the {@code
 * yyyy-MM-dd} shape (valid, impossible like 2024-02-30, out of range like month 13) and on other
 * shapes; and the formats are tried in order.
 */
class DateParserTest {

  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  @Test
  void theFastPathAgreesWithTheStrictFormatter() {
    DateParser iso = new DateParser(List.of(DateParser.ISO), SP);
    // the same formatter without the fast path: a pattern that is ISO's date part
    DateParser formatter = new DateParser(List.of("uuuu-MM-dd"), SP);
    Seeds.forEach(
        20,
        r -> {
          for (int i = 0; i < 2_000; i++) {
            String text =
                String.format("%04d-%02d-%02d", r.nextInt(10_000), r.nextInt(14), r.nextInt(33));
            assertThat(iso.parse(text)).as(text).isEqualTo(formatter.parse(text));
            assertThat(DateParser.plainIsoDate(text)).as(text).isEqualTo(formatter.parse(text));
          }
        });
  }

  @Test
  void otherShapesStillGoThroughTheFormatters() {
    DateParser p = new DateParser(List.of(DateParser.ISO, "dd/MM/yyyy"), SP);
    assertThat(p.parse("2024-05-24")).isEqualTo(LocalDate.of(2024, 5, 24));
    assertThat(p.parse(" 2024-05-24 ")).isEqualTo(LocalDate.of(2024, 5, 24));
    assertThat(p.parse("24/05/2024")).isEqualTo(LocalDate.of(2024, 5, 24));
    assertThat(p.parse("2024-02-30")).isNull();
    assertThat(p.parse("2024-05-24T23:30:00-03:00")).isEqualTo(LocalDate.of(2024, 5, 24));
    assertThat(p.parse("2024-05-24 23:30:00Z")).isEqualTo(LocalDate.of(2024, 5, 24));
    assertThat(p.parse("2024-5-24")).isNull();
  }
}

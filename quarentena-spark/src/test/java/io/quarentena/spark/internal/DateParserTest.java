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
  void theDateTimeFastPathAgreesWithTheStrictFormatter() {
    String[] separators = {"T", "t", " ", "x"};
    String[] zones = {"America/Sao_Paulo", "UTC", "Asia/Tokyo", "Pacific/Kiritimati"};
    Seeds.forEach(
        20,
        r -> {
          ZoneId zone = ZoneId.of(zones[r.nextInt(zones.length)]);
          DateParser iso = new DateParser(List.of(DateParser.ISO), zone);
          for (int i = 0; i < 2_000; i++) {
            StringBuilder text =
                new StringBuilder(
                    String.format(
                        "%04d-%02d-%02d%s%02d:%02d:%02d",
                        1900 + r.nextInt(200),
                        1 + r.nextInt(13),
                        1 + r.nextInt(31),
                        separators[r.nextInt(separators.length)],
                        r.nextInt(26),
                        r.nextInt(62),
                        r.nextInt(62)));
            if (r.nextBoolean()) {
              text.append('.');
              int digits = r.nextInt(11);
              for (int d = 0; d < digits; d++) {
                text.append(r.nextInt(10));
              }
            }
            switch (r.nextInt(7)) {
              case 0 -> {}
              case 1 -> text.append(r.nextBoolean() ? "Z" : "z");
              case 2 ->
                  text.append(
                      String.format(
                          "%s%02d:%02d",
                          r.nextBoolean() ? "+" : "-", r.nextInt(20), r.nextInt(61)));
              case 3 -> text.append(String.format("+%02d", r.nextInt(20)));
              case 4 -> text.append(String.format("-%02d%02d", r.nextInt(20), r.nextInt(60)));
              case 5 -> text.append(String.format("+%02d:%02d:%02d", r.nextInt(19), 0, 30));
              default -> text.append("[America/Sao_Paulo]");
            }
            String t = text.toString();
            LocalDate expected = iso.parseWithFormatters(t);
            assertThat(iso.parse(t)).as(t).isEqualTo(expected);
            LocalDate fast = DateParser.isoDateTime(t, zone);
            if (fast != null) {
              assertThat(fast).as(t).isEqualTo(expected);
            }
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

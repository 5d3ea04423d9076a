package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.testing.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One definition of trimming: invisible characters at the ends of an id never make a second key, in
 * any engine or loader of the core.
 */
class TextTrimTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  /** The characters that most often ride along with a copied id. */
  static final String INVISIBLE = "\u00a0\u2007\u202f\ufeff\u200b";

  @TempDir Path dir;

  @Test
  void theInvisibleCharactersOfCopiedIdsAreTrimmedAtBothEnds() {
    for (char c : INVISIBLE.toCharArray()) {
      String hex = String.format("U+%04X", (int) c);
      assertThat(TextTrim.trim("0012345678" + c)).as(hex).isEqualTo("0012345678");
      assertThat(TextTrim.trim(c + "0012345678")).as(hex).isEqualTo("0012345678");
      assertThat(TextTrim.trim(c + " \t0012345678\r\n" + c)).as(hex).isEqualTo("0012345678");
      assertThat(TextTrim.trim("00123" + c + "45678")).as(hex).isEqualTo("00123" + c + "45678");
    }
    assertThat(TextTrim.trim(INVISIBLE)).isEmpty();
  }

  @Test
  void everyUnicodeWhiteSpaceCharacterIsTrimmed() {
    // Unicode's White_Space property is Java's space characters (Zs, Zl, Zp), its whitespace
    // (the ASCII separators and controls), and U+0085, which neither of them includes.
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      if (Character.isSpaceChar(c) || Character.isWhitespace(c) || c == '\u0085') {
        assertThat(TextTrim.isTrimmed(c)).as("U+%04X", (int) c).isTrue();
      }
    }
  }

  @Test
  void withinAsciiTheSetIsStringTrimsAndTheVisibleCharactersStay() {
    for (char c = 0; c < 0x80; c++) {
      assertThat(TextTrim.isTrimmed(c)).as("U+%04X", (int) c).isEqualTo(c <= ' ');
    }
    for (char c : "\u007f\u0080\u009f\u00ad\u00e9\u2061\u4e2d\ud83d\ude00".toCharArray()) {
      assertThat(TextTrim.isTrimmed(c)).as("U+%04X", (int) c).isFalse();
    }
    assertThat(TextTrim.characters())
        .hasSize(33 + 27)
        .startsWith("\u0000")
        .endsWith("\u3000\ufeff");
  }

  @Test
  void aValueWithNothingToTrimIsReturnedAsItIs() {
    String id = "0012345678";
    assertThat(TextTrim.trim(id)).isSameAs(id);
    assertThat(TextTrim.trim("")).isEmpty();
  }

  @Test
  void trimmingRemovesExactlyTheTrimmedCharactersAtTheEnds() {
    String alphabet = " \t\u00a0\u2007\u202f\ufeff\u200b\u0085\u3000\u007f0aé中!";
    Seeds.forEach(
        500,
        random -> {
          String core = text(random, alphabet);
          String padded = text(random, TextTrim.characters()) + core + text(random, INVISIBLE);
          String trimmed = TextTrim.trim(padded);
          assertThat(TextTrim.trim(trimmed)).isEqualTo(trimmed);
          assertThat(TextTrim.trim(core)).isEqualTo(trimmed);
          assertThat(padded).contains(trimmed);
          if (!trimmed.isEmpty()) {
            assertThat(TextTrim.isTrimmed(trimmed.charAt(0))).isFalse();
            assertThat(TextTrim.isTrimmed(trimmed.charAt(trimmed.length() - 1))).isFalse();
          }
        });
  }

  @Test
  void aNoBreakSpaceAfterAnIdIsTheSameCustomerInTheEngine() {
    ContactEvent plain = ContactEvent.of("0012345678", Channel.CRM, LOAD.minusDays(20));
    ContactEvent copied = ContactEvent.of("0012345678\u00a0", Channel.CRM, LOAD.minusDays(2));
    assertThat(copied.customerId()).isEqualTo("0012345678");
    QuarantineEvaluation evaluation =
        QuarantinePolicy.defaults().evaluate(List.of(plain, copied), LOAD);
    assertThat(evaluation.entries())
        .singleElement()
        .satisfies(e -> assertThat(e.contactDate()).isEqualTo(LOAD.minusDays(2)));
    Quarantine quarantine = Quarantine.of(evaluation.toIndex());
    assertThat(quarantine.isSuppressed("\ufeff0012345678", Channel.MARKETING, LOAD)).isTrue();
    assertThat(quarantine.check("0012345678\u202f", Channel.MARKETING, LOAD).suppressed()).isTrue();
    assertThat(evaluation.toIndex().entries("\u200b0012345678")).hasSize(1);
  }

  @Test
  void entriesAndTheSnapshotBuilderTrimTheirIdsAndABlankOneIsRefused() {
    QuarantineEntry entry =
        QuarantineEntry.of("\u00a07\u00a0", Channel.CRM, LOAD, LOAD.plusDays(30), LOAD);
    assertThat(entry.customerId()).isEqualTo("7");
    QuarantineIndex index =
        QuarantineIndex.builder(QuarantinePolicy.defaults(), LOAD)
            .add("8\u2007", Channel.CRM, LOAD, LOAD.plusDays(30))
            .add(entry)
            .build();
    assertThat(index.isSuppressed(8L, Channel.CRM, LOAD, null)).isTrue();
    assertThat(index.isSuppressed("7", Channel.CRM, LOAD, null)).isTrue();
    assertThatThrownBy(() -> ContactEvent.of("\u00a0\ufeff", Channel.CRM, LOAD))
        .hasMessage("customerId (id_cliente) must not be blank, got: '\u00a0\ufeff'");
  }

  @Test
  void theCsvSnapshotLoaderTrimsIdsAsTheTableHasThem() throws IOException {
    Path file = dir.resolve("export.csv");
    Files.writeString(
        file,
        "id_cliente,canal,data_envio,saida_prevista,data_carga\n"
            + "\"0012345678\u00a0\",CRM,2024-05-08,2024-06-07,2024-05-28\n"
            + "\ufeff4567890123,Fraude,2024-04-01,,2024-05-28\n",
        StandardCharsets.UTF_8);
    QuarantineIndex index = QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults()).read(file);
    assertThat(index.isSuppressed("0012345678", Channel.CRM, LOAD, null)).isTrue();
    assertThat(index.isSuppressed(4567890123L, Channel.CRM, LOAD, null)).isTrue();
  }

  @Test
  void aCategoryWithANoBreakSpaceIsStillExempt() {
    QuarantineRule rule = QuarantineRule.fixedPeriod(Channel.CRM, 30).exempting("transactional");
    assertThat(rule.exempts("Transactional\u00a0")).isTrue();
    assertThat(rule.exempts("\u00a0")).isFalse();
    Quarantine quarantine =
        Quarantine.of(
            QuarantinePolicy.builder("p")
                .rule(rule)
                .build()
                .evaluate(List.of(ContactEvent.of("1", Channel.CRM, LOAD)), LOAD)
                .toIndex());
    assertThat(quarantine.isSuppressed("1", Channel.CRM, LOAD, "transactional\u202f")).isFalse();
    assertThat(quarantine.isSuppressed("1", Channel.CRM, LOAD, "promo\u202f")).isTrue();
  }

  private static String text(Random random, String alphabet) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append('\ude00');
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

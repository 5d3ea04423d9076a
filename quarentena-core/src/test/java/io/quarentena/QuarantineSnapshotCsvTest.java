package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.EntryGenerator;
import io.quarentena.testing.Seeds;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a snapshot from a CSV export of the table, without Spark. */
class QuarantineSnapshotCsvTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final List<String> COLUMNS =
      List.of(
          "id_cliente",
          "canal",
          "email",
          "telefone",
          "assunto",
          "data_envio",
          "qtd_dias",
          "saida_prevista",
          "data_carga");
  static final String HEADER = String.join(",", COLUMNS) + "\n";
  static final String[] SUBJECTS = {
    null, "", "Promoção, já!", "diz \"olá\"", "duas\nlinhas", "fim\r\n", ";", "ação"
  };

  @TempDir Path dir;

  /** Whatever the shape of the export, the snapshot answers as one built from the entries. */
  @Test
  void anExportRoundTripsToTheSameSnapshot() {
    Seeds.forEach(
        60,
        random -> {
          QuarantinePolicy policy = new ContactGenerator(random).policy();
          EntryGenerator gen = new EntryGenerator(random);
          List<QuarantineEntry> entries = new ArrayList<>();
          for (QuarantineEntry e : gen.entries(policy, LOAD, 1 + random.nextInt(40))) {
            entries.add(withSubject(e, SUBJECTS[random.nextInt(SUBJECTS.length)]));
          }
          char separator = random.nextBoolean() ? ',' : ';';
          Path export = Files.createDirectory(dir.resolve("export-" + random.nextLong()));
          List<String> columns = new ArrayList<>(COLUMNS);
          Collections.shuffle(columns, random);
          int parts = 1 + random.nextInt(3);
          for (int p = 0; p < parts; p++) {
            List<QuarantineEntry> part = new ArrayList<>();
            for (int i = p; i < entries.size(); i += parts) {
              part.add(entries.get(i));
            }
            boolean gz = random.nextBoolean();
            write(
                export.resolve(String.format("part-%05d.csv%s", p, gz ? ".gz" : "")),
                csv(columns, separator, part, random.nextBoolean() ? "\r\n" : "\n"),
                gz);
          }
          Files.writeString(export.resolve("_SUCCESS"), "");
          QuarantineIndex read =
              QuarantineSnapshotCsv.reader(policy)
                  .separator(separator)
                  .withContactDetails()
                  .read(export);
          QuarantineIndex expected = QuarantineIndex.of(policy, LOAD, entries);
          assertThat(read.loadDate()).isEqualTo(LOAD);
          assertThat(read.size()).isEqualTo(entries.size());
          Set<String> ids = new LinkedHashSet<>(EntryGenerator.TRICKY_IDS);
          entries.forEach(e -> ids.add(e.customerId()));
          for (String id : ids) {
            assertThat(read.entries(id)).as(id).isEqualTo(expected.entries(id));
            for (Channel channel : policy.channels()) {
              for (int day = -3; day < 90; day += 7) {
                LocalDate date = LOAD.plusDays(day);
                assertThat(read.check(id, channel, date, null))
                    .isEqualTo(expected.check(id, channel, date, null));
              }
            }
          }
          // Without details, only the columns a decision needs are kept.
          QuarantineIndex lean =
              QuarantineSnapshotCsv.reader(policy).separator(separator).read(export);
          for (QuarantineEntry e : entries) {
            assertThat(lean.entries(e.customerId()))
                .contains(
                    QuarantineEntry.of(
                        e.customerId(), e.channel(), e.contactDate(), e.lastDay(), LOAD));
          }
        });
  }

  @Test
  void theLatestLoadDateByDefaultAndAnyOtherOnRequest() throws IOException {
    Path file = dir.resolve("q.csv");
    Files.writeString(
        file,
        HEADER
            + "1,CRM,,,,2024-05-27,0,2024-06-26,2024-05-27\n"
            + "2,CRM,,,,2024-05-28,0,2024-06-27,2024-05-28\n"
            + "3,CRM,,,,2024-05-20,7,2024-06-19,2024-05-27\n"
            + "4,Fraude,,,,2024-05-01,28,,2024-05-28\n"
            + "5,CRM,,,,2024-05-01,26,2024-05-31,2024-05-26\n");
    QuarantineIndex latest = QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults()).read(file);
    assertThat(latest.loadDate()).isEqualTo(LOAD);
    assertThat(latest.size()).isEqualTo(2);
    assertThat(latest.isSuppressed(4L, Channel.CRM, LOAD.plusYears(50), null)).isTrue();
    assertThat(latest.isSuppressed(1L, Channel.CRM, LOAD, null)).isFalse();
    QuarantineIndex before =
        QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults())
            .loadDate(LOAD.minusDays(1))
            .read(file);
    assertThat(before.size()).isEqualTo(2);
    assertThat(before.isSuppressed("3", Channel.CRM, LOAD, null)).isTrue();
    assertThat(before.isSuppressed("2", Channel.CRM, LOAD, null)).isFalse();
  }

  @Test
  void aByteOrderMarkCrlfAndQuotedHeaderAreFine() throws IOException {
    Path file = dir.resolve("bom.csv");
    Files.writeString(
        file,
        "\uFEFF\"ID_CLIENTE\",canal,data_envio,saida_prevista,data_carga\r\n"
            + "\"0012345678\",Marketing,2024-05-24,2024-05-31,2024-05-28\r\n\r\n");
    QuarantineIndex index = QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults()).read(file);
    assertThat(index.isSuppressed("0012345678", Channel.CRM, LOAD, null)).isTrue();
    assertThat(index.isSuppressed(12345678L, Channel.CRM, LOAD, null)).isFalse();
  }

  @Test
  void aBadValueNamesTheFileLineColumnAndValue() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        HEADER
            + "1,CRM,,,,2024-05-27,1,2024-06-26,2024-05-28\n"
            + "2,CRM,,,\"assunto\nem duas linhas\",2024-05-27,1,2024-06-26,2024-05-28\n"
            + "3,CRM,,,,2024-13-01,1,2024-06-26,2024-05-28\n");
    assertThatThrownBy(() -> QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults()).read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.csv, line 5, column data_envio: '2024-13-01' is not a date")
        .hasMessageContaining("expected yyyy-MM-dd");
  }

  @Test
  void everyOtherBadInputSaysWhatAndWhere() throws IOException {
    QuarantineSnapshotCsv csv = QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults());
    assertThatThrownBy(() -> csv.read(write("a.csv", "id_cliente,canal,data_envio\n1,CRM,x\n")))
        .hasMessageContaining("a.csv has no column 'saida_prevista'")
        .hasMessageContaining("its header is [canal, data_envio, id_cliente]");
    assertThatThrownBy(() -> csv.read(write("b.csv", HEADER + "1,CRM,2024-05-28\n")))
        .hasMessageContaining("b.csv, line 2: 3 fields, the header has 9");
    assertThatThrownBy(() -> csv.read(write("c.csv", HEADER + "1,CRM,,,\"open,2024\n")))
        .hasMessageContaining("c.csv, line 2: a quoted field is never closed");
    assertThatThrownBy(() -> csv.read(write("d.csv", HEADER + "1,CRM,,,\"a\"b\",x,1,,x\n")))
        .hasMessageContaining("d.csv, line 2, field 5: 'b' after a closing quote");
    assertThatThrownBy(
            () -> csv.read(write("e.csv", HEADER + "1,C R M,,,,2024-05-28,0,,2024-05-28\n")))
        .hasMessageContaining("e.csv, line 2: invalid channel id: 'C R M'");
    assertThatThrownBy(
            () -> csv.read(write("f.csv", HEADER + "1,CRM,,,,2024-05-29,0,,2024-05-28\n")))
        .hasMessageContaining("f.csv, line 2: invalid contactDate (data_envio) of customer 1")
        .hasMessageContaining("on or before the load date 2024-05-28");
    assertThatThrownBy(
            () -> csv.read(write("g.csv", HEADER + ",CRM,,,,2024-05-28,0,,2024-05-28\n")))
        .hasMessageContaining("g.csv, line 2: customerId (id_cliente) must not be blank");
    assertThatThrownBy(
            () ->
                csv.read(
                    write(
                        "h.csv",
                        HEADER
                            + "1,CRM,,,,2024-05-28,0,,2024-05-28\n"
                            + "1,CRM,,,,2024-05-27,0,,2024-05-28\n")))
        .hasMessageContaining("h.csv, line 3: two entries for customer 1 on channel CRM");
    assertThatThrownBy(() -> csv.read(write("i.csv", HEADER + "1,CRM,,,,2024-05-28,0,,\n")))
        .hasMessageContaining("i.csv, line 2, column data_carga: empty, but it is required");
    assertThatThrownBy(() -> csv.read(write("j.csv", "")))
        .hasMessageContaining("j.csv is empty; it needs a header line");
    assertThatThrownBy(
            () ->
                csv.loadDate(LOAD.plusDays(1))
                    .read(write("k.csv", HEADER + "1,CRM,,,,2024-05-28,0,,2024-05-28\n")))
        .hasMessageContaining("k.csv has no rows for data_carga 2024-05-29")
        .hasMessageContaining("its load dates are [2024-05-28]");
    assertThatThrownBy(() -> csv.read(dir.resolve("missing.csv")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.csv does not exist");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> csv.read(empty)).hasMessageContaining("has no .csv or .csv.gz files");
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(
        latin1,
        (HEADER + "1,CRM,,,a\u00e7\u00e3o,2024-05-28,0,,2024-05-28\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> csv.read(latin1)).hasMessageContaining("latin1.csv is not UTF-8");
  }

  @Test
  void aBrokenExportKeepsTheLastSnapshotAndSaysWhy() throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2024-05-28T12:00:00Z"), ZoneOffset.UTC);
    Quarantine q = Quarantine.builder().clock(clock).build();
    QuarantineSnapshotCsv csv = QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults());
    Path file = write("q.csv", HEADER + "1,CRM,,,,2024-05-28,0,2024-06-27,2024-05-28\n");
    assertThat(q.refresh(() -> csv.read(file))).isTrue();
    write("q.csv", HEADER + "1,CRM,,,,28/05/2024,0,2024-06-27,2024-05-28\n");
    assertThat(q.refresh(() -> csv.read(file))).isFalse();
    assertThat(q.isSuppressed(1L, Channel.MARKETING, LOAD)).isTrue();
    Quarantine.Status status = q.status();
    assertThat(status.loadDate()).isEqualTo(LOAD);
    assertThat(status.entries()).isEqualTo(1);
    assertThat(status.lastFailure().error())
        .contains("q.csv, line 2, column data_envio: '28/05/2024' is not a date");
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static void write(Path file, String content, boolean gz) throws IOException {
    try (OutputStream out =
        gz ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static QuarantineEntry withSubject(QuarantineEntry e, @Nullable String subject) {
    return new QuarantineEntry(
        e.customerId(),
        e.channel(),
        e.contactDate(),
        e.daysSinceContact(),
        e.lastDay(),
        e.loadDate(),
        e.email(),
        e.phone(),
        subject);
  }

  /** Writes entries as Spark does with header=true and escape='"'. */
  static String csv(
      List<String> columns, char separator, List<QuarantineEntry> entries, String newline) {
    StringBuilder sb = new StringBuilder(String.join(String.valueOf(separator), columns));
    sb.append(newline);
    for (QuarantineEntry e : entries) {
      List<String> fields = new ArrayList<>();
      for (String column : columns) {
        Object value =
            switch (column) {
              case "id_cliente" -> e.customerId();
              case "canal" -> e.channel().id();
              case "email" -> e.email();
              case "telefone" -> e.phone();
              case "assunto" -> e.subject();
              case "data_envio" -> e.contactDate();
              case "qtd_dias" -> e.daysSinceContact();
              case "saida_prevista" -> e.lastDay();
              case "data_carga" -> e.loadDate();
              default -> throw new IllegalStateException(column);
            };
        fields.add(field(value, separator));
      }
      sb.append(String.join(String.valueOf(separator), fields)).append(newline);
    }
    return sb.toString();
  }

  private static String field(@Nullable Object value, char separator) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (s.isEmpty()
        || s.indexOf(separator) >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0
        || new Random(s.hashCode()).nextInt(4) == 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}

package io.quarentena.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarentena.job.QuarantineJob;
import io.quarentena.job.RunsTable;
import io.quarentena.job.internal.PiiColumns;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job's faults: an unreadable source fails the run before anything is written (or, when the
 * source allows it, carries its channel forward, flagged), a truncated source fails the run unless
 * this run allows it, every run — failed ones too — is in the runs table, retention removes old
 * load dates, PII is hashed or dropped, and no secret reaches a log, a message or the output.
 */
class JobFaultsTest {

  static final String DAY1 = "2024-05-28";
  static final String DAY2 = "2024-05-30";
  static SparkSession spark;
  static Path dir;
  static int configs;

  static final List<String> MARKETING =
      List.of(
          "id_cliente;email;telefone;subject;data_envio",
          "2345678901;m@exemplo.com;988888888;Boas vindas;2024-05-24", // last day 05-31
          "2500000005;p@exemplo.com;977777777;Newsletter;2024-05-22", // last day 05-29
          "2500000006;q@exemplo.com;977777778;Newsletter;2024-05-23",
          "2500000007;r@exemplo.com;977777779;Newsletter;2024-05-26",
          "2500000008;s@exemplo.com;977777780;Newsletter;2024-05-27",
          "2500000009;t@exemplo.com;977777781;Newsletter;2024-05-27");

  @BeforeAll
  static void session() throws IOException {
    spark = SparkTestSession.get();
    dir = SparkTestSession.newDir("faults");
    Files.createDirectories(dir);
    Files.write(
        dir.resolve("restritos.json"),
        List.of(
            "{\"id_cliente\":\"4888888800\",\"contatos\":{\"email\":\"r@exemplo.com\","
                + "\"numero_telefone\":\"944444443\",\"data_solicitacao\":\"2024-03-01T10:15:00-03:00\"},"
                + "\"motivos\":{\"descricao\":\"Reclamação\"}}"),
        StandardCharsets.UTF_8);
  }

  /** A fresh job directory: its own marketing file, tables and config. */
  static final class Job {
    final Path home;
    final Path marketing;

    Job(String name) throws IOException {
      home = dir.resolve(name + "-" + (++configs));
      Files.createDirectories(home);
      marketing = home.resolve("marketing.csv");
      Files.write(marketing, MARKETING, StandardCharsets.UTF_8);
    }

    Path config(String extraRoot, String marketingExtra) throws IOException {
      return write(
          extraRoot,
          String.join(
              "\n",
              "      format = csv",
              "      location = \"" + marketing + "\"",
              "      options { sep = \";\" }",
              marketingExtra));
    }

    /** A config whose marketing source is read as {@code format} from {@code location}. */
    Path config(String extraRoot, String format, Path location, String marketingExtra)
        throws IOException {
      return write(
          extraRoot,
          String.join(
              "\n",
              "      format = " + format,
              "      location = \"" + location + "\"",
              marketingExtra));
    }

    private Path write(String extraRoot, String marketingSource) throws IOException {
      Path file = home.resolve("job-" + (++configs) + ".conf");
      Files.writeString(
          file,
          String.join(
              "\n",
              "quarentena {",
              "  output.table = \"" + home.resolve("global") + "\"",
              "  rejects.table = \"" + home.resolve("rejeitados") + "\"",
              extraRoot,
              "  sources {",
              "    marketing {",
              "      channel = Marketing",
              "      mapping { assunto = subject }",
              marketingSource,
              "    }",
              "    restritos {",
              "      channel = Restritos",
              "      format = json",
              "      location = \"" + dir.resolve("restritos.json") + "\"",
              "      mapping { email = \"contatos.email\", telefone = \"contatos.numero_telefone\","
                  + " assunto = \"motivos.descricao\", data_envio = \"contatos.data_solicitacao\" }",
              "    }",
              "  }",
              "}"),
          StandardCharsets.UTF_8);
      return file;
    }

    RunSummary run(Path config, String day, String... more) {
      List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--as-of", day));
      args.addAll(List.of(more));
      return QuarantineJob.run(spark, args.toArray(new String[0]));
    }

    /** A config file of these lines inside {@code quarentena { }}, after the two tables. */
    Path configFile(String name, String... lines) throws IOException {
      Path file = home.resolve(name + ".conf");
      List<String> all = new ArrayList<>();
      all.add("quarentena {");
      all.add("  output.table = \"" + home.resolve("global") + "\"");
      all.add("  rejects.table = \"" + home.resolve("rejeitados") + "\"");
      all.addAll(List.of(lines));
      all.add("}");
      Files.write(file, all, StandardCharsets.UTF_8);
      return file;
    }

    /** A second Marketing file, {@code marketing-b.csv}, with one row. */
    Path secondMarketing(String row) throws IOException {
      Path second = home.resolve("marketing-b.csv");
      Files.write(second, List.of(MARKETING.get(0), row), StandardCharsets.UTF_8);
      return second;
    }

    QuarantineTable table() {
      return QuarantineTable.of(spark, home.resolve("global").toString());
    }

    io.quarentena.spark.RejectsTable rejectsTable() {
      return io.quarentena.spark.RejectsTable.of(spark, home.resolve("rejeitados").toString());
    }

    RunsTable runs() {
      return RunsTable.of(spark, home.resolve("global") + "_runs");
    }

    long versions() {
      return table().history().count();
    }

    List<String> rows(String day) {
      return table()
          .entries(java.time.LocalDate.parse(day))
          .selectExpr("concat_ws('|', id_cliente, canal, qtd_dias, saida_prevista)")
          .as(Encoders.STRING())
          .collectAsList();
    }
  }

  @Test
  void anUnreadableSourceFailsBeforeWritingAndTheTableKeepsItsLastLoad() throws IOException {
    Job job = new Job("unreadable");
    Path config = job.config("", "");
    job.run(config, DAY1);
    long versions = job.versions();
    Files.delete(job.marketing); // the export did not arrive

    assertThatThrownBy(() -> job.run(config, DAY2))
        .hasMessageContaining("source 'marketing' (channel Marketing) cannot be read")
        .hasMessageContaining("Nothing was written")
        .hasMessageContaining("on-unavailable = carry-forward");

    assertThat(job.versions()).isEqualTo(versions);
    assertThat(job.rows(DAY2)).isEmpty();
    assertThat(job.rows(DAY1)).isNotEmpty();
    List<Row> runs = job.runs().read().orderBy("inicio").collectAsList();
    assertThat(runs).hasSize(2);
    assertThat(runs.get(1).<String>getAs("resultado")).isEqualTo("FAILED");
    assertThat(runs.get(1).<String>getAs("erro")).contains("marketing");
  }

  @Test
  void carryForwardKeepsTheChannelReEvaluatedAndFlagsIt() throws IOException {
    Job job = new Job("carry");
    Path config = job.config("", "on-unavailable = carry-forward");
    job.run(config, DAY1);
    Files.delete(job.marketing);

    RunSummary summary = job.run(config, DAY2);

    assertThat(summary.carriedForward()).hasSize(1);
    RunSummary.CarriedForward cf = summary.carriedForward().get(0);
    assertThat(cf.source()).isEqualTo("marketing");
    assertThat(cf.fromLoadDate()).hasToString(DAY1);
    assertThat(summary.toTable()).contains("CARRIED FORWARD");
    // re-evaluated on 05-30: the 05-22 contact (last day 05-29) is out, the others stay
    assertThat(job.rows(DAY2))
        .contains("2345678901|Marketing|6|2024-05-31")
        .noneMatch(r -> r.startsWith("2500000005|"))
        .anyMatch(r -> r.startsWith("4888888800|Restritos"));
    assertThat(cf.entries()).isEqualTo(5);
    Row run = job.runs().read().orderBy("inicio").collectAsList().get(1);
    assertThat(run.<String>getAs("resultado")).isEqualTo("SUCCEEDED");
    assertThat(
            job.runs()
                .read()
                .selectExpr("explode(fontes) AS f")
                .where("f.fonte = 'marketing' AND f.situacao = 'CARRIED_FORWARD'")
                .count())
        .isEqualTo(1);
  }

  @Test
  void aCarriedChannelCarriesItsHistoryByTheSameRule() throws IOException {
    Job job = new Job("carry-history");
    Path config =
        job.config(
            "  policy { base = defaults, rule.Marketing.kind = frequency-cap,"
                + " rule.Marketing.max-contacts = 3, rule.Marketing.window-days = 7 }",
            "on-unavailable = carry-forward");
    List<String> capped = new ArrayList<>(MARKETING); // 2500000009: three contacts, capped
    capped.add("2500000009;t@exemplo.com;977777781;Oferta;2024-05-25");
    capped.add("2500000009;t@exemplo.com;977777781;Lembrete;2024-05-26");
    Files.write(job.marketing, capped, StandardCharsets.UTF_8);
    job.run(config, DAY1);
    io.quarentena.spark.HistoryTable history =
        io.quarentena.spark.HistoryTable.beside(spark, job.home.resolve("global").toString());
    assertThat(history.contacts(java.time.LocalDate.parse(DAY1)).count()).isEqualTo(8);
    Files.delete(job.marketing);

    job.run(config, DAY2);

    // Re-evaluated on 05-30, as the entries are: the contacts of 05-22 and 05-23 have left the
    // 7-day window, the others could still complete the cap with a live send.
    assertThat(
            history
                .contacts(java.time.LocalDate.parse(DAY2))
                .selectExpr("concat_ws('|', id_cliente, canal, data_envio)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder(
            "2345678901|Marketing|2024-05-24",
            "2500000007|Marketing|2024-05-26",
            "2500000008|Marketing|2024-05-27",
            "2500000009|Marketing|2024-05-25",
            "2500000009|Marketing|2024-05-26",
            "2500000009|Marketing|2024-05-27");
    assertThat(job.rows(DAY2)).anyMatch(r -> r.startsWith("2500000009|Marketing|"));
  }

  @Test
  void aTruncatedSourceFailsTheRunUnlessThisRunAllowsIt() throws IOException {
    Job job = new Job("truncated");
    Path config = job.config("", "");
    job.run(config, DAY1);
    Files.write(job.marketing, MARKETING.subList(0, 2), StandardCharsets.UTF_8); // 1 row of 6
    long versions = job.versions();

    assertThatThrownBy(() -> job.run(config, DAY2))
        .hasMessageContaining("look truncated")
        .hasMessageContaining("channel Marketing: 1 rows accepted, 6 in the previous load")
        .hasMessageContaining("source 'marketing': 1 read, 1 accepted, 0 rejected")
        .hasMessageContaining("--allow-drop");
    assertThat(job.versions()).isEqualTo(versions);

    RunSummary summary = job.run(config, DAY2, "--allow-drop");
    assertThat(summary.source("marketing").read()).isEqualTo(1);
  }

  @Test
  void aSourceWhoseRowsAreAllRejectedFailsTheGuardThoughAsManyRowsWereRead() throws IOException {
    Job job = new Job("rejected");
    Path config = job.config("", "");
    job.run(config, DAY1);
    // The same six rows, but the export now writes dd/MM/yyyy: every row is unparseable.
    List<String> reformatted = new ArrayList<>();
    for (String line : MARKETING) {
      reformatted.add(line.replaceAll("(\\d{4})-(\\d{2})-(\\d{2})$", "$3/$2/$1"));
    }
    Files.write(job.marketing, reformatted, StandardCharsets.UTF_8);
    long versions = job.versions();

    assertThatThrownBy(() -> job.run(config, DAY2))
        .hasMessageContaining("channel Marketing: 0 rows accepted, 6 in the previous load")
        .hasMessageContaining(
            "source 'marketing': 6 read, 0 accepted, 6 rejected UNPARSEABLE_DATE=6")
        .hasMessageContaining("Nothing was written");
    assertThat(job.versions()).isEqualTo(versions);
    assertThat(job.rows(DAY2)).isEmpty();
  }

  @Test
  void retentionDeletesLoadDatesOlderThanConfigured() throws IOException {
    Job job = new Job("retention");
    Path config = job.config("retention.days = 1", "");
    job.run(config, DAY1);
    job.run(config, DAY2);
    assertThat(
            job.table()
                .read()
                .selectExpr("CAST(data_carga AS STRING)")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly(DAY2);
  }

  @Test
  void piiAlsoMinimisesTheRawValuesOfTheRejects() throws IOException {
    String key = "chave-rejeitos-" + System.nanoTime();
    System.setProperty("quarentena.test.pii-key-rejects", key);
    Job job = new Job("pii-rejects");
    Files.write(
        job.marketing,
        List.of("2500000010;z@exemplo.com;955555555;Data ruim;2024-02-31"),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Path config =
        job.config(
            "pii { email = hash, telefone = drop,"
                + " hash-key = \"sysprop:quarentena.test.pii-key-rejects\" }",
            "");
    job.run(config, DAY1);

    List<String> raw =
        job.rejectsTable()
            .rejects(java.time.LocalDate.parse(DAY1))
            .where("fonte = 'marketing'")
            .select("valores")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(raw)
        .singleElement()
        .asString()
        .doesNotContain("z@exemplo.com")
        .doesNotContain("955555555")
        .contains(PiiColumns.hash(key.getBytes(StandardCharsets.UTF_8), "z@exemplo.com"))
        .contains("\"telefone\":null")
        .contains("2500000010");
  }

  @Test
  void carriedEntriesKeepTheirHashesAndAreNotHashedTwice() throws IOException {
    String key = "chave-carry-" + System.nanoTime();
    System.setProperty("quarentena.test.pii-key-carry", key);
    Job job = new Job("pii-carry");
    Path config =
        job.config(
            "pii { email = hash, hash-key = \"sysprop:quarentena.test.pii-key-carry\" }",
            "on-unavailable = carry-forward");
    job.run(config, DAY1);
    Files.delete(job.marketing);
    job.run(config, DAY2);

    String hashed = PiiColumns.hash(key.getBytes(StandardCharsets.UTF_8), "m@exemplo.com");
    for (String day : List.of(DAY1, DAY2)) {
      assertThat(
              job.table()
                  .entries(java.time.LocalDate.parse(day))
                  .where("id_cliente = '2345678901'")
                  .first()
                  .<String>getAs("email"))
          .as("the e-mail's hash on " + day)
          .isEqualTo(hashed);
    }
  }

  @Test
  void aKeyCarriedAndReadFromAnotherSourceKeepsItsLongestQuarantine() throws IOException {
    Job job = new Job("two-sources");
    Path second = job.secondMarketing("2600000001;x@exemplo.com;911111111;Outra;2024-05-27");
    Path config =
        job.configFile(
            "two-sources",
            "  sources {",
            "    marketing {",
            "      channel = Marketing, format = csv, location = \"" + job.marketing + "\"",
            "      options { sep = \";\" }, mapping { assunto = subject }",
            "      on-unavailable = carry-forward",
            "    }",
            "    marketing-b {",
            "      channel = Marketing, format = csv, location = \"" + second + "\"",
            "      options { sep = \";\" }, mapping { assunto = subject }",
            "    }",
            "  }");
    job.run(config, DAY1); // 2345678901: contact 05-24, last day 05-31
    Files.delete(job.marketing);
    // source b now holds an older contact of the same customer: last day 05-30 on its own
    Files.write(
        second,
        List.of(MARKETING.get(0), "2345678901;m@exemplo.com;988888888;Antiga;2024-05-23"),
        StandardCharsets.UTF_8);

    RunSummary summary = job.run(config, DAY2);

    assertThat(job.rows(DAY2))
        .filteredOn(r -> r.startsWith("2345678901|"))
        .containsExactly("2345678901|Marketing|6|2024-05-31");
    assertThat(summary.channel("Marketing").inQuarantine())
        .as("a key both carried and read counts once")
        .isEqualTo(job.rows(DAY2).size());
  }

  @Test
  void piiIsHashedWithAKeyedHashOrDroppedAndTheKeyIsNowhere() throws IOException {
    String key = "chave-secreta-" + System.nanoTime();
    System.setProperty("quarentena.test.pii-key", key);
    Job job = new Job("pii");
    Path config =
        job.config(
            "pii { email = hash, telefone = drop, hash-key = \"sysprop:quarentena.test.pii-key\" }",
            "");
    String output;
    try (LogCapture capture = new LogCapture()) {
      job.run(config, DAY1);
      output = capture.text();
    }
    Row row =
        job.table()
            .entries(java.time.LocalDate.parse(DAY1))
            .where("id_cliente = '2345678901'")
            .first();
    assertThat(row.<String>getAs("email"))
        .isEqualTo(PiiColumns.hash(key.getBytes(StandardCharsets.UTF_8), "m@exemplo.com"))
        .hasSize(64);
    assertThat(row.<String>getAs("telefone")).isNull();
    assertThat(output).isNotBlank().doesNotContain(key).doesNotContain("m@exemplo.com");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sftp://quarentena:%s@127.0.0.1:1/out/marketing.csv",
        "s3a://AKIAEXAMPLE:%s@bucket/marketing.csv"
      })
  void aPasswordWrittenIntoALocationIsRefusedBeforeItCanLeak(String pattern) throws IOException {
    String password = "senha-url-" + System.nanoTime();
    Job job = new Job("url-password");
    Path config = job.home.resolve("url.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "quarentena {",
            "  output.table = \"" + job.home.resolve("global") + "\"",
            "  rejects.table = \"" + job.home.resolve("rejeitados") + "\"",
            "  sources.marketing {",
            "    channel = Marketing, format = csv",
            "    location = \"" + String.format(pattern, password) + "\"",
            "  }",
            "}"),
        StandardCharsets.UTF_8);
    Throwable failure;
    String output;
    try (LogCapture capture = new LogCapture()) {
      failure = org.assertj.core.api.Assertions.catchThrowable(() -> job.run(config, DAY1));
      output = capture.text();
    }
    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("marketing")
        .hasMessageContaining(".location' holds a password (user:password@host)")
        .hasMessageContaining("secret reference");
    StringBuilder all = new StringBuilder(output);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    assertThat(all.toString()).doesNotContain(password);
    assertThat(Path.of(job.home.resolve("global") + "_runs"))
        .as("refused before the run started")
        .doesNotExist();
  }

  @Test
  void secretsOfARemoteSourceAreInNoLogMessageOrOutput() throws IOException {
    String password = "senha-" + System.nanoTime();
    System.setProperty("quarentena.test.sftp-password", password);
    Job job = new Job("secrets");
    Path config = job.home.resolve("sftp.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "quarentena {",
            "  output.table = \"" + job.home.resolve("global") + "\"",
            "  rejects.table = \"" + job.home.resolve("rejeitados") + "\"",
            "  sources.marketing {",
            "    channel = Marketing",
            "    format = csv",
            "    location = \"sftp://quarentena@127.0.0.1:1/out/marketing.csv\"",
            "    connection {",
            "      password = \"sysprop:quarentena.test.sftp-password\"",
            "      hostKeyFingerprint = \"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\"",
            "      connectTimeout = 2s",
            "      retries = 0",
            "    }",
            "  }",
            "}"),
        StandardCharsets.UTF_8);
    Throwable failure;
    String output;
    try (LogCapture capture = new LogCapture()) {
      failure = org.assertj.core.api.Assertions.catchThrowable(() -> job.run(config, DAY1));
      output = capture.text();
    }
    assertThat(failure).isNotNull().hasMessageContaining("marketing");
    assertThat(output).contains("marketing"); // the capture saw the run
    StringBuilder all = new StringBuilder(output);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append('\n');
      for (Throwable s : t.getSuppressed()) {
        all.append(s).append('\n');
      }
    }
    all.append(job.runs().read().collectAsList());
    assertThat(all.toString()).doesNotContain(password);
  }

  // --- the truncation guard after a carry-forward ---------------------------------------------

  static final String DAY3 = "2024-05-31";

  @Test
  void theDayAfterACarryForwardTheGuardComparesWithTheLastLoadThatReadTheChannel()
      throws IOException {
    Job job = new Job("guard-after-carry");
    Path config = job.config("", "on-unavailable = carry-forward");
    job.run(config, DAY1); // 6 rows accepted
    Files.delete(job.marketing);
    job.run(config, DAY2); // carried forward: no rows read
    Files.write(job.marketing, MARKETING.subList(0, 2), StandardCharsets.UTF_8); // 1 row of 6
    long versions = job.versions();

    assertThatThrownBy(() -> job.run(config, DAY3))
        .hasMessageContaining("look truncated")
        .hasMessageContaining(
            "channel Marketing: 1 rows accepted, 6 in the previous load that read it (" + DAY1)
        .hasMessageContaining("Nothing was written");
    assertThat(job.versions()).isEqualTo(versions);
  }

  @Test
  void aChannelPartlyCarriedIsComparedWithTheLastLoadThatReadAllItsSources() throws IOException {
    Job job = new Job("guard-partly-carried");
    Path second = job.secondMarketing("2600000001;x@exemplo.com;911111111;Outra;2024-05-27");
    Path config =
        job.config(
            "",
            String.join(
                "\n",
                "      on-unavailable = carry-forward",
                "    }",
                "    marketing-b {",
                "      channel = Marketing, format = csv, location = \"" + second + "\"",
                "      options { sep = \";\" }, mapping { assunto = subject }"));
    job.run(config, DAY1); // 6 + 1 accepted
    Files.delete(job.marketing);
    job.run(config, DAY2); // marketing carried, marketing-b read: 1 accepted
    Files.write(job.marketing, MARKETING.subList(0, 2), StandardCharsets.UTF_8); // 1 row of 6

    // 2 rows against the 7 of the last load that read both sources, not the 1 of the day that
    // read only one of them.
    assertThatThrownBy(() -> job.run(config, DAY3))
        .hasMessageContaining(
            "channel Marketing: 2 rows accepted, 7 in the previous load that read it (" + DAY1);
  }

  @Test
  void aChannelRemovedWithAllowDropIsNotComparedWithItsOldLoadsAgain() throws IOException {
    Job job = new Job("guard-removed");
    job.run(job.config("", ""), DAY1);
    Path withoutMarketing = job.home.resolve("restritos-only.conf");
    Files.writeString(
        withoutMarketing,
        Files.readString(job.config("", ""))
            .replaceFirst("(?s)    marketing \\{.*?\n    \\}\n", ""),
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> job.run(withoutMarketing, DAY2))
        .hasMessageContaining("channel Marketing: 0 rows accepted, 6 in the previous load");
    job.run(withoutMarketing, DAY2, "--allow-drop");

    RunSummary next = job.run(withoutMarketing, DAY3);

    assertThat(next.channels()).extracting(RunSummary.ChannelCounts::channel).contains("Restritos");
  }

  @Test
  void aChannelTakenFromAColumnDoesNotTripTheGuardTheNextDay() throws IOException {
    Job job = new Job("guard-channel-column");
    Path events = job.home.resolve("eventos.csv");
    Files.write(
        events,
        List.of(
            "id_cliente;canal;data_envio",
            "2345678901;Marketing;2024-05-27",
            "2500000005;Marketing;2024-05-27"),
        StandardCharsets.UTF_8);
    Path config =
        job.configFile(
            "column",
            "  sources.eventos {",
            "    channel-column = canal, format = csv, location = \"" + events + "\"",
            "    options { sep = \";\" }",
            "  }");
    job.run(config, DAY1);

    RunSummary next = job.run(config, DAY2);

    assertThat(next.channel("Marketing").accepted()).isEqualTo(2);
  }

  // --- failures while Spark executes the run ----------------------------------------------------

  /** A source damaged between two runs, in a way only reading its data shows. */
  enum Damage {
    DELTA_DATA_FILE_DELETED("delta"),
    PARQUET_PAGES_GARBLED("parquet");

    final String format;

    Damage(String format) {
      this.format = format;
    }

    /** The marketing rows in this format, in three files. */
    Path write(Job job) {
      Path location = job.home.resolve("marketing-" + format);
      spark
          .read()
          .option("header", "true")
          .option("sep", ";")
          .csv(job.marketing.toString())
          .repartition(3)
          .write()
          .format(format)
          .save(location.toString());
      return location;
    }

    /** Damages one data file; returns it. */
    Path apply(Path location) throws IOException {
      Path file;
      try (var files = Files.list(location)) {
        file =
            files
                .filter(f -> f.getFileName().toString().endsWith(".parquet"))
                .sorted()
                .findFirst()
                .orElseThrow();
      }
      if (this == DELTA_DATA_FILE_DELETED) {
        Files.delete(file); // the log still lists it
      } else {
        garblePages(file);
      }
      return file;
    }
  }

  /**
   * Overwrites the pages of a parquet file and keeps its footer, so the file opens (its schema is
   * read) and fails when its data is. Hadoop's checksum file is removed, as object stores have
   * none: the parquet reader itself meets the damage.
   */
  static void garblePages(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int footer =
        (bytes[bytes.length - 8] & 0xff)
            | (bytes[bytes.length - 7] & 0xff) << 8
            | (bytes[bytes.length - 6] & 0xff) << 16
            | (bytes[bytes.length - 5] & 0xff) << 24;
    int pagesEnd = bytes.length - 8 - footer;
    for (int i = 4; i < pagesEnd; i++) {
      bytes[i] = (byte) (0xA5 ^ i);
    }
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  static Row lastRun(Job job) {
    List<Row> runs = job.runs().read().orderBy("inicio").collectAsList();
    return runs.get(runs.size() - 1);
  }

  static Row sourceRun(Job job, String source) {
    Row run = lastRun(job);
    List<Row> sources = run.getList(run.fieldIndex("fontes"));
    return sources.stream()
        .filter(s -> s.<String>getAs("fonte").equals(source))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Damage.class)
  void aSourceDamagedWhereOnlyReadingItShowsFailsTheRunNamingTheSourceAndTheFile(Damage damage)
      throws IOException {
    Job job = new Job("damaged-" + damage.format);
    Path location = damage.write(job);
    Path config = job.config("", damage.format, location, "");
    job.run(config, DAY1);
    long versions = job.versions();
    Path file = damage.apply(location);

    Throwable failure = catchThrowable(() -> job.run(config, DAY2));

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("source 'marketing' (channel Marketing) cannot be read")
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining(
            damage == Damage.DELTA_DATA_FILE_DELETED ? "is missing" : "is damaged")
        .hasMessageContaining("Nothing was written")
        .hasMessageContaining("on-unavailable = carry-forward");
    assertThat(job.versions()).isEqualTo(versions);
    assertThat(job.rows(DAY2)).isEmpty();
    Row run = lastRun(job);
    assertThat(run.<String>getAs("resultado")).isEqualTo("FAILED");
    assertThat(run.<String>getAs("erro")).isEqualTo(failure.getMessage());
    assertThat(sourceRun(job, "marketing").<String>getAs("situacao")).isEqualTo("UNREADABLE");
    assertThat(sourceRun(job, "marketing").<String>getAs("detalhe"))
        .contains(file.getFileName().toString());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Damage.class)
  void aSourceDamagedWhereOnlyReadingItShowsIsCarriedForwardWhenConfigured(Damage damage)
      throws IOException {
    Job job = new Job("damaged-carried-" + damage.format);
    Path location = damage.write(job);
    Path config = job.config("", damage.format, location, "on-unavailable = carry-forward");
    job.run(config, DAY1);
    Path file = damage.apply(location);

    RunSummary summary = job.run(config, DAY2);

    assertThat(summary.carriedForward()).singleElement();
    RunSummary.CarriedForward cf = summary.carriedForward().get(0);
    assertThat(cf.source()).isEqualTo("marketing");
    assertThat(cf.reason()).contains(file.getFileName().toString());
    assertThat(cf.entries()).isEqualTo(5);
    assertThat(job.rows(DAY2))
        .contains("2345678901|Marketing|6|2024-05-31")
        .anyMatch(r -> r.startsWith("4888888800|Restritos"));
    assertThat(lastRun(job).<String>getAs("resultado")).isEqualTo("SUCCEEDED");
    assertThat(sourceRun(job, "marketing").<String>getAs("situacao")).isEqualTo("CARRIED_FORWARD");
  }

  @Test
  void aFailureWhileSparkComputesTheRunIsRecordedAsFailed() throws IOException {
    Job job = new Job("spark-failure");
    Path config =
        job.config(
            "",
            "mapping { assunto = \"if(id_cliente = '2500000009', raise_error('a broken"
                + " mapping'), subject)\" }");
    job.run(job.config("", ""), DAY1);
    long versions = job.versions();

    Throwable failure = catchThrowable(() -> job.run(config, DAY2));

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a broken mapping")
        .hasMessageContaining("Nothing was written");
    assertThat(job.versions()).isEqualTo(versions);
    Row run = lastRun(job);
    assertThat(run.<String>getAs("resultado")).isEqualTo("FAILED");
    assertThat(run.<String>getAs("erro")).isEqualTo(failure.getMessage());
  }

  // --- the order of the writes ------------------------------------------------------------------

  /** The marketing file with one more row, an impossible date: the rejects are not empty. */
  static void withOneReject(Job job) throws IOException {
    Files.write(
        job.marketing,
        List.of("2500000010;z@exemplo.com;955555555;Data ruim;2024-02-31"),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void aRejectsTableThatCannotBeWrittenLeavesTheQuarantineAtItsLastLoad() throws IOException {
    Job job = new Job("rejects-unwritable");
    job.run(job.config("", ""), DAY1);
    long versions = job.versions();
    Path notADirectory = Files.writeString(job.home.resolve("a-file"), "not a directory");
    Path config =
        job.config("  rejects.table = \"" + notADirectory.resolve("rejeitados") + "\"", "");

    Throwable failure = catchThrowable(() -> job.run(config, DAY2));

    assertThat(failure)
        .hasMessageContaining("rejects table " + notADirectory.resolve("rejeitados"))
        .hasMessageContaining(
            "Nothing was written: the quarantine and rejects tables keep their last loads");
    assertThat(job.versions()).as("the quarantine table is untouched").isEqualTo(versions);
    assertThat(job.rows(DAY2)).isEmpty();
    assertThat(lastRun(job).<String>getAs("resultado")).isEqualTo("FAILED");
  }

  @Test
  void aQuarantineWriteThatFailsAfterTheRejectsSaysTheRejectsHoldTheNewDate() throws IOException {
    Job job = new Job("quarantine-unwritable");
    withOneReject(job);
    Path config = job.config("", "");
    job.run(config, DAY1);
    // A constraint the new load date breaks: the table is readable, has the right schema, and
    // refuses this run's commit.
    spark.sql(
        "ALTER TABLE delta.`"
            + job.home.resolve("global")
            + "` ADD CONSTRAINT ate_29 CHECK (data_carga < DATE'2024-05-29')");
    long versions = job.versions();

    Throwable failure = catchThrowable(() -> job.run(config, DAY2));

    assertThat(failure)
        .hasMessageContaining("writing load date " + DAY2 + " to the quarantine")
        .hasMessageContaining(
            "The rejects table "
                + job.home.resolve("rejeitados")
                + " holds this run's rejects of "
                + DAY2
                + "; the quarantine table "
                + job.home.resolve("global")
                + " keeps its last load")
        .message()
        .doesNotContain("Nothing was written");
    assertThat(job.versions()).isEqualTo(versions);
    assertThat(job.rows(DAY2)).isEmpty();
    assertThat(job.rejectsTable().rejects(java.time.LocalDate.parse(DAY2)).count()).isEqualTo(1);
    Row run = lastRun(job);
    assertThat(run.<String>getAs("resultado")).isEqualTo("FAILED");
    assertThat(run.<String>getAs("erro")).isEqualTo(failure.getMessage());
  }

  @Test
  void aRunsTableThatCannotRecordTheSuccessSaysTheNewLoadIsLive() throws IOException {
    Job job = new Job("runs-unwritable");
    Path config = job.config("", "");
    job.run(config, DAY1);
    // From 05-29 on, the runs table takes failures only: the next run's success is refused.
    spark.sql(
        "ALTER TABLE delta.`"
            + job.home.resolve("global")
            + "_runs` ADD CONSTRAINT so_falhas CHECK (resultado = 'FAILED' OR data_carga <"
            + " DATE'2024-05-29')");

    Throwable failure = catchThrowable(() -> job.run(config, DAY2));

    assertThat(failure)
        .hasMessageContaining("runs table")
        .hasMessageContaining("The quarantine and rejects tables hold this run's load of " + DAY2)
        .message()
        .doesNotContain("Nothing was written")
        .doesNotContain("keeps its last load");
    assertThat(job.rows(DAY2)).isNotEmpty();
    Row run = lastRun(job);
    assertThat(run.<String>getAs("resultado")).isEqualTo("FAILED");
    assertThat(run.<String>getAs("erro")).isEqualTo(failure.getMessage());
  }

  @Test
  void rejectsEqualToOutputIsRefusedBeforeAnythingIsWritten() throws IOException {
    Job job = new Job("rejects-is-output");
    Path config = job.config("  rejects.table = \"" + job.home.resolve("global") + "/\"", "");

    assertThatThrownBy(() -> job.run(config, DAY1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'quarentena.rejects.table' and 'quarentena.output.table'")
        .hasMessageContaining("the same table");
    assertThat(job.home.resolve("global")).doesNotExist();
  }

  @Test
  void aWrappedMessageEndingInAPeriodGetsNoSecondOne() throws IOException {
    Job job = new Job("one-period");
    Path sheet = Files.writeString(job.home.resolve("marketing.xlsx"), "id_cliente;data_envio\n");
    Path config = job.config("", "xlsx", sheet, "");

    Throwable failure = catchThrowable(() -> job.run(config, DAY1));

    assertThat(failure)
        .hasMessageContaining("source 'marketing' (channel Marketing) cannot be read");
    assertThat(failure.getMessage()).doesNotContainPattern("[^.]\\.\\.(\\s|$)");
  }
}

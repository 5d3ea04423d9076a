package io.quarentena.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.spark.QuarantineJob;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.RunsTable;
import io.quarentena.spark.SparkTestSession;
import io.quarentena.spark.internal.PiiColumns;
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
              "      format = csv",
              "      location = \"" + marketing + "\"",
              "      options { sep = \";\" }",
              "      mapping { assunto = subject }",
              marketingExtra,
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
    Path second = job.home.resolve("marketing-b.csv");
    Files.write(
        second,
        List.of(MARKETING.get(0), "2600000001;x@exemplo.com;911111111;Outra;2024-05-27"),
        StandardCharsets.UTF_8);
    Path config = job.home.resolve("two-sources.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "quarentena {",
            "  output.table = \"" + job.home.resolve("global") + "\"",
            "  rejects.table = \"" + job.home.resolve("rejeitados") + "\"",
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
            "  }",
            "}"),
        StandardCharsets.UTF_8);
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
}

package io.quarentena.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.QuarantinePolicy;
import io.quarentena.RejectReason;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.spark.HistoryTable;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RejectsTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job from a configuration file: local files need no connector configuration, every bad row
 * reaches the rejects table with its reason and read = accepted + rejected per source, the summary
 * is printed per channel, and mistakes in the arguments or the file name the key and the value.
 * (The six worked rows of docs/rules.md through the job from all six source shapes are the examples
 * module's {@code LocalJobTest}.)
 */
class QuarantineJobTest {

  static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");
  static SparkSession spark;
  static Path dir;

  @BeforeAll
  static void files() throws IOException {
    spark = SparkTestSession.get();
    dir = SparkTestSession.newDir("job");
    Files.createDirectories(dir.resolve("in"));
    Files.write(
        dir.resolve("in/marketing.csv"),
        List.of(
            "id_cliente;email;telefone;subject;data_envio",
            "2345678901;m@exemplo.com;988888888;Email boas vindas;2024-05-24",
            "2345678901;m@exemplo.com;988888888;Newsletter;2024-05-20",
            ";semid@exemplo.com;911111111;Newsletter;2024-05-24", // no id
            "2600000006;d@exemplo.com;955000000;Newsletter;31/02/2024x", // unparseable date
            "2700000007;f@exemplo.com;955000001;Newsletter;2024-06-30", // future
            "2800000008;v@exemplo.com;955000002;Newsletter;"), // no date
        StandardCharsets.UTF_8);
    Files.write(
        dir.resolve("in/restritos.json"),
        List.of(
            "{\"id_cliente\":\"4888888800\",\"contatos\":{\"email\":\"r@exemplo.com\","
                + "\"numero_telefone\":\"944444443\",\"data_solicitacao\":\"2024-03-01T10:15:00-03:00\"},"
                + "\"motivos\":{\"descricao\":\"Reclamação\"}}",
            "{\"id_cliente\":null,\"contatos\":{\"email\":\"x@exemplo.com\","
                + "\"data_solicitacao\":\"2024-03-01T10:15:00-03:00\"},\"motivos\":{}}"),
        StandardCharsets.UTF_8);
  }

  static Path config(String name, String body) throws IOException {
    Path file = dir.resolve(name + ".conf");
    Files.writeString(
        file,
        "base = \""
            + dir
            + "\"\nquarentena {\n  output.table = ${base}\"/"
            + name
            + "-global\"\n  rejects.table = ${base}\"/"
            + name
            + "-rejects\"\n"
            + body
            + "\n}\n",
        StandardCharsets.UTF_8);
    return file;
  }

  static final String SOURCES =
      """
      sources {
        marketing {
          channel = Marketing
          format = csv
          location = ${base}"/in/marketing.csv"
          options { sep = ";" }
          mapping { assunto = subject }
        }
        restritos {
          channel = Restritos
          format = json
          location = ${base}"/in/restritos.json"
          mapping {
            email = "contatos.email"
            telefone = "contatos.numero_telefone"
            assunto = "motivos.descricao"
            data_envio = "contatos.data_solicitacao"
          }
        }
      }
      """;

  @Test
  void runsFromLocalFilesAndCountsAddUp() throws IOException {
    Path conf = config("counts", SOURCES);
    RunSummary summary =
        QuarantineJob.run(spark, "--config", conf.toString(), "--as-of", MAY_28.toString());

    RunSummary.SourceCounts marketing = summary.source("marketing");
    assertThat(marketing.read()).isEqualTo(6);
    assertThat(marketing.accepted() + marketing.rejectedTotal()).isEqualTo(marketing.read());
    assertThat(marketing.rejected())
        .containsEntry(RejectReason.MISSING_CUSTOMER_ID, 1L)
        .containsEntry(RejectReason.UNPARSEABLE_DATE, 1L)
        .containsEntry(RejectReason.FUTURE_CONTACT_DATE, 1L)
        .containsEntry(RejectReason.MISSING_CONTACT_DATE, 1L);
    RunSummary.SourceCounts restritos = summary.source("restritos");
    assertThat(restritos.read()).isEqualTo(2);
    assertThat(restritos.rejected()).containsEntry(RejectReason.MISSING_CUSTOMER_ID, 1L);

    assertThat(summary.channel("Marketing").inQuarantine()).isEqualTo(1);
    assertThat(summary.channel("Restritos").inQuarantine()).isEqualTo(1);

    List<String> rows =
        QuarantineTable.of(spark, dir.resolve("counts-global").toString())
            .entries(MAY_28)
            .selectExpr("concat_ws('|', id_cliente, canal, data_envio, qtd_dias, saida_prevista)")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "2345678901|Marketing|2024-05-24|4|2024-05-31",
            "4888888800|Restritos|2024-03-01|88|2024-05-30");
    assertThat(
            RejectsTable.of(spark, dir.resolve("counts-rejects").toString())
                .rejects(MAY_28)
                .count())
        .isEqualTo(marketing.rejectedTotal() + restritos.rejectedTotal());

    // Beside the table, the history caps need: none under these fixed periods, but published.
    HistoryTable history = HistoryTable.beside(spark, dir.resolve("counts-global").toString());
    assertThat(history.exists()).isTrue();
    assertThat(history.contacts(MAY_28).count()).isZero();

    // Beside a path table, the run writes the policy's view as a statement a session runs.
    Path viewSql = dir.resolve("counts-global").resolve("_quarentena").resolve("bloqueios.sql");
    assertThat(viewSql).exists();
    spark.sql(Files.readString(viewSql));
    List<String> blocked =
        spark
            .sql(
                "SELECT DISTINCT concat_ws('|', id_cliente, canal_origem) FROM"
                    + " quarentena_bloqueios")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(blocked).containsExactlyInAnyOrder("2345678901|Marketing", "4888888800|Restritos");
  }

  @Test
  void thePolicyCanBeThePropertiesFileTheCampaignEngineLoads() throws IOException {
    // One definition for both engines: QuarantinePolicy.load(file) in the service, and the same
    // file included by the job.
    Path properties = dir.resolve("politica.properties");
    Files.writeString(
        properties,
        "name = marketing-3\nbase = defaults\n"
            + "rule.Marketing.kind = fixed-period\nrule.Marketing.days = 3\n",
        StandardCharsets.UTF_8);
    Path conf = config("properties", "policy { include file(\"" + properties + "\") }\n" + SOURCES);
    RunSummary summary =
        QuarantineJob.run(spark, "--config", conf.toString(), "--as-of", MAY_28.toString());
    assertThat(summary.policy()).isEqualTo("marketing-3");
    // 2024-05-24 is 4 days before the load date: past Marketing's 3 days, so not in quarantine.
    assertThat(summary.channel("Marketing").inQuarantine()).isZero();
    assertThat(summary.channel("Restritos").inQuarantine()).isEqualTo(1);
    assertThat(QuarantinePolicy.load(properties).name()).isEqualTo("marketing-3");
  }

  @Test
  void theTypedBuilderRunsAParsedConfigWithTheGivenClock() throws IOException {
    Path conf = config("builder", "zone = \"America/Sao_Paulo\"\n" + SOURCES);
    JobConfig config = JobFile.load(conf);
    Clock clock = Clock.fixed(Instant.parse("2024-05-29T02:00:00Z"), ZoneOffset.UTC);
    RunSummary today =
        QuarantineJob.builder(spark, config)
            .secrets(SecretProviders.defaults())
            .clock(clock)
            .build()
            .run();
    assertThat(today.loadDate()).isEqualTo(MAY_28);
    RunSummary byArguments =
        QuarantineJob.run(spark, "--config", conf.toString(), "--as-of", MAY_28.toString());
    assertThat(today.channel("Marketing").inQuarantine())
        .isEqualTo(byArguments.channel("Marketing").inQuarantine())
        .isEqualTo(1);
  }

  @Test
  void withoutAsOfTheLoadDateIsTodayInTheConfiguredZone() throws IOException {
    Path conf = config("today", "zone = \"America/Sao_Paulo\"\n" + SOURCES);
    // 02:00 UTC on the 29th is still the 28th in São Paulo
    Clock clock = Clock.fixed(Instant.parse("2024-05-29T02:00:00Z"), ZoneOffset.UTC);
    RunSummary summary = QuarantineJob.run(spark, clock, "--config", conf.toString());
    assertThat(summary.loadDate()).isEqualTo(MAY_28);
  }

  @Test
  void argumentMistakesAreExplained() {
    assertThatThrownBy(() -> QuarantineJob.run(spark))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--config is required")
        .hasMessageContaining("usage");
    assertThatThrownBy(
            () -> QuarantineJob.run(spark, "--config", "x.conf", "--as-of", "28/05/2024"))
        .hasMessageContaining("'28/05/2024'")
        .hasMessageContaining("YYYY-MM-DD");
    assertThatThrownBy(() -> QuarantineJob.run(spark, "--confg", "x.conf"))
        .hasMessageContaining("unknown argument '--confg'");
  }

  @Test
  void configMistakesNameTheKeyAndTheValue() throws IOException {
    Path typo =
        config(
            "typo",
            """
            sources.marketing {
              channel = Marketing
              format = csv
              locaton = "/tmp/x.csv"
            }
            """);
    assertThatThrownBy(
            () -> QuarantineJob.run(spark, "--config", typo.toString(), "--as-of", "2024-05-28"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("locaton");

    Path format =
        config(
            "format",
            """
            sources.marketing {
              channel = Marketing
              format = excel
              location = "/tmp/x.xlsx"
            }
            """);
    assertThatThrownBy(
            () -> QuarantineJob.run(spark, "--config", format.toString(), "--as-of", "2024-05-28"))
        .hasMessageContaining("excel")
        .hasMessageContaining("xlsx");

    Path channel =
        config(
            "channel",
            """
            sources.whatsapp {
              channel = WhatsApp
              format = csv
              location = ${base}"/in/marketing.csv"
            }
            """);
    assertThatThrownBy(
            () -> QuarantineJob.run(spark, "--config", channel.toString(), "--as-of", "2024-05-28"))
        .hasMessageContaining("WhatsApp");

    for (String width : List.of("ten", "0", "65")) {
      Path idWidth =
          config(
              "id-width-" + width,
              """
              sources.recomendacao {
                channel = Recomendacao
                format = parquet
                location = "/tmp/x.parquet"
                id-width = %s
              }
              """
                  .formatted(width));
      assertThatThrownBy(
              () ->
                  QuarantineJob.run(spark, "--config", idWidth.toString(), "--as-of", "2024-05-28"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("recomendacao")
          .hasMessageContaining("id-width")
          .hasMessageContaining(width)
          .hasMessageContaining("1 to 64");
    }
  }

  @Test
  void aMissingSourceFileFailsBeforeAnythingIsWritten() throws IOException {
    Path conf =
        config(
            "missing",
            """
            sources.marketing {
              channel = Marketing
              format = csv
              location = ${base}"/in/nao-existe.csv"
            }
            """);
    assertThatThrownBy(
            () -> QuarantineJob.run(spark, "--config", conf.toString(), "--as-of", "2024-05-28"))
        .hasMessageContaining("marketing")
        .hasMessageContaining("nao-existe.csv");
    assertThat(dir.resolve("missing-global")).doesNotExist();
  }
}

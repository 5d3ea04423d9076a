package io.quarentena.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.RejectReason;
import io.quarentena.SendRecordFormat;
import io.quarentena.kafka.testing.KafkaBroker;
import io.quarentena.spark.HistoryTable;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RejectsTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job over a real send log: a KRaft broker in a child JVM ({@link KafkaBroker}), its topic
 * written with the services' record format, read by Spark's Kafka source beside a channel's export.
 * A send that reaches the job through both is one contact, by its send id, or without one by its
 * standard columns; a send dated after the load date is not read; a record that is not a send is
 * rejected, naming its topic, partition and offset.
 */
class SendLogSourceIT {

  static final LocalDate MAY_28 = LocalDate.parse("2024-05-28");
  static final String TOPIC = "quarentena-envios";

  static SparkSession spark;
  static KafkaBroker broker;
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.get();
    broker = KafkaBroker.start();
    dir = Files.createDirectories(SparkTestSession.newDir("send-log-source"));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static void send(String topic, ContactEvent send) {
    broker.produceRaw(
        topic, send.customerId().getBytes(StandardCharsets.UTF_8), SendRecordFormat.encode(send));
  }

  static ContactEvent marketing(String customer, String date, String sendId) {
    return ContactEvent.builder(customer, Channel.MARKETING, LocalDate.parse(date))
        .sendId(sendId)
        .build();
  }

  static Path config(String name, String topic) throws IOException {
    Path file = dir.resolve(name + ".conf");
    Files.writeString(
        file,
        "base = \""
            + dir
            + "\"\nquarentena {\n"
            + "  output.table = ${base}\"/"
            + name
            + "-global\"\n  rejects.table = ${base}\"/"
            + name
            + "-rejects\"\n"
            + "  policy {\n    base = defaults\n"
            + "    rule.Marketing.kind = frequency-cap\n"
            + "    rule.Marketing.max-contacts = 2\n"
            + "    rule.Marketing.window-days = 14\n  }\n"
            + "  sources {\n"
            + "    envios {\n      format = kafka\n      location = \""
            + topic
            + "\"\n      options { \"kafka.bootstrap.servers\" = \""
            + broker.bootstrapServers()
            + "\" }\n    }\n"
            + "    marketing {\n      channel = Marketing\n      format = csv\n"
            + "      location = ${base}\"/"
            + name
            + "-marketing.csv\"\n      options { sep = \";\" }\n    }\n"
            + "  }\n}\n",
        StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void aSendThroughTheLogAndTheExportIsOneContact() throws IOException {
    broker.createTopic(TOPIC, 1); // one partition: the offsets below are the order of writing
    send(TOPIC, marketing("1000000001", "2024-05-27", "m-1")); // offset 0, in the export too
    send(TOPIC, marketing("1000000002", "2024-05-26", "m-2")); // 1, the log only
    send(TOPIC, marketing("1000000003", "2024-05-29", "m-4")); // 2, after the load date
    send( // 3, no send id: the export's row with the same columns is the same contact
        TOPIC, ContactEvent.builder("1000000004", Channel.MARKETING, MAY_28.minusDays(2)).build());
    send( // 4, another channel: each record names its own
        TOPIC,
        ContactEvent.builder("1000000005", Channel.CRM, LocalDate.parse("2024-05-20"))
            .sendId("c-1")
            .build());
    broker.produceRaw(TOPIC, null, "{not a send".getBytes(StandardCharsets.UTF_8)); // 5
    Files.writeString(
        dir.resolve("once-marketing.csv"),
        String.join(
            "\n",
            "id_cliente;data_envio;id_envio",
            "1000000001;2024-05-27;m-1", // the log's m-1: one contact, under the cap of 2
            "1000000002;2024-05-20;m-3", // with the log's m-2: two contacts, capped
            "1000000003;2024-05-25;m-5", // with the log's m-4 it would be two; m-4 is later
            "1000000004;2024-05-26;",
            ""),
        StandardCharsets.UTF_8);

    RunSummary summary =
        QuarantineJob.builder(spark, JobFile.load(config("once", TOPIC))).build().run(MAY_28);

    RunSummary.SourceCounts envios = summary.source("envios");
    assertThat(envios.read()).as("the send after the load date is not read").isEqualTo(5);
    assertThat(envios.rejected())
        .containsExactly(java.util.Map.entry(RejectReason.MALFORMED_RECORD, 1L));
    assertThat(
            QuarantineTable.of(spark, dir.resolve("once-global").toString())
                .entries(MAY_28)
                .selectExpr("concat_ws('|', id_cliente, canal, data_envio)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("1000000002|Marketing|2024-05-26", "1000000005|CRM|2024-05-20");
    assertThat(
            HistoryTable.beside(spark, dir.resolve("once-global").toString())
                .contacts(MAY_28)
                .selectExpr("concat_ws('|', id_cliente, data_envio, coalesce(id_envio, '-'))")
                .as(Encoders.STRING())
                .collectAsList())
        .as("each send once in the history")
        .containsExactlyInAnyOrder(
            "1000000001|2024-05-27|m-1",
            "1000000002|2024-05-26|m-2",
            "1000000002|2024-05-20|m-3",
            "1000000003|2024-05-25|m-5",
            "1000000004|2024-05-26|-");
    List<Row> rejected =
        RejectsTable.of(spark, dir.resolve("once-rejects").toString())
            .rejects(MAY_28)
            .where("fonte = 'envios'")
            .collectAsList();
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0).<String>getAs("motivo"))
        .isEqualTo(RejectReason.MALFORMED_RECORD.code());
    assertThat(rejected.get(0).<String>getAs("detalhe"))
        .startsWith("topic " + TOPIC + ", partition 0, offset 5: ")
        .contains("{not a send");
  }

  @Test
  void aMissingTopicFailsTheRunNamingIt() throws IOException {
    JobConfig config = JobFile.load(config("missing", "quarentena-envio"));
    Files.writeString(dir.resolve("missing-marketing.csv"), "id_cliente;data_envio\n");
    assertThatThrownBy(() -> QuarantineJob.builder(spark, config).build().run(MAY_28))
        .hasMessageContaining("source 'envios'")
        .hasMessageContaining("the topic quarentena-envio does not exist on 127.0.0.1:");
  }

  @Test
  void aSendLogSourceIsCheckedWhenTheFileIsRead() throws IOException {
    Path conf = config("checked", "t");
    String text = Files.readString(conf);
    Path channel = dir.resolve("channel.conf");
    Files.writeString(
        channel, text.replace("format = kafka", "channel = CRM\n      format = kafka"));
    assertThatThrownBy(() -> JobFile.load(channel))
        .hasMessageContaining("each record names its channel");
    Path bounds = dir.resolve("bounds.conf");
    Files.writeString(bounds, text.replace("options { ", "options { startingOffsets = latest, "));
    assertThatThrownBy(() -> JobFile.load(bounds))
        .hasMessageContaining("startingOffsets' is set by the job");
    Path servers = dir.resolve("servers.conf");
    Files.writeString(servers, text.replace("\"kafka.bootstrap.servers\"", "\"kafka.client.id\""));
    assertThatThrownBy(() -> JobFile.load(servers))
        .hasMessageContaining("kafka.bootstrap.servers' is required");
  }
}

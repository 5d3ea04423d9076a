package io.quarentena.job.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.quarentena.ContactEvent;
import io.quarentena.RejectReason;
import io.quarentena.SendRecordFormat;
import io.quarentena.spark.TableColumns;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send log as a source ({@code format = kafka}): the topic the services share their live sends
 * through, read once by Spark's Kafka source in batch mode, from the earliest offsets to the latest
 * at the time of the read, every record decoded by the core's {@link SendRecordFormat} (the one
 * definition of the record, which the services write with). A send dated after the load date is not
 * part of this load and is left out, unread; a record that is not a send (another producer's, a
 * newer version, a tombstone, broken JSON) is a row with {@link TableColumns#READ_PROBLEM},
 * rejected as {@code MALFORMED_RECORD} with a detail naming the topic, partition and offset.
 *
 * <p>The rows have the standard columns by name ({@code id_cliente}, {@code canal}, {@code
 * data_envio} and {@code data_exclus} as ISO text, {@code id_envio}, {@code email}, {@code
 * telefone}, {@code assunto}, {@code categoria}) and, for the rejects, {@code _topico}, {@code
 * _particao} and {@code _offset}. The channel is each record's own ({@link #CHANNEL_COLUMN}).
 */
public final class SendLogSource {

  private static final Logger LOG = LoggerFactory.getLogger(SendLogSource.class);

  /** How long the brokers have to name the topic's partitions and their end offsets. */
  private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(60);

  /** The source format. */
  public static final String FORMAT = "kafka";

  /** The column each row's channel is read from. */
  public static final String CHANNEL_COLUMN = TableColumns.CHANNEL;

  /** The option naming the brokers (Spark's own key). */
  public static final String SERVERS = "kafka.bootstrap.servers";

  /** Spark's Kafka options the job sets itself: the topic and the bounds of the read. */
  private static final Set<String> OWN =
      Set.of(
          "subscribe",
          "subscribepattern",
          "assign",
          "startingoffsets",
          "endingoffsets",
          "startingoffsetsbytimestamp",
          "endingoffsetsbytimestamp",
          "startingtimestamp",
          "endingtimestamp",
          "startingoffsetsbytimestampstrategy",
          "includeheaders");

  /** Spark's Kafka batch options besides the consumer's own ({@code kafka.*}). */
  private static final Set<String> SPARK_OPTIONS =
      Set.of(
          "minPartitions",
          "failOnDataLoss",
          "kafkaConsumer.pollTimeoutMs",
          "fetchOffset.numRetries",
          "fetchOffset.retryIntervalMs",
          "groupIdPrefix");

  private static final StructType DECODED =
      new StructType()
          .add(TableColumns.ID, DataTypes.StringType, true)
          .add(TableColumns.CHANNEL, DataTypes.StringType, true)
          .add(TableColumns.CONTACT_DATE, DataTypes.StringType, true)
          .add(TableColumns.SEND_ID, DataTypes.StringType, true)
          .add(TableColumns.EMAIL, DataTypes.StringType, true)
          .add(TableColumns.PHONE, DataTypes.StringType, true)
          .add(TableColumns.SUBJECT, DataTypes.StringType, true)
          .add(TableColumns.CATEGORY, DataTypes.StringType, true)
          .add(TableColumns.REVOKED_ON, DataTypes.StringType, true)
          .add(TableColumns.READ_PROBLEM, TableColumns.READ_PROBLEM_TYPE, true);

  private SendLogSource() {}

  /**
   * Checks a send log source's options: {@value #SERVERS} is required; any other {@code kafka.*}
   * key is the consumer's (security, timeouts) and passed on; Spark's batch options {@code
   * minPartitions}, {@code failOnDataLoss}, {@code kafkaConsumer.pollTimeoutMs}, {@code
   * fetchOffset.numRetries}, {@code fetchOffset.retryIntervalMs} and {@code groupIdPrefix} are
   * passed on; the topic and the bounds are the job's own and refused.
   *
   * @param options the source's options
   * @param describe names an option key for messages
   * @throws IllegalArgumentException naming the key
   */
  public static void checkOptions(Map<String, String> options, Function<String, String> describe) {
    for (String key : options.keySet()) {
      if (key.toLowerCase(Locale.ROOT).startsWith("kafka.")) {
        continue;
      }
      if (OWN.contains(key.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            describe.apply(key)
                + " is set by the job: a send log source reads its location's topic from the"
                + " earliest offsets to the latest, and keeps the sends dated on or before the"
                + " load date");
      }
      if (!SPARK_OPTIONS.contains(key)) {
        throw new IllegalArgumentException(
            describe.apply(key)
                + " is not an option of a send log source; allowed: "
                + SERVERS
                + " and any other kafka.* consumer setting, "
                + String.join(", ", new TreeSet<>(SPARK_OPTIONS)));
      }
    }
    String servers = options.get(SERVERS);
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(
          describe.apply(SERVERS)
              + " is required: the brokers of the send log, for example"
              + " \"broker1:9092,broker2:9092\"");
    }
  }

  /**
   * Reads the topic.
   *
   * @param spark the session
   * @param name the source's name, for messages
   * @param topic the topic
   * @param options the source's options ({@link #checkOptions})
   * @param loadDate the load date: sends dated after it are left out
   * @return the sends dated on or before the load date, and the records that are not sends
   */
  public static Dataset<Row> read(
      SparkSession spark,
      String name,
      String topic,
      Map<String, String> options,
      LocalDate loadDate) {
    checkOptions(options, k -> "source '" + name + "': option '" + k + "'");
    // The end of every partition, asked once: each action of the run (the summary, the entries,
    // the history, the rejects) reads the same records, whatever arrives meanwhile.
    Map<Integer, Long> ends = endOffsets(topic, options);
    LOG.info(
        "Source '{}': topic {} read up to the offsets {} (partition=offset)", name, topic, ends);
    StringBuilder partitions = new StringBuilder();
    StringBuilder endings = new StringBuilder();
    for (Map.Entry<Integer, Long> e : ends.entrySet()) {
      partitions.append(partitions.length() == 0 ? "" : ",").append(e.getKey());
      endings
          .append(endings.length() == 0 ? "" : ",")
          .append('"')
          .append(e.getKey())
          .append("\":")
          .append(e.getValue());
    }
    String quoted = json(topic);
    DataFrameReader reader =
        spark
            .read()
            .format(FORMAT)
            .option("assign", "{" + quoted + ":[" + partitions + "]}")
            .option("startingOffsets", "earliest")
            .option("endingOffsets", "{" + quoted + ":{" + endings + "}}");
    options.forEach(reader::option);
    return decoded(reader.load(), loadDate);
  }

  /**
   * Spark's Kafka rows decoded.
   *
   * @param records rows with Spark's Kafka source's {@code value}, {@code topic}, {@code partition}
   *     and {@code offset}
   * @param loadDate the load date
   * @return the source's rows
   */
  static Dataset<Row> decoded(Dataset<Row> records, LocalDate loadDate) {
    Column decoded =
        decoder(loadDate)
            .apply(col("value"), col("topic"), col("partition"), col("offset"))
            .as("_envio");
    String[] fields = DECODED.fieldNames();
    Column[] out = new Column[fields.length + 3];
    for (int i = 0; i < fields.length; i++) {
      out[i] = col("_envio." + fields[i]).as(fields[i]);
    }
    out[fields.length] = col("topic").as("_topico");
    out[fields.length + 1] = col("partition").as("_particao");
    out[fields.length + 2] = col("offset").as("_offset");
    return records
        .select(decoded, col("topic"), col("partition"), col("offset"))
        .where(col("_envio").isNotNull())
        .select(out);
  }

  /**
   * The end offset of each partition of the topic, asked of the brokers with a consumer of the
   * source's {@code kafka.*} settings.
   *
   * @throws IllegalArgumentException when the topic does not exist: the library never creates it,
   *     and a mistyped name must not read as an empty log
   */
  private static Map<Integer, Long> endOffsets(String topic, Map<String, String> options) {
    Map<String, Object> config = new HashMap<>();
    options.forEach(
        (k, v) -> {
          if (k.toLowerCase(Locale.ROOT).startsWith("kafka.")) {
            config.put(k.substring("kafka.".length()), v);
          }
        });
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "quarentena-job-offsets");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, OFFSETS_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException(
            "the topic "
                + topic
                + " does not exist on "
                + options.get(SERVERS)
                + " (the send log's topic is never created by Quarentena: check its name)");
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : infos) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      Map<Integer, Long> ends = new TreeMap<>();
      consumer
          .endOffsets(partitions, OFFSETS_TIMEOUT)
          .forEach((p, offset) -> ends.put(p.partition(), offset));
      return ends;
    }
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The decoding as a function of one record, exactly what the UDF does: the send's row, the
   * problem's row for a record that is not a send, or null for a send dated after the load date.
   *
   * @param value the record's value
   * @param topic its topic
   * @param partition its partition
   * @param offset its offset
   * @param loadDate the load date
   * @return a row of {@code DECODED}, or null
   */
  static @Nullable Row decode(
      byte @Nullable [] value, String topic, int partition, long offset, LocalDate loadDate) {
    ContactEvent send;
    try {
      send = SendRecordFormat.decode(value);
    } catch (IllegalArgumentException e) {
      String detail =
          "topic "
              + topic
              + ", partition "
              + partition
              + ", offset "
              + offset
              + ": "
              + e.getMessage();
      Object[] values = new Object[DECODED.size()];
      values[values.length - 1] = RowFactory.create(RejectReason.MALFORMED_RECORD.code(), detail);
      return RowFactory.create(values);
    }
    if (send.contactDate().isAfter(loadDate)) {
      return null;
    }
    return RowFactory.create(
        send.customerId(),
        send.channel().id(),
        send.contactDate().toString(),
        send.sendId(),
        send.email(),
        send.phone(),
        send.subject(),
        send.category(),
        send.revokedOn() == null ? null : send.revokedOn().toString(),
        null);
  }

  private static UserDefinedFunction decoder(LocalDate loadDate) {
    UDF4<byte[], String, Integer, Long, Row> f =
        (value, topic, partition, offset) -> decode(value, topic, partition, offset, loadDate);
    return udf(f, DECODED).withName("quarentena_send_record");
  }
}

package io.quarentena.job.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.RejectReason;
import io.quarentena.SendRecordFormat;
import io.quarentena.spark.SparkTestSession;
import io.quarentena.spark.TableColumns;
import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The send log source's decoding, run in Spark, against the core's {@link SendRecordFormat}: every
 * generated send comes out as the format reads it, a send after the load date not at all, and a
 * record that is not a send as a problem naming its topic, partition and offset.
 */
class SendLogSourceTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  static final StructType KAFKA =
      new StructType()
          .add("value", DataTypes.BinaryType, true)
          .add("topic", DataTypes.StringType, false)
          .add("partition", DataTypes.IntegerType, false)
          .add("offset", DataTypes.LongType, false);

  @Test
  void decodesAsTheFormatDoesInSpark() {
    Seeds.forEach(
        3,
        (Random random) -> {
          ContactGenerator generator = new ContactGenerator(random);
          List<Row> records = new ArrayList<>();
          List<String> expected = new ArrayList<>();
          long offset = 0;
          for (int i = 0; i < 40; i++) {
            Channel channel = Channel.builtIns().get(random.nextInt(Channel.builtIns().size()));
            ContactEvent send = generator.event(channel, LOAD.plusDays(random.nextInt(9) - 6));
            byte[] value = SendRecordFormat.encode(send);
            if (random.nextInt(8) == 0) {
              value[random.nextInt(value.length)] = (byte) random.nextInt(256);
            }
            records.add(RowFactory.create(value, "envios", i % 3, offset++));
            expected.add(expected(value, i % 3, offset - 1));
          }
          expected.removeIf(e -> e == null);
          Dataset<Row> rows =
              SendLogSource.decoded(SparkTestSession.get().createDataFrame(records, KAFKA), LOAD);
          List<String> actual = new ArrayList<>();
          for (Row r : rows.collectAsList()) {
            actual.add(describe(r));
          }
          assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        });
  }

  /** What the core's format says of a record, as the source's row should say it. */
  private static String expected(byte[] value, int partition, long offset) {
    try {
      ContactEvent send = SendRecordFormat.decode(value);
      if (send.contactDate().isAfter(LOAD)) {
        return null;
      }
      return String.join(
          "|",
          send.customerId(),
          send.channel().id(),
          send.contactDate().toString(),
          String.valueOf(send.sendId()),
          String.valueOf(send.email()),
          String.valueOf(send.phone()),
          String.valueOf(send.subject()),
          String.valueOf(send.category()),
          String.valueOf(send.revokedOn()),
          "null");
    } catch (IllegalArgumentException e) {
      return "null|null|null|null|null|null|null|null|null|"
          + RejectReason.MALFORMED_RECORD.code()
          + ": topic envios, partition "
          + partition
          + ", offset "
          + offset
          + ": "
          + e.getMessage();
    }
  }

  private static String describe(Row r) {
    List<String> parts = new ArrayList<>();
    for (String f :
        new String[] {
          TableColumns.ID,
          TableColumns.CHANNEL,
          TableColumns.CONTACT_DATE,
          TableColumns.SEND_ID,
          TableColumns.EMAIL,
          TableColumns.PHONE,
          TableColumns.SUBJECT,
          TableColumns.CATEGORY,
          TableColumns.REVOKED_ON
        }) {
      parts.add(String.valueOf(r.<Object>getAs(f)));
    }
    Row problem = r.getAs(TableColumns.READ_PROBLEM);
    parts.add(problem == null ? "null" : problem.getString(0) + ": " + problem.getString(1));
    return String.join("|", parts);
  }

  @Test
  void aTombstoneIsAProblemToo() {
    Row row = SendLogSource.decode(null, "envios", 2, 7L, LOAD);
    Row problem = (Row) row.get(row.size() - 1);
    assertThat(problem.getString(0)).isEqualTo(RejectReason.MALFORMED_RECORD.code());
    assertThat(problem.getString(1)).startsWith("topic envios, partition 2, offset 7: ");
    assertThat(
            SendLogSource.decode(
                "{\"v\":2}".getBytes(StandardCharsets.UTF_8), "envios", 0, 0L, LOAD))
        .isNotNull();
  }
}

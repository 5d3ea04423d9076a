package io.quarentena.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.TextTrim;
import io.quarentena.spark.SparkTestSession;
import io.quarentena.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ValueColumnsTest {

  /**
   * Characters at the edges of the fast path (controls, space, '!', DEL, U+0080) and of the trimmed
   * set: every trimmed character that is not ASCII, the first characters after each of them, and
   * characters of two, three and four bytes in UTF-8.
   */
  private static final char[] ALPHABET = {
    '\u0000', '\t', '\n', '\r', '\u001f', ' ', '!', '"', '0', '9', 'E', 'a', '~', '\u007f',
    '\u0080', '\u0085', '\u0086', '\u00a0', '\u00a1', '\u00e9', '\u1680', '\u180e', '\u2000',
    '\u2003', '\u2007', '\u200b', '\u200f', '\u2010', '\u2028', '\u2029', '\u202f', '\u205f',
    '\u2060', '\u2061', '\u3000', '\u4e2d', '\ufeff', '\ufffd', '\ud83d', '\ude00'
  };

  @Test
  void trimmedIsTheCoreTrimOnEveryValue() {
    List<Row> rows = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    Seeds.forEach(
        1000,
        random -> {
          String value = value(random);
          rows.add(RowFactory.create(rows.size(), value));
          expected.add(rows.size() - 1 + "|" + (value == null ? null : TextTrim.trim(value)));
        });
    rows.add(RowFactory.create(rows.size(), "")); // empty: nothing to trim
    expected.add(rows.size() - 1 + "|");
    Dataset<Row> frame =
        SparkTestSession.get()
            .createDataFrame(
                rows,
                new StructType().add("i", DataTypes.IntegerType).add("v", DataTypes.StringType));
    List<String> actual = new ArrayList<>();
    for (Row r :
        frame.select(col("i"), ValueColumns.trimmed(col("v"))).orderBy("i").collectAsList()) {
      actual.add(r.getInt(0) + "|" + r.getString(1));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void anIdWidthPadsIdsOfDigitsOfEveryTypeAndRejectsLongerOnes() {
    Dataset<Row> frame =
        SparkTestSession.get()
            .sql(
                "SELECT * FROM VALUES"
                    + " (1, 12345678L, '12345678', CAST(12345678 AS DECIMAL(12,0)), 12345678D),"
                    + " (2, 1234567890L, '1234567890', CAST(1234567890 AS DECIMAL(12,0)),"
                    + " 1234567890D),"
                    + " (3, 12345678901L, '12345678901', CAST(12345678901 AS DECIMAL(12,0)),"
                    + " 12345678901D),"
                    + " (4, -5L, 'CLI-7', CAST(-5 AS DECIMAL(12,0)), 1.5D),"
                    + " (5, NULL, ' 007\u00a0', NULL, NULL)"
                    + " AS t(i, l, s, d, f)");
    List<String> actual = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    columns.add(col("i"));
    for (String name : List.of("l", "s", "d", "f")) {
      DataType type = frame.schema().apply(name).dataType();
      ValueColumns.Checked id =
          ValueColumns.fixedWidth(
              ValueColumns.customerId(col(name), type, "id_cliente"), 10, "id_cliente");
      columns.add(id.value());
      columns.add(id.problem());
    }
    for (Row r : frame.select(columns.toArray(new Column[0])).orderBy("i").collectAsList()) {
      actual.add(r.mkString("|"));
    }
    String tooLong =
        "id_cliente '12345678901' has 11 digits, more than the source's id-width of 10: it is not"
            + " an id of this source's form; check the id or the id-width";
    String notWhole =
        "id_cliente 1.5 is not a whole number that a double holds exactly; export the column as"
            + " text";
    assertThat(actual)
        .containsExactly(
            "1|0012345678|null|0012345678|null|0012345678|null|0012345678|null",
            "2|1234567890|null|1234567890|null|1234567890|null|1234567890|null",
            "3|12345678901|"
                + tooLong
                + "|12345678901|"
                + tooLong
                + "|12345678901|"
                + tooLong
                + "|12345678901|"
                + tooLong,
            "4|-5|null|CLI-7|null|-5|null|null|" + notWhole,
            "5|null|null|0000000007|null|null|null|null|null");
  }

  @Test
  void theNumericTypesAreTheOnesWithoutLeadingZeros() {
    for (DataType type :
        List.of(
            DataTypes.ByteType,
            DataTypes.ShortType,
            DataTypes.IntegerType,
            DataTypes.LongType,
            DataTypes.createDecimalType(12, 0),
            DataTypes.DoubleType,
            DataTypes.FloatType)) {
      assertThat(ValueColumns.isNumeric(type)).as(type.simpleString()).isTrue();
    }
    for (DataType type : List.of(DataTypes.StringType, DataTypes.NullType, DataTypes.DateType)) {
      assertThat(ValueColumns.isNumeric(type)).as(type.simpleString()).isFalse();
    }
  }

  private static String value(Random random) {
    if (random.nextInt(20) == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      char c = ALPHABET[random.nextInt(ALPHABET.length)];
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append('\ude00'); // a whole code point, as text from a reader is
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

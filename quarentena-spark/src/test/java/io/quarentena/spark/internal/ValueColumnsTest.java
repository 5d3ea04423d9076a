package io.quarentena.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.SparkTestSession;
import io.quarentena.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ValueColumnsTest {

  /** Characters at the edges of the fast path: controls, space, '!', and a few multi-byte ones. */
  private static final char[] ALPHABET = {
    '\u0000', '\t', '\n', '\r', '\u001f', ' ', '!', '"', '0', '9', 'E', 'a', '~', '\u007f',
    '\u00a0', '\u00e9', '\u2003', '\u4e2d', '\ud83d', '\ude00'
  };

  @Test
  void trimmedIsJavasTrimOnEveryValue() {
    List<Row> rows = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    Seeds.forEach(
        400,
        random -> {
          String value = value(random);
          rows.add(RowFactory.create(rows.size(), value));
          expected.add(rows.size() - 1 + "|" + (value == null ? null : value.trim()));
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

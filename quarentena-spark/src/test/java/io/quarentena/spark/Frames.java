package io.quarentena.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/** Small helpers to build and read Datasets in tests. */
public final class Frames {

  private Frames() {}

  /** A Dataset from a DDL schema and rows of Java values (LocalDate, Instant, nested Rows). */
  public static Dataset<Row> frame(String ddl, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SparkTestSession.get().createDataFrame(list, StructType.fromDDL(ddl));
  }

  /** One row's values. */
  public static Object[] row(Object... values) {
    return values;
  }

  /** A nested struct value. */
  public static Row struct(Object... values) {
    return RowFactory.create(values);
  }

  /**
   * The rows as sorted "a|b|c" lines, every value cast to text in Spark (no JVM time zone).
   *
   * @param ds the rows
   * @return one line per row, sorted
   */
  public static List<String> lines(Dataset<Row> ds) {
    Column[] text =
        Arrays.stream(ds.columns())
            .map(c -> col("`" + c + "`").cast(DataTypes.StringType))
            .toArray(Column[]::new);
    List<String> out = new ArrayList<>();
    for (Row r : ds.select(text).collectAsList()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        sb.append(i == 0 ? "" : "|").append(r.isNullAt(i) ? "null" : r.getString(i));
      }
      out.add(sb.toString());
    }
    out.sort(null);
    return out;
  }

  /**
   * Counts every row that flows out of a source, however many times the source is scanned: a
   * nondeterministic filter that adds one to an accumulator per row. If the pipeline scanned a
   * source twice, its count would be twice its rows.
   */
  static final class ScanProbe {
    private final Map<String, LongAccumulator> counters = new ConcurrentHashMap<>();

    Dataset<Row> wrap(String source, Dataset<Row> rows) {
      LongAccumulator acc =
          SparkTestSession.get().sparkContext().longAccumulator("rows read from " + source);
      counters.put(source, acc);
      UserDefinedFunction count =
          functions
              .udf(
                  (UDF1<String, Boolean>)
                      s -> {
                        acc.add(1);
                        return true;
                      },
                  DataTypes.BooleanType)
              .asNondeterministic();
      return rows.where(count.apply(functions.lit(source)));
    }

    long rowsRead(String source) {
      return counters.get(source).value();
    }
  }
}

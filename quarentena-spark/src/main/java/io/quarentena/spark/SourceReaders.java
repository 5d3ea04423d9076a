package io.quarentena.spark;

import io.quarentena.spark.internal.FormatReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a source as the pipeline expects it, by format, location and options: CSV as RFC 4180 with
 * a header and every column as text (ids keep their leading zeros), JSON lines one object a line,
 * the records Spark cannot parse kept for the rejects ({@code MALFORMED_RECORD}), Delta by path or
 * by table name, tables by name, and any other Spark format as Spark reads it. The options of
 * Spark's built-in formats are checked: a misspelt option ({@code encodng}) is an error naming the
 * source, the option and the closest one, not a file silently read another way.
 *
 * <pre>{@code
 * Dataset<Row> marketing =
 *     SourceReaders.read(spark, "marketing", "csv", "/data/marketing.csv", Map.of("sep", ";"));
 * QuarantinePipeline.of(policy).run(List.of(SourceInput.of(spec, marketing)), loadDate);
 * }</pre>
 */
public final class SourceReaders {

  private SourceReaders() {}

  /**
   * Reads a source where it lies.
   *
   * @param spark the session
   * @param name the source's name, for messages
   * @param format csv, json, parquet, delta, table, or any Spark format
   * @param location a path, a Hadoop URI ({@code s3a://}, {@code abfss://}, {@code dbfs:/}) or a
   *     table name
   * @param options Spark's reader options
   * @return the source's rows, as the source has them
   * @throws IllegalArgumentException naming the source when an option is unknown or the location
   *     cannot be read
   */
  public static Dataset<Row> read(
      SparkSession spark,
      String name,
      String format,
      String location,
      Map<String, String> options) {
    return FormatReader.read(spark, name, format, location, options);
  }

  /**
   * Reads a csv or json file on the driver's disk (one a connector fetched, which a cluster's
   * executors cannot see): the driver reads its text and Spark parses it with the same options and
   * defaults as {@link #read}, so the rows are those of Spark reading the file itself.
   *
   * @param spark the session
   * @param name the source's name, for messages
   * @param format csv or json
   * @param file the local file
   * @param options Spark's reader options ({@code encoding} or {@code charset} decode the text)
   * @return the file's rows
   * @throws IllegalArgumentException naming the source when the format is not csv or json or an
   *     option is unknown
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Dataset<Row> readText(
      SparkSession spark, String name, String format, Path file, Map<String, String> options) {
    try {
      return FormatReader.readText(spark, name, format, file, options);
    } catch (IOException e) {
      throw new UncheckedIOException("source '" + name + "': cannot read " + file, e);
    }
  }

  /**
   * Rows read on the driver (a spreadsheet's) as a Dataset: a local relation when few, spread over
   * the session's slots when many, so that their standardization runs in parallel tasks rather than
   * on the driver.
   *
   * @param spark the session
   * @param name the source's name, for messages
   * @param rows the rows
   * @param schema their schema
   * @return the rows, in order
   */
  public static Dataset<Row> fromRows(
      SparkSession spark, String name, List<Row> rows, StructType schema) {
    return FormatReader.distributed(spark, name, rows, schema);
  }

  /**
   * Checks the reader options of a Spark format, before anything is read or fetched.
   *
   * <pre>{@code
   * SourceReaders.checkOptions("csv", Map.of("encodng", "ISO-8859-1"), k -> "option '" + k + "'");
   * // IllegalArgumentException: option 'encodng' is not a read option of csv; did you mean ...
   * }</pre>
   *
   * @param format the format (formats other than Spark's built-in ones pass unchecked)
   * @param options the options
   * @param describe how a message names an option's key (the source and the key)
   * @throws IllegalArgumentException naming the option when one is unknown
   */
  public static void checkOptions(
      String format, Map<String, String> options, Function<String, String> describe) {
    FormatReader.checkOptions(format, options, describe);
  }
}

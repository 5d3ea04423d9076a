package io.quarentena.job;

import io.quarentena.LoadDates;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.job.internal.SourceReader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a source the way the job does, for notebooks and jobs that assemble the pipeline in code:
 * CSV as RFC 4180 with a header and every column as text (ids keep their leading zeros), JSON lines
 * one object a line, the records Spark cannot parse kept for the rejects ({@code
 * MALFORMED_RECORD}), the options of Spark's formats checked, xlsx through the connectors'
 * streaming reader (numeric ids and phones as integer text, date cells as dates, the Excel row
 * number in {@code _linha} for rejects, and in {@code _problema} the reject reason and detail of a
 * row with a cell that cannot be read, such as {@code #N/A}), and any other Spark format or table
 * by name.
 *
 * <pre>{@code
 * Dataset<Row> crm = SparkSources.xlsx(spark, "/Volumes/main/quarentena/staging/crm/crm_data.xlsx");
 * Dataset<Row> marketing = SparkSources.read(spark, "csv", path, Map.of("sep", ";"));
 * }</pre>
 */
public final class SparkSources {

  private SparkSources() {}

  /**
   * Reads the first sheet of a workbook, its first row as the header.
   *
   * @param spark the session
   * @param location a local path or a Hadoop URI (dbfs:/, s3a://, abfss://)
   * @return one string column per header cell, plus {@code _linha} and {@code _problema}
   */
  public static Dataset<Row> xlsx(SparkSession spark, String location) {
    return xlsx(spark, location, Map.of());
  }

  /**
   * Reads a workbook with options {@code sheet}, {@code sheet-index}, {@code header-row}, {@code
   * required-columns}, {@code date-columns}, {@code text-date-formats} (see {@code
   * docs/configuration.md}).
   *
   * @param spark the session
   * @param location a local path or a Hadoop URI
   * @param options the xlsx options
   * @return one string column per header cell, plus {@code _linha} and {@code _problema}
   */
  public static Dataset<Row> xlsx(
      SparkSession spark, String location, Map<String, String> options) {
    return read(spark, "xlsx", location, options);
  }

  /**
   * Reads a source in any of the job's formats.
   *
   * @param spark the session
   * @param format xlsx, csv, json, parquet, delta, table, kafka (a send log's topic, its sends
   *     dated up to today), or another Spark format
   * @param location a path, a Hadoop URI or a table name
   * @param options reader options
   * @return the source's rows
   * @throws IllegalArgumentException naming the location when it cannot be read
   */
  public static Dataset<Row> read(
      SparkSession spark, String format, String location, Map<String, String> options) {
    Path staging = Paths.get(System.getProperty("java.io.tmpdir"), "quarentena-staging");
    LocalDate today = LoadDates.today(java.time.Clock.systemUTC(), LoadDates.DEFAULT_ZONE);
    return new SourceReader(spark, staging, today, SecretProviders.defaults())
        .read(name(location), format, location, options, Map.of());
  }

  private static String name(String location) {
    String trimmed = location.replaceAll("/+$", "");
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}

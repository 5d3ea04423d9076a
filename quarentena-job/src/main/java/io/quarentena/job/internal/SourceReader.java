package io.quarentena.job.internal;

import io.quarentena.RejectReason;
import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSources;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.excel.XlsxCellProblem;
import io.quarentena.connectors.excel.XlsxOptions;
import io.quarentena.connectors.excel.XlsxReader;
import io.quarentena.connectors.excel.XlsxRow;
import io.quarentena.connectors.s3.S3Settings;
import io.quarentena.job.JobConfig;
import io.quarentena.spark.SourceReaders;
import io.quarentena.spark.TableColumns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one configured source as a Dataset: csv, json, parquet and delta with Spark; tables by
 * name; xlsx with the connectors' streaming reader; a send log's topic with Spark's Kafka source
 * ({@link SendLogSource}). Remote locations ({@code sftp://}, {@code sharepoint://}) are first
 * fetched by the connectors into the staging directory; anything Hadoop can open ({@code s3a://},
 * {@code abfss://}, {@code dbfs:/}, local paths) is read where it is, by {@link SourceReaders} (CSV
 * as RFC 4180, JSON lines, malformed records kept for the rejects, the options of Spark's formats
 * checked).
 */
public final class SourceReader {

  private static final Logger LOG = LoggerFactory.getLogger(SourceReader.class);

  /** The schemes whose files the connectors fetch; every other location is read by Spark. */
  public static final Set<String> CONNECTOR_SCHEMES = Set.of("sftp", "sharepoint");

  /** The column of an xlsx source holding the row number Excel shows, for rejects. */
  public static final String XLSX_ROW = "_linha";

  /**
   * The column of an xlsx source holding, for a row with a cell the reader could not read (an Excel
   * error, a formula with no stored result, a number the spreadsheet cannot hold exactly, a text
   * date in none of the formats), the reject reason and a detail naming the cell, of type {@link
   * TableColumns#READ_PROBLEM_TYPE}; null on rows read whole. The row is rejected with them.
   */
  public static final String XLSX_PROBLEM = TableColumns.READ_PROBLEM;

  private static final Set<String> XLSX_OPTIONS =
      Set.of(
          "sheet",
          "sheet-index",
          "header-row",
          "date-columns",
          "text-date-formats",
          "required-columns");

  private final SparkSession spark;
  private final Path stagingDir;
  private final LocalDate loadDate;
  private final SecretProvider secrets;
  private final Map<String, FetchedFile> fetched = new LinkedHashMap<>();

  /**
   * A reader for one run.
   *
   * @param spark the session
   * @param stagingDir where remote and xlsx files are copied to
   * @param loadDate the load date (remote file names may depend on it)
   * @param secrets where the connectors' {@code secret:} references are resolved
   */
  public SourceReader(
      SparkSession spark, Path stagingDir, LocalDate loadDate, SecretProvider secrets) {
    this.spark = spark;
    this.secrets = secrets;
    this.stagingDir = stagingDir;
    this.loadDate = loadDate;
  }

  /**
   * Reads a source.
   *
   * @param source the configured source
   * @return its rows, as the source has them
   */
  public Dataset<Row> read(JobConfig.Source source) {
    return read(
        source.spec().name(),
        source.format(),
        source.location(),
        source.options(),
        source.connection());
  }

  /**
   * Reads a source described by its parts.
   *
   * @param name the source's name, for messages
   * @param format xlsx, csv, json, parquet, delta, table, or any Spark format
   * @param location a path, a Hadoop URI, a remote URL (sftp://, sharepoint://) or a table name
   * @param options reader options (Spark's, or the xlsx reader's)
   * @param connection the connector's options for remote locations
   * @return its rows, as the source has them
   */
  public Dataset<Row> read(
      String name,
      String format,
      String location,
      Map<String, String> options,
      Map<String, String> connection) {
    SourceReaders.checkOptions(format, options, k -> "source '" + name + "': option '" + k + "'");
    if (!connection.isEmpty() && isS3(location)) {
      // s3a is read by Spark where it lies; the connection sets this bucket's credentials.
      S3Settings s3 = S3Settings.of(location, connection, secrets);
      org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      s3.hadoopConfiguration().forEach(hadoop::set);
      LOG.info("Source '{}': s3a settings for bucket {} applied", name, s3.bucket());
    } else if (!connection.isEmpty() && !isRemote(location)) {
      throw new IllegalArgumentException(
          "source '"
              + name
              + "': 'connection' options are for remote locations ("
              + String.join("://, ", new TreeSet<>(CONNECTOR_SCHEMES))
              + "://) and s3a:// buckets; '"
              + location
              + "' is read directly. Remove 'connection' or fix the location.");
    }
    boolean staged = isRemote(location);
    if (staged) {
      location = fetch(name, location, connection).toString();
    }
    LOG.info("Reading source '{}' ({}) from {}", name, format, location);
    try {
      if (format.equals(SendLogSource.FORMAT)) {
        return SendLogSource.read(spark, name, location, options, loadDate);
      }
      if (format.equals("xlsx")) {
        return xlsx(name, location, options);
      }
      if (staged && READ_ON_THE_DRIVER.contains(format)) {
        // A fetched file is on the driver's disk, which a cluster's executors do not see.
        return SourceReaders.readText(spark, name, format, Paths.get(location), options);
      }
      return SourceReaders.read(spark, name, format, location, options);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "source '"
              + name
              + "': cannot read "
              + format
              + " from "
              + location
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The formats whose fetched files the driver reads itself (an xlsx file always is). */
  private static final Set<String> READ_ON_THE_DRIVER = Set.of("csv", "json");

  /**
   * Whether the connectors fetch this location.
   *
   * @param location the location
   * @return true for sftp:// and sharepoint:// URLs
   */
  public static boolean isRemote(String location) {
    int colon = location.indexOf("://");
    return colon > 0
        && CONNECTOR_SCHEMES.contains(location.substring(0, colon).toLowerCase(Locale.ROOT));
  }

  private static boolean isS3(String location) {
    return location.regionMatches(true, 0, "s3a://", 0, 6);
  }

  private Path fetch(String name, String location, Map<String, String> connection) {
    Map<String, String> options = new LinkedHashMap<>(connection);
    options.putIfAbsent("name", name);
    try {
      Files.createDirectories(stagingDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "source '" + name + "': cannot create the staging directory " + stagingDir, e);
    }
    try (ContactSource remote = ContactSources.open(location, options, secrets)) {
      FetchedFile file = remote.fetch(new FetchRequest(stagingDir, loadDate));
      LOG.info(
          "Source '{}': fetched {} ({} bytes) to {}",
          name,
          file.remoteName(),
          file.sizeBytes(),
          file.localPath());
      fetched.put(name, file);
      return file.localPath().toAbsolutePath();
    }
  }

  /**
   * What the connector reported about a fetched source, for the runs table.
   *
   * @param name the source's name
   * @return the fetched file, or empty for a source read where it lies
   */
  public java.util.Optional<FetchedFile> fetched(String name) {
    return java.util.Optional.ofNullable(fetched.get(name));
  }

  /**
   * The size in bytes of a local file or directory, for the runs table.
   *
   * @param location a location
   * @return the size, or null when it is not a local path
   */
  public static @org.jspecify.annotations.Nullable Long localSize(String location) {
    try {
      Path p = location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
      if (Files.isRegularFile(p)) {
        return Files.size(p);
      }
      if (Files.isDirectory(p)) {
        try (var files = Files.walk(p)) {
          return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
      }
    } catch (RuntimeException | IOException e) {
      // not a local path: no size
    }
    return null;
  }

  private Dataset<Row> xlsx(String name, String location, Map<String, String> options) {
    XlsxOptions xlsxOptions = xlsxOptions(name, options);
    Path file = localCopy(name, location);
    List<Row> rows = new ArrayList<>();
    List<String> header;
    try (XlsxReader reader = XlsxReader.open(file, xlsxOptions)) {
      header = reader.header();
      for (XlsxRow row : reader) {
        Object[] values = new Object[header.size() + 2];
        for (int i = 0; i < header.size(); i++) {
          values[i] = row.get(i);
        }
        values[header.size()] = row.rowNumber();
        values[header.size() + 1] = problem(row.problems());
        rows.add(RowFactory.create(values));
      }
    }
    List<StructField> fields = new ArrayList<>();
    for (String column : header) {
      fields.add(DataTypes.createStructField(column, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(XLSX_ROW, DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField(XLSX_PROBLEM, TableColumns.READ_PROBLEM_TYPE, true));
    LOG.info("Source '{}': {} rows read from sheet of {}", name, rows.size(), file);
    return SourceReaders.fromRows(
        spark, name, rows, new StructType(fields.toArray(new StructField[0])));
  }

  /**
   * A row's unreadable cells as its reject: the first cell's reason and problem, and the references
   * of the others; null for a row read whole.
   */
  private static @org.jspecify.annotations.Nullable Row problem(List<XlsxCellProblem> problems) {
    if (problems.isEmpty()) {
      return null;
    }
    XlsxCellProblem first = problems.get(0);
    RejectReason reason =
        first.kind() == XlsxCellProblem.Kind.DATE
            ? RejectReason.UNPARSEABLE_DATE
            : RejectReason.INVALID_VALUE;
    String detail = first.message();
    if (problems.size() > 1) {
      List<String> others = new ArrayList<>();
      for (XlsxCellProblem p : problems.subList(1, problems.size())) {
        others.add(p.cell());
      }
      detail += " The row's cells " + String.join(", ", others) + " cannot be read either.";
    }
    return RowFactory.create(reason.code(), detail);
  }

  private static XlsxOptions xlsxOptions(String name, Map<String, String> options) {
    // Cells that cannot be read reject their rows (XLSX_PROBLEM) instead of failing the run.
    XlsxOptions.Builder b = XlsxOptions.builder().sourceName(name).cellProblemsOnTheRow();
    for (Map.Entry<String, String> o : options.entrySet()) {
      String key = o.getKey();
      String value = o.getValue().strip();
      if (!XLSX_OPTIONS.contains(key)) {
        throw new IllegalArgumentException(
            "source '"
                + name
                + "': unknown xlsx option '"
                + key
                + "'; allowed: "
                + String.join(", ", new TreeSet<>(XLSX_OPTIONS)));
      }
      try {
        switch (key) {
          case "sheet" -> b.sheet(value);
          case "sheet-index" -> b.sheetIndex(integer(value));
          case "header-row" -> b.headerRow(integer(value));
          case "date-columns" -> b.dateColumns(split(value));
          case "text-date-formats" -> b.textDateFormats(split(value));
          case "required-columns" -> b.requiredColumns(split(value));
          default -> throw new IllegalStateException("an xlsx option without a case: " + key);
        }
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException(
            "source '" + name + "': xlsx option '" + key + "': " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  /** A local file for the xlsx reader: the path itself, or a copy of a Hadoop file. */
  private Path localCopy(String name, String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    if (uri.getScheme() == null || uri.getScheme().length() == 1) { // a path, or C:\ on Windows
      return Paths.get(location);
    }
    if (uri.getScheme().equals("file")) {
      return Paths.get(uri);
    }
    try {
      Files.createDirectories(stagingDir);
      org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(location);
      FileSystem fs = remote.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path local = stagingDir.resolve(name + "-" + remote.getName());
      try (InputStream in = fs.open(remote)) {
        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
      }
      return local;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "source '" + name + "': cannot copy " + location + " to " + stagingDir, e);
    }
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
    }
  }

  private static String[] split(String csv) {
    List<String> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out.toArray(new String[0]);
  }
}

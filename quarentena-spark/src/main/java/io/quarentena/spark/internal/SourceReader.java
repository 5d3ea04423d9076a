package io.quarentena.spark.internal;

import io.quarentena.RejectReason;
import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSources;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.excel.XlsxCellProblem;
import io.quarentena.connectors.excel.XlsxOptions;
import io.quarentena.connectors.excel.XlsxReader;
import io.quarentena.connectors.excel.XlsxRow;
import io.quarentena.connectors.s3.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
 * name; xlsx with the connectors' streaming reader. Remote locations ({@code sftp://}, {@code
 * sharepoint://}) are first fetched by the connectors into the staging directory; anything Hadoop
 * can open ({@code s3a://}, {@code abfss://}, {@code dbfs:/}, local paths) is read where it is. CSV
 * is read as RFC 4180 and JSON lines one object a line, the records Spark cannot parse kept in a
 * marked column ({@link MalformedRecords}); the options of Spark's formats are checked ({@link
 * ReaderOptions}).
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
   * #XLSX_PROBLEM_TYPE}; null on rows read whole. The row is rejected with them.
   */
  public static final String XLSX_PROBLEM = "_problema";

  /** The type of {@link #XLSX_PROBLEM}: {@code motivo}, {@code detalhe}. */
  public static final StructType XLSX_PROBLEM_TYPE =
      new StructType()
          .add(StandardColumns.REASON, DataTypes.StringType, false)
          .add(StandardColumns.DETAIL, DataTypes.StringType, false);

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
  private final Map<String, FetchedFile> fetched = new LinkedHashMap<>();

  /**
   * A reader for one run.
   *
   * @param spark the session
   * @param stagingDir where remote and xlsx files are copied to
   * @param loadDate the load date (remote file names may depend on it)
   */
  public SourceReader(SparkSession spark, Path stagingDir, LocalDate loadDate) {
    this.spark = spark;
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
    ReaderOptions.check(format, options, k -> "source '" + name + "': option '" + k + "'");
    if (!connection.isEmpty() && isS3(location)) {
      // s3a is read by Spark where it lies; the connection sets this bucket's credentials.
      S3Settings s3 = S3Settings.of(location, connection, SecretProviders.defaults());
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
      if (staged && READ_ON_THE_DRIVER.contains(format)) {
        return fetchedText(name, format, Paths.get(location), options);
      }
      return switch (format) {
        case "xlsx" -> xlsx(name, location, options);
        case "table" -> reader(options).table(location);
        case "delta" ->
            DeltaTarget.isPath(location)
                ? reader(options).format("delta").load(location)
                : reader(options).table(location);
        case "csv" -> MalformedRecords.csv(spark, location, options);
        case "json" -> MalformedRecords.json(spark, location, options);
        default -> reader(options).format(format).load(location);
      };
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
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

  /**
   * The formats whose fetched files the driver reads itself. A fetched file is in the staging
   * directory, on the driver's disk, which the executors of a cluster do not see: the driver reads
   * it and hands Spark its text, so Spark's CSV and JSON parsers never open the file. (An xlsx file
   * is always read on the driver.)
   */
  static final Set<String> READ_ON_THE_DRIVER = Set.of("csv", "json");

  /**
   * A fetched csv or json file, read on the driver and parsed by Spark with the source's options,
   * exactly as Spark parses the file where it lies (the same RFC 4180 defaults, the same
   * malformed-record rejects): the text is decoded with {@code encoding} (or {@code charset}; UTF-8
   * by default) and a byte order mark is dropped; a CSV record ends at a line break outside quotes
   * (so a quoted field keeps its line breaks, unless {@code multiLine = false}), a JSON record is a
   * line, or the whole file with {@code multiLine}.
   */
  Dataset<Row> fetchedText(String name, String format, Path file, Map<String, String> options)
      throws IOException {
    Map<String, String> parser = new LinkedHashMap<>(options);
    parser.keySet().removeIf(k -> k.equalsIgnoreCase("encoding") || k.equalsIgnoreCase("charset"));
    Charset decoding =
        Charset.forName(
            ReaderOptions.get(options, "encoding")
                .or(() -> ReaderOptions.get(options, "charset"))
                .map(String::strip)
                .orElse("UTF-8"));
    String text = new String(Files.readAllBytes(file), decoding);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    boolean csv = format.equals("csv");
    Map<String, String> effective = csv ? ReaderOptions.csv(options) : options;
    boolean multiLine = ReaderOptions.isTrue(effective, "multiLine", false);
    List<Row> records = new ArrayList<>();
    if (!csv && multiLine) {
      records.add(RowFactory.create(text)); // one JSON document
    } else {
      for (String record :
          TextRecords.split(
              text,
              csv && multiLine ? character(effective, "quote") : 0,
              character(effective, "escape"))) {
        records.add(RowFactory.create(record));
      }
    }
    LOG.info(
        "Source '{}': {} {} records read on the driver from {}",
        name,
        records.size(),
        format,
        file);
    Dataset<String> lines =
        distributed(
                spark,
                name,
                records,
                new StructType(
                    new StructField[] {
                      DataTypes.createStructField("value", DataTypes.StringType, false)
                    }))
            .as(Encoders.STRING());
    MalformedRecords.Records fromText = MalformedRecords.Records.text(lines);
    return csv
        ? MalformedRecords.csv(spark, fromText, parser)
        : MalformedRecords.json(spark, fromText, parser);
  }

  /** A CSV option's character (Spark's {@code quote}, {@code escape}), or 0 for none. */
  private static char character(Map<String, String> options, String option) {
    String c = ReaderOptions.get(options, option).orElse("");
    return c.isEmpty() ? 0 : c.charAt(0);
  }

  private static boolean isS3(String location) {
    return location.regionMatches(true, 0, "s3a://", 0, 6);
  }

  private DataFrameReader reader(Map<String, String> options) {
    return spark.read().options(options);
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
    try (ContactSource remote =
        ContactSources.open(location, options, SecretProviders.defaults())) {
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
    fields.add(DataTypes.createStructField(XLSX_PROBLEM, XLSX_PROBLEM_TYPE, true));
    LOG.info("Source '{}': {} rows read from sheet of {}", name, rows.size(), file);
    return distributed(spark, name, rows, new StructType(fields.toArray(new StructField[0])));
  }

  /** Below this many rows a sheet stays a local relation. */
  static final int LOCAL_ROWS = 20_000;

  /**
   * About how many bytes of rows each task carries when a sheet's rows are spread over the cluster:
   * half of the 1,000 KiB above which Spark warns that a task is very large.
   */
  static final long BYTES_PER_SLICE = 512 * 1024;

  /** How many rows are serialized to estimate the size of a sheet's rows. */
  private static final int SAMPLE_ROWS = 200;

  /**
   * Rows read on the driver as a Dataset whose later stages run in tasks. A Dataset made from a
   * local list is a local relation, and Spark's optimizer evaluates the projections over a local
   * relation on the driver, one row at a time and without generated code: the standardization of a
   * 200,000-row sheet then runs single-threaded while the optimizer plans. Spread over the
   * cluster's slots instead (every slot, and tasks of about {@value #BYTES_PER_SLICE} bytes of
   * rows, so that no task is large to ship), they are standardized in parallel like any other
   * source. Sheets under {@value #LOCAL_ROWS} rows stay local, where that is the quicker plan; so
   * do sessions without a SparkContext (Spark Connect, shared clusters).
   */
  static Dataset<Row> distributed(
      SparkSession spark, String name, List<Row> rows, StructType schema) {
    if (rows.size() < LOCAL_ROWS) {
      return spark.createDataFrame(rows, schema);
    }
    org.apache.spark.SparkContext context;
    try {
      context = spark.sparkContext();
    } catch (RuntimeException e) {
      LOG.info(
          "Source '{}': no SparkContext in this session ({}); its rows stay a local relation",
          name,
          e.getMessage());
      return spark.createDataFrame(rows, schema);
    }
    int slices = slices(rows, context.defaultParallelism());
    LOG.debug("Source '{}': {} rows in {} tasks", name, rows.size(), slices);
    JavaRDD<Row> rdd = JavaSparkContext.fromSparkContext(context).parallelize(rows, slices);
    return spark.createDataFrame(rdd, schema);
  }

  /**
   * How many tasks a sheet's rows are spread over: every slot, and enough that each carries about
   * {@value #BYTES_PER_SLICE} bytes. A task carries its rows serialized, so their size is estimated
   * from the Java serialization of a sample (what Spark uses unless it is configured for Kryo,
   * which writes less); a wide sheet's row can be several times a narrow one's.
   *
   * @param rows the rows
   * @param parallelism the cluster's default parallelism
   * @return the number of slices, at least {@code parallelism} and at most one per row
   */
  static int slices(List<Row> rows, int parallelism) {
    int n = rows.size();
    if (n == 0) {
      return Math.max(1, parallelism);
    }
    // Spread over the list, so a sheet whose first rows are short is not underestimated.
    int sample = Math.min(SAMPLE_ROWS, n);
    List<Row> picked = new ArrayList<>(sample);
    for (int i = 0; i < sample; i++) {
      picked.add(rows.get((int) ((long) i * n / sample)));
    }
    long bytes;
    try (ByteCountingStream counter = new ByteCountingStream();
        ObjectOutputStream out = new ObjectOutputStream(counter)) {
      out.writeObject(picked);
      out.flush();
      bytes = counter.count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long total = (long) Math.ceil((double) bytes / sample * n);
    long bySize = (total + BYTES_PER_SLICE - 1) / BYTES_PER_SLICE;
    return (int) Math.min(n, Math.max(parallelism, bySize));
  }

  /** Counts what is written to it, and keeps nothing. */
  private static final class ByteCountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
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

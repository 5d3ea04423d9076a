package io.quarentena.spark.internal;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
 * Reads a source with Spark by format and location: CSV as RFC 4180 and JSON lines one object a
 * line, the records Spark cannot parse kept in a marked column ({@link MalformedRecords}); Delta by
 * path or by name; tables by name; any other Spark format as Spark reads it. The options of Spark's
 * formats are checked ({@link ReaderOptions}). Also reads a csv or json file on the driver's disk,
 * and turns rows read on the driver into a Dataset. The public face is {@code SourceReaders}.
 */
public final class FormatReader {

  private static final Logger LOG = LoggerFactory.getLogger(FormatReader.class);

  private FormatReader() {}

  /**
   * Reads a source where it lies.
   *
   * @param spark the session
   * @param name the source's name, for messages
   * @param format csv, json, parquet, delta, table, or any Spark format
   * @param location a path, a Hadoop URI or a table name
   * @param options Spark's reader options
   * @return its rows, as the source has them
   * @throws IllegalArgumentException naming the source when an option is unknown or it cannot be
   *     read
   */
  public static Dataset<Row> read(
      SparkSession spark,
      String name,
      String format,
      String location,
      Map<String, String> options) {
    checkOptions(name, format, options);
    try {
      return switch (format) {
        case "table" -> reader(spark, options).table(location);
        case "delta" ->
            DeltaTarget.isPath(location)
                ? reader(spark, options).format("delta").load(location)
                : reader(spark, options).table(location);
        case "csv" -> MalformedRecords.csv(spark, location, options);
        case "json" -> MalformedRecords.json(spark, location, options);
        default -> reader(spark, options).format(format).load(location);
      };
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      throw cannotRead(name, format, location, e);
    }
  }

  /**
   * Checks a source's reader options for a Spark format.
   *
   * @param name the source's name, for messages
   * @param format the format
   * @param options the options
   * @throws IllegalArgumentException naming the source and the option when one is unknown
   */
  public static void checkOptions(String name, String format, Map<String, String> options) {
    checkOptions(format, options, k -> "source '" + name + "': option '" + k + "'");
  }

  /**
   * Checks reader options for a Spark format.
   *
   * @param format the format
   * @param options the options
   * @param describe how a message names a key
   * @throws IllegalArgumentException naming the option when one is unknown
   */
  public static void checkOptions(
      String format, Map<String, String> options, Function<String, String> describe) {
    ReaderOptions.check(format, options, describe);
  }

  /**
   * The failure to read a source, naming it, its format and location (an {@link
   * IllegalArgumentException} passes unchanged).
   *
   * @param name the source's name
   * @param format its format
   * @param location its location
   * @param e what failed
   * @return the exception to throw
   */
  public static IllegalArgumentException cannotRead(
      String name, String format, String location, Exception e) {
    if (e instanceof IllegalArgumentException iae) {
      return iae;
    }
    return new IllegalArgumentException(
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

  private static DataFrameReader reader(SparkSession spark, Map<String, String> options) {
    return spark.read().options(options);
  }

  /**
   * The formats whose fetched files the driver reads itself. A fetched file is in the staging
   * directory, on the driver's disk, which the executors of a cluster do not see: the driver reads
   * it and hands Spark its text, so Spark's CSV and JSON parsers never open the file. (An xlsx file
   * is always read on the driver.)
   */
  public static final Set<String> READ_ON_THE_DRIVER = Set.of("csv", "json");

  /**
   * A fetched csv or json file, read on the driver and parsed by Spark with the source's options,
   * exactly as Spark parses the file where it lies (the same RFC 4180 defaults, the same
   * malformed-record rejects): the text is decoded with {@code encoding} (or {@code charset}; UTF-8
   * by default) and a byte order mark is dropped; a CSV record ends at a line break outside quotes
   * (so a quoted field keeps its line breaks, unless {@code multiLine = false}), a JSON record is a
   * line, or the whole file with {@code multiLine}.
   *
   * @param spark the session
   * @param name the source's name, for messages
   * @param format csv or json
   * @param file the file, on the driver's disk
   * @param options Spark's reader options
   * @return its rows, as Spark reading the file itself would give them
   * @throws IOException when the file cannot be read
   */
  public static Dataset<Row> readText(
      SparkSession spark, String name, String format, Path file, Map<String, String> options)
      throws IOException {
    if (!READ_ON_THE_DRIVER.contains(format)) {
      throw new IllegalArgumentException(
          "source '" + name + "': only csv and json are read on the driver, not " + format);
    }
    checkOptions(name, format, options);
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
   *
   * @param spark the session
   * @param name the source's name, for messages
   * @param rows the rows
   * @param schema their schema
   * @return the rows as a Dataset
   */
  public static Dataset<Row> distributed(
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
}

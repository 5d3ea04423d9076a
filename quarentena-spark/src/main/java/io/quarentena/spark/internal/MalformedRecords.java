package io.quarentena.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Records a reader cannot parse, kept as rows. CSV and JSON sources are read with one more column
 * holding the raw text of each such record (null on the others), marked in its metadata; the
 * standardizer rejects a row whose marked column is set as {@code MALFORMED_RECORD}, with that text
 * among its raw values, instead of as a row of nulls without a customer id.
 *
 * <ul>
 *   <li>CSV: Spark's own corrupt-record column, for rows that do not split into the header's fields
 *       (a delimiter or line break outside quotes, a quote left open).
 *   <li>JSON lines: each line must be exactly one JSON object. Spark's reader parses the first JSON
 *       value of a line and ignores what follows ({@code {"id":1} garbage}, a second object, a
 *       trailing comma) and makes a row of nulls from {@code null}; so lines are read as text,
 *       checked with Jackson (the parser Spark uses, with the source's {@code allow...} options)
 *       and parsed with {@code from_json} against the schema Spark infers.
 * </ul>
 *
 * <pre>{@code
 * Dataset<Row> rows = MalformedRecords.json(spark, "/data/restritos.json", Map.of());
 * MalformedRecords.column(rows.schema()); // Optional[_corrupt_record]
 * }</pre>
 */
final class MalformedRecords {

  private MalformedRecords() {}

  /** The metadata key marking the column; its value says what the reader could not parse. */
  static final String MARK = "quarentena.malformed";

  /** Spark's name for the corrupt-record column, unless the session or the source sets another. */
  static final String SPARK_DEFAULT = "_corrupt_record";

  /**
   * The column of a source's rows holding the raw text of records its reader could not parse.
   *
   * @param schema the source's schema
   * @return the marked column, if the reader added one
   */
  static Optional<StructField> column(StructType schema) {
    for (StructField f : schema.fields()) {
      if (f.metadata().contains(MARK)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * What the reader could not parse in the rows whose marked column is set, for the reject's
   * detail.
   *
   * @param field the marked column
   * @return a sentence naming the column that holds the raw text
   */
  static String description(StructField field) {
    return field.metadata().getString(MARK)
        + "; its raw text is in valores."
        + field.name()
        + " (fix the record at the source)";
  }

  private static Metadata mark(String what) {
    return new MetadataBuilder().putString(MARK, what).build();
  }

  /**
   * Reads CSV with the job's defaults ({@link ReaderOptions#csv}), keeping the rows Spark cannot
   * split into the header's fields in a marked column. The header is read first (as Spark does to
   * name the columns), then the file with that header's columns as text plus the marked column.
   *
   * @param spark the session
   * @param location the file or directory
   * @param configured the source's options
   * @return the rows, every column as text
   */
  static Dataset<Row> csv(SparkSession spark, String location, Map<String, String> configured) {
    return csv(spark, Records.files(location), configured);
  }

  /**
   * Where a reader's records come from: files Spark opens where they lie, or text the driver read
   * (a file fetched to the driver's disk, which the executors of a cluster do not see), one record
   * per element.
   */
  interface Records {
    /** The records parsed by a reader: {@code csv(...)} or {@code json(...)} of files or text. */
    Dataset<Row> parse(DataFrameReader reader, String format);

    /** The records as text, one per row of a column {@code value}, beside partition columns. */
    Dataset<Row> text(SparkSession spark, Map<String, String> options);

    /**
     * Whether the reader sees files, whose options (multiLine, encoding) it applies itself.
     *
     * @return false for text the driver already split and decoded
     */
    boolean files();

    static Records files(String location) {
      return new Records() {
        @Override
        public Dataset<Row> parse(DataFrameReader reader, String format) {
          return format.equals("csv") ? reader.csv(location) : reader.json(location);
        }

        @Override
        public Dataset<Row> text(SparkSession spark, Map<String, String> options) {
          return spark.read().options(options).text(location);
        }

        @Override
        public boolean files() {
          return true;
        }
      };
    }

    static Records text(Dataset<String> records) {
      return new Records() {
        @Override
        public Dataset<Row> parse(DataFrameReader reader, String format) {
          return format.equals("csv") ? reader.csv(records) : reader.json(records);
        }

        @Override
        public Dataset<Row> text(SparkSession spark, Map<String, String> options) {
          return records.toDF("value");
        }

        @Override
        public boolean files() {
          return false;
        }
      };
    }
  }

  /**
   * Reads CSV records, as {@link #csv(SparkSession, String, Map)}.
   *
   * @param spark the session
   * @param records files, or the records of a file the driver read
   * @param configured the source's options
   * @return the rows, every column as text
   */
  static Dataset<Row> csv(SparkSession spark, Records records, Map<String, String> configured) {
    Map<String, String> options = ReaderOptions.csv(configured);
    Dataset<Row> asRead = records.parse(spark.read().options(options), "csv");
    if (failFast(options)) {
      return asRead;
    }
    StructType header = asRead.schema();
    String name = corruptColumn(spark, options, header.fieldNames());
    int fields = header.size();
    StructType schema =
        header.add(
            new StructField(
                name,
                DataTypes.StringType,
                true,
                mark(
                    "the row does not split into the "
                        + fields
                        + " fields of the header (a delimiter or a line break outside quotes,"
                        + " or a quote left open)")));
    return records.parse(
        spark.read().options(withCorruptColumn(options, name)).schema(schema), "csv");
  }

  /**
   * Reads JSON lines, each line exactly one object. With {@code multiLine} (one document per file),
   * another encoding than UTF-8, {@code mode = FAILFAST} or {@code singleVariantColumn}, Spark's
   * reader reads the files itself and its corrupt-record column, if any, is marked.
   *
   * @param spark the session
   * @param location the file or directory
   * @param options the source's options
   * @return the rows, with Spark's inferred schema and the marked column
   */
  static Dataset<Row> json(SparkSession spark, String location, Map<String, String> options) {
    return json(spark, Records.files(location), options);
  }

  /**
   * Reads JSON records, as {@link #json(SparkSession, String, Map)}; text the driver read is one
   * record per element (a line, or a whole {@code multiLine} document), already decoded.
   *
   * @param spark the session
   * @param records files, or the records of a file the driver read
   * @param options the source's options
   * @return the rows, with Spark's inferred schema and the marked column
   */
  static Dataset<Row> json(SparkSession spark, Records records, Map<String, String> options) {
    Dataset<Row> inferred = records.parse(spark.read().options(options), "json");
    String configured = configuredCorruptColumn(spark, options);
    if (bySparksReader(options)
        || (!records.files() && ReaderOptions.isTrue(options, "multiLine", false))) {
      if (!failFast(options) && inferred.schema().getFieldIndex(configured).isDefined()) {
        return inferred.withMetadata(
            configured, mark("Spark's JSON reader could not parse the record"));
      }
      return inferred;
    }
    Dataset<Row> text = records.text(spark, options);
    List<String> partitions = new ArrayList<>(List.of(text.columns()));
    partitions.remove("value");
    List<StructField> data = new ArrayList<>();
    for (StructField f : inferred.schema().fields()) {
      if (!f.name().equals(configured) && !partitions.contains(f.name())) {
        data.add(f);
      }
    }
    List<String> taken = new ArrayList<>(partitions);
    data.forEach(f -> taken.add(f.name()));
    String name = free(configured, taken);
    taken.add(name);
    String line = free("_q_line", taken);
    String ok = free("_q_ok", taken);
    String parsed = free("_q_parsed", taken);
    String sparkCorrupt = free("_q_spark_corrupt", taken);

    List<Column> keep = new ArrayList<>();
    for (String p : partitions) {
      keep.add(col(Standardizer.quote(p)));
    }
    // Spark's reader skips lines of whitespace only: they are no record.
    Dataset<Row> lines =
        text.select(columns(col("value").as(line), keep)).where(col(line).rlike("[^ \\t\\r\\n]"));
    UserDefinedFunction check =
        functions
            .udf(new JsonLineCheck(options), DataTypes.BooleanType)
            .withName("quarentena_json_line");
    StructType withSparkCorrupt =
        new StructType(data.toArray(new StructField[0]))
            .add(sparkCorrupt, DataTypes.StringType, true);
    Map<String, String> parse = withCorruptColumn(options, sparkCorrupt);
    Dataset<Row> checked = lines.select(columns(col(line), keep, check.apply(col(line)).as(ok)));
    // A separate projection: the struct is parsed once, then its fields are taken.
    Dataset<Row> withStruct =
        checked.select(
            columns(
                col(line),
                keep,
                col(ok),
                when(col(ok), from_json(col(line), withSparkCorrupt, parse)).as(parsed)));
    Column malformed = not(col(ok)).or(col(parsed).getField(sparkCorrupt).isNotNull());
    List<Column> out = new ArrayList<>();
    for (StructField f : data) {
      out.add(when(not(malformed), col(parsed).getField(f.name())).as(f.name()));
    }
    out.addAll(keep);
    out.add(
        when(malformed, col(line))
            .as(
                name,
                mark(
                    "the line is not one JSON object (cut short, more text after the object,"
                        + " or not an object)")));
    return withStruct.select(out.toArray(new Column[0]));
  }

  private static Column[] columns(Column first, List<Column> middle, Column... last) {
    List<Column> all = new ArrayList<>();
    all.add(first);
    all.addAll(middle);
    all.addAll(List.of(last));
    return all.toArray(new Column[0]);
  }

  private static boolean bySparksReader(Map<String, String> options) {
    if (ReaderOptions.isTrue(options, "multiLine", false)
        || failFast(options)
        || ReaderOptions.get(options, "singleVariantColumn").isPresent()) {
      return true;
    }
    Optional<String> encoding =
        ReaderOptions.get(options, "encoding").or(() -> ReaderOptions.get(options, "charset"));
    return encoding.isPresent() && !isUtf8(encoding.get());
  }

  private static boolean isUtf8(String encoding) {
    try {
      return Charset.forName(encoding.strip()).equals(StandardCharsets.UTF_8);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return false; // Spark's reader says what is wrong with it
    }
  }

  private static boolean failFast(Map<String, String> options) {
    return ReaderOptions.get(options, "mode")
        .map(m -> m.strip().equalsIgnoreCase("FAILFAST"))
        .orElse(false);
  }

  /** The corrupt-record column the source or the session names, or Spark's default. */
  private static String configuredCorruptColumn(SparkSession spark, Map<String, String> options) {
    return ReaderOptions.get(options, "columnNameOfCorruptRecord")
        .map(String::strip)
        .orElseGet(() -> spark.conf().get("spark.sql.columnNameOfCorruptRecord", SPARK_DEFAULT));
  }

  private static String corruptColumn(
      SparkSession spark, Map<String, String> options, String[] columns) {
    return free(configuredCorruptColumn(spark, options), List.of(columns));
  }

  /** A name no column has (ignoring case): the wanted one, with underscores before it if taken. */
  private static String free(String wanted, List<String> columns) {
    Set<String> taken = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    taken.addAll(columns);
    String name = wanted;
    while (taken.contains(name)) {
      name = "_" + name;
    }
    return name;
  }

  private static Map<String, String> withCorruptColumn(Map<String, String> options, String name) {
    Map<String, String> out = new LinkedHashMap<>(options);
    out.keySet().removeIf(k -> k.equalsIgnoreCase("columnNameOfCorruptRecord"));
    out.put("columnNameOfCorruptRecord", name);
    return out;
  }

  /**
   * Whether a line is exactly one JSON object, with nothing but whitespace (or, when the source
   * allows them, comments) after it. Parsed with the features Spark's reader turns on from the same
   * options and defaults, so what the reader parses the check accepts.
   */
  static final class JsonLineCheck implements UDF1<String, Boolean> {
    private static final long serialVersionUID = 1L;

    /** A JSON reader option, the parser feature Spark sets from it, and Spark's default. */
    private record Feature(String option, JsonReadFeature feature, boolean sparkDefault) {}

    private static final List<Feature> FEATURES =
        List.of(
            new Feature("allowComments", JsonReadFeature.ALLOW_JAVA_COMMENTS, false),
            new Feature(
                "allowUnquotedFieldNames", JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, false),
            new Feature("allowSingleQuotes", JsonReadFeature.ALLOW_SINGLE_QUOTES, true),
            new Feature(
                "allowNumericLeadingZeros", JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, false),
            new Feature("allowNonNumericNumbers", JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, true),
            new Feature(
                "allowBackslashEscapingAnyCharacter",
                JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
                false),
            new Feature(
                "allowUnquotedControlChars", JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, false));

    private final EnumSet<JsonReadFeature> enabled = EnumSet.noneOf(JsonReadFeature.class);
    private transient @Nullable JsonFactory factory;

    JsonLineCheck(Map<String, String> options) {
      for (Feature f : FEATURES) {
        if (ReaderOptions.isTrue(options, f.option(), f.sparkDefault())) {
          enabled.add(f.feature());
        }
      }
    }

    private JsonFactory factory() {
      if (factory == null) {
        JsonFactoryBuilder b = new JsonFactoryBuilder();
        for (Feature f : FEATURES) {
          b.configure(f.feature(), enabled.contains(f.feature()));
        }
        // Only the structure is checked: never refuse a long or deep value Spark would read.
        b.streamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE)
                .maxNumberLength(Integer.MAX_VALUE)
                .maxNestingDepth(Integer.MAX_VALUE)
                .build());
        factory = b.build();
      }
      return factory;
    }

    @Override
    public Boolean call(@Nullable String line) {
      if (line == null) {
        return false;
      }
      // As bytes, as Spark parses them: a byte order mark at the start is skipped.
      try (JsonParser p = factory().createParser(line.getBytes(StandardCharsets.UTF_8))) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return false;
        }
        p.skipChildren();
        return p.nextToken() == null;
      } catch (IOException e) { // JsonProcessingException: not JSON
        return false;
      }
    }

    @Override
    public String toString() {
      return "JsonLineCheck" + enabled.toString().toLowerCase(Locale.ROOT);
    }
  }
}

package io.quarentena.spark.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The reader options of the built-in Spark formats, in one place: what a source's {@code options}
 * may hold for {@code csv}, {@code json}, {@code parquet}, {@code delta} and {@code table}, and the
 * defaults the job reads CSV with. Spark ignores an option it does not know, so a typo ({@code
 * encodng}) would silently read the file another way; here it is an error that names the key, the
 * closest option and the format's options. Names are case-insensitive, as in Spark. Any other Spark
 * format (avro, orc, a connector's) is passed through unchecked.
 *
 * <p>The lists are the read options of Spark 3.5 to 4.2 ({@code CSVOptions}, {@code JSONOptions},
 * {@code ParquetOptions}, {@code FileIndexOptions}, {@code FileSourceOptions}) and of Delta 3.3 and
 * 4.4 ({@code DeltaOptions}), plus the two Databricks adds to its file readers. A test holds them
 * to the registries of the Spark and Delta on the classpath, on every line.
 *
 * <pre>{@code
 * ReaderOptions.check("csv", Map.of("sep", ";", "encodng", "ISO-8859-1"), k -> "option '" + k + "'");
 * // IllegalArgumentException: option 'encodng' is not a read option of csv; did you mean 'encoding'? ...
 * }</pre>
 */
final class ReaderOptions {

  private ReaderOptions() {}

  /** How one format's options are checked. */
  record Format(String name, Set<String> read, Set<String> notForReading, String docs) {}

  /** Every file source: which files are read (Spark's {@code FileIndexOptions} and friends). */
  static final Set<String> FILE_SOURCE =
      Set.of(
          "basePath",
          "ignoreCorruptFiles",
          "ignoreInvalidPartitionPaths",
          "ignoreMissingFiles",
          "modifiedAfter",
          "modifiedBefore",
          "pathGlobFilter",
          "recursiveFileLookup",
          "timeZone");

  /**
   * What Databricks adds to its file readers. {@code badRecordsPath} is not among them: it moves
   * unparseable rows out of the read (see {@link #check}).
   */
  static final Set<String> DATABRICKS = Set.of("rescuedDataColumn", "readerCaseSensitive");

  /** Options some Spark lines only register; the others ignore them. */
  static final Set<String> ONE_LINE_ONLY =
      Set.of("ignoreInvalidPartitionPaths", "singleVariantColumn", "timeFormat", "useUnsafeRow");

  static final Set<String> CSV_READ =
      Set.of(
          "charset",
          "charToEscapeQuoteEscaping",
          "columnNameOfCorruptRecord",
          "columnPruning",
          "comment",
          "dateFormat",
          "delimiter",
          "emptyValue",
          "enableDateTimeParsingFallback",
          "encoding",
          "enforceSchema",
          "escape",
          "header",
          "ignoreLeadingWhiteSpace",
          "ignoreTrailingWhiteSpace",
          "inferSchema",
          "inputBufferSize",
          "lineSep",
          "locale",
          "maxCharsPerColumn",
          "maxColumns",
          "mode",
          "multiLine",
          "nanValue",
          "negativeInf",
          "nullValue",
          "positiveInf",
          "preferDate",
          "quote",
          "samplingRatio",
          "sep",
          "singleVariantColumn",
          "timeFormat",
          "timestampFormat",
          "timestampNTZFormat",
          "timeZone",
          "unescapedQuoteHandling");

  static final Set<String> CSV_WRITE =
      Set.of("codec", "compression", "escapeQuotes", "extension", "quoteAll");

  static final Set<String> JSON_READ =
      Set.of(
          "allowBackslashEscapingAnyCharacter",
          "allowComments",
          "allowNonNumericNumbers",
          "allowNumericLeadingZeros",
          "allowSingleQuotes",
          "allowUnquotedControlChars",
          "allowUnquotedFieldNames",
          "charset",
          "columnNameOfCorruptRecord",
          "dateFormat",
          "dropFieldIfAllNull",
          "enableDateTimeParsingFallback",
          "encoding",
          "inferTimestamp",
          "lineSep",
          "locale",
          "mode",
          "multiLine",
          "prefersDecimal",
          "primitivesAsString",
          "samplingRatio",
          "singleVariantColumn",
          "timeFormat",
          "timestampFormat",
          "timestampNTZFormat",
          "timeZone",
          "useUnsafeRow");

  static final Set<String> JSON_WRITE =
      Set.of(
          "compression",
          "ignoreNullFields",
          "pretty",
          "sortKeys",
          "writeNonAsciiCharacterAsCodePoint");

  static final Set<String> PARQUET_READ =
      Set.of("datetimeRebaseMode", "int96RebaseMode", "mergeSchema");

  static final Set<String> PARQUET_WRITE = Set.of("compression", "parquet.compression");

  /** A batch read of a Delta table: time travel and the change data feed. */
  static final Set<String> DELTA_READ =
      Set.of(
          "versionAsOf",
          "timestampAsOf",
          "readChangeFeed",
          "readChangeData",
          "startingVersion",
          "startingTimestamp",
          "endingVersion",
          "endingTimestamp");

  /** Delta's write and streaming options: a batch read ignores them. */
  static final Set<String> DELTA_NOT_FOR_READING =
      Set.of(
          "__v1_save_as_table_overwrite",
          "checkpointLocation",
          "compression",
          "dataChange",
          "excludeRegex",
          "failOnDataLoss",
          "ignoreChanges",
          "ignoreDeletes",
          "ignoreFileDeletion",
          "maxBytesPerTrigger",
          "maxFilesPerTrigger",
          "maxRecordsPerFile",
          "mergeSchema",
          "optimizeWrite",
          "overwriteSchema",
          "parquet.writer.version",
          "partitionOverwriteMode",
          "path",
          "queryName",
          "replaceOn",
          "replaceUsing",
          "replaceWhere",
          "schemaLocation",
          "schemaTrackingLocation",
          "skipChangeCommits",
          "spark.sql.parquet.outputTimestampType",
          "streamingSourceTrackingId",
          "targetAlias",
          "txnAppId",
          "txnVersion",
          "useNullIntolerantEqualityWithDPO",
          "userMetadata",
          "writePartitionColumns");

  private static final String SPARK_DOCS = "https://spark.apache.org/docs/latest/";
  private static final String DELTA_DOCS = "https://docs.delta.io/latest/delta-batch.html";

  /** The checked formats, by name. */
  static final Map<String, Format> FORMATS = formats();

  private static Map<String, Format> formats() {
    Map<String, Format> out = new LinkedHashMap<>();
    out.put(
        "csv",
        new Format(
            "csv",
            union(List.of(CSV_READ, FILE_SOURCE, DATABRICKS)),
            CSV_WRITE,
            SPARK_DOCS + "sql-data-sources-csv.html#data-source-option"));
    out.put(
        "json",
        new Format(
            "json",
            union(List.of(JSON_READ, FILE_SOURCE, DATABRICKS)),
            JSON_WRITE,
            SPARK_DOCS + "sql-data-sources-json.html#data-source-option"));
    out.put(
        "parquet",
        new Format(
            "parquet",
            union(List.of(PARQUET_READ, FILE_SOURCE, DATABRICKS)),
            PARQUET_WRITE,
            SPARK_DOCS + "sql-data-sources-parquet.html#data-source-option"));
    out.put("delta", new Format("delta", DELTA_READ, DELTA_NOT_FOR_READING, DELTA_DOCS));
    // A table by name is read by its own format: Delta, or files of one of Spark's formats.
    out.put(
        "table",
        new Format(
            "table",
            union(List.of(DELTA_READ, CSV_READ, JSON_READ, PARQUET_READ, FILE_SOURCE, DATABRICKS)),
            Set.of(),
            DELTA_DOCS + ", " + SPARK_DOCS + "sql-data-sources.html"));
    return out;
  }

  private static Set<String> union(List<Set<String>> sets) {
    return sets.stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
  }

  /** The parse modes that keep every row: Spark's DROPMALFORMED would drop rows uncounted. */
  static final Set<String> MODES = Set.of("PERMISSIVE", "FAILFAST");

  /**
   * Checks a source's reader options against its format's, for the built-in Spark formats; other
   * formats (xlsx has its own reader and check; avro, orc and connectors' formats are Spark's to
   * check) pass unchecked.
   *
   * @param format the source's format
   * @param options the options as configured
   * @param describe how to name an option in a message, for example {@code k ->
   *     "'quarentena.sources.marketing.options." + k + "'"}
   * @throws IllegalArgumentException naming the option, the closest valid one and the format's
   *     options; or an option given twice (names are case-insensitive); or a {@code mode} or {@code
   *     badRecordsPath} that would let rows disappear from the read
   */
  static void check(String format, Map<String, String> options, Function<String, String> describe) {
    Format f = FORMATS.get(format.toLowerCase(Locale.ROOT));
    if (f == null) {
      return;
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (String key : options.keySet()) {
      String previous = seen.put(key.toLowerCase(Locale.ROOT), key);
      if (previous != null) {
        throw new IllegalArgumentException(
            describe.apply(key)
                + " and '"
                + previous
                + "' are the same option (Spark's option names ignore case); keep one");
      }
      if (key.equalsIgnoreCase("badRecordsPath")) {
        throw new IllegalArgumentException(
            describe.apply(key)
                + " would move the rows Spark cannot parse out of the read, uncounted. Remove it:"
                + " those rows are rejected as MALFORMED_RECORD, with their raw text, in the"
                + " rejects table");
      }
      if (!containsIgnoreCase(f.read(), key)) {
        throw new IllegalArgumentException(unknown(f, key, describe));
      }
    }
    Optional<String> mode = get(options, "mode");
    if (mode.isPresent() && !MODES.contains(mode.get().strip().toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          describe.apply(key(options, "mode"))
              + " is '"
              + mode.get()
              + "'; allowed: PERMISSIVE (the default: rows Spark cannot parse are rejected as"
              + " MALFORMED_RECORD and counted) or FAILFAST (the first such row fails the run)."
              + " DROPMALFORMED would drop them uncounted");
    }
  }

  private static String unknown(Format f, String key, Function<String, String> describe) {
    StringBuilder sb = new StringBuilder(describe.apply(key));
    if (containsIgnoreCase(f.notForReading(), key)) {
      sb.append(" is a write")
          .append(f.name().equals("delta") ? " or streaming" : "")
          .append(" option of ")
          .append(f.name())
          .append(": reading ignores it. Remove it.");
    } else {
      sb.append(" is not a read option of ").append(f.name()).append(';');
      String closest = closest(key, f.read());
      if (closest != null) {
        sb.append(" did you mean '").append(closest).append("'?");
      }
    }
    return sb.append(" The ")
        .append(f.name())
        .append(" reader's options: ")
        .append(String.join(", ", sorted(f.read())))
        .append(" (")
        .append(f.docs())
        .append(')')
        .toString();
  }

  /**
   * The CSV options the job reads with: the source's, over RFC 4180 defaults ({@code header},
   * {@code quote} and {@code escape} {@code "}, {@code multiLine}, stray quotes kept within their
   * field). A source's option replaces a default whatever its case.
   *
   * @param options the source's options
   * @return the options to read with
   */
  static Map<String, String> csv(Map<String, String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    Map.of(
            "header", "true",
            "quote", "\"",
            "escape", "\"",
            "multiLine", "true",
            // A stray quote inside a field ends at the next delimiter or line end, so it never
            // takes the following records into one field.
            "unescapedQuoteHandling", "STOP_AT_DELIMITER")
        .forEach(
            (k, v) -> {
              if (get(options, k).isEmpty()) {
                out.put(k, v);
              }
            });
    out.putAll(options);
    return out;
  }

  /**
   * An option's value, whatever the case of its name.
   *
   * @param options the options
   * @param name the option's name
   * @return its value, or empty
   */
  static Optional<String> get(Map<String, String> options, String name) {
    return Optional.ofNullable(key(options, name)).map(options::get);
  }

  /** The key under which an option is given, whatever its case, or null. */
  static @Nullable String key(Map<String, String> options, String name) {
    for (String k : options.keySet()) {
      if (k.equalsIgnoreCase(name)) {
        return k;
      }
    }
    return null;
  }

  /**
   * Whether an option is true, whatever the case of its name and value.
   *
   * @param options the options
   * @param name the option
   * @param otherwise the value when it is not given
   * @return its value
   */
  static boolean isTrue(Map<String, String> options, String name, boolean otherwise) {
    return get(options, name).map(v -> v.strip().equalsIgnoreCase("true")).orElse(otherwise);
  }

  private static boolean containsIgnoreCase(Set<String> names, String key) {
    for (String n : names) {
      if (n.equalsIgnoreCase(key)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> sorted(Collection<String> names) {
    TreeSet<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    out.addAll(names);
    return new ArrayList<>(out);
  }

  /**
   * The valid name closest to a misspelt one: compared in lower case without dashes, dots and
   * underscores ({@code multi-line} is {@code multiLine}), within a few edits.
   */
  static @Nullable String closest(String key, Collection<String> names) {
    String k = normalized(key);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : sorted(names)) {
      int d = distance(k, normalized(name));
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, k.length() / 4) ? best : null;
  }

  private static String normalized(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}

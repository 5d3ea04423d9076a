package io.quarentena.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.csv.CSVOptions$;
import org.apache.spark.sql.catalyst.json.JSONOptions$;
import org.apache.spark.sql.delta.DeltaOptions$;
import org.apache.spark.sql.execution.datasources.FileIndexOptions$;
import org.apache.spark.sql.execution.datasources.parquet.ParquetOptions$;
import org.junit.jupiter.api.Test;

/**
 * The reader options of Spark's formats: a typo names the closest option and the format's options,
 * names ignore case, other formats pass; and the lists hold every option Spark and Delta on the
 * classpath register (this test runs on both Spark lines).
 */
class ReaderOptionsTest {

  static final Function<String, String> KEY =
      k -> "'quarentena.sources.marketing.options." + k + "'";

  static void check(String format, String... keysAndValues) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      options.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    ReaderOptions.check(format, options, KEY);
  }

  @Test
  void aTypoNamesTheKeyTheClosestOptionTheListAndSparksPage() {
    assertThatThrownBy(() -> check("csv", "sep", ";", "encodng", "ISO-8859-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "'quarentena.sources.marketing.options.encodng' is not a read option of csv;"
                + " did you mean 'encoding'?")
        .hasMessageContaining("charset, charToEscapeQuoteEscaping,")
        .hasMessageContaining(
            "https://spark.apache.org/docs/latest/sql-data-sources-csv.html#data-source-option");
    assertThatThrownBy(() -> check("json", "multi-line", "true"))
        .hasMessageContaining("did you mean 'multiLine'?");
    assertThatThrownBy(() -> check("parquet", "merge_schema", "true"))
        .hasMessageContaining("did you mean 'mergeSchema'?");
    assertThatThrownBy(() -> check("delta", "versionAsof_", "3"))
        .hasMessageContaining("did you mean 'versionAsOf'?")
        .hasMessageContaining("https://docs.delta.io/");
  }

  @Test
  void aNameFarFromEveryOptionGetsTheListWithoutAGuess() {
    assertThatThrownBy(() -> check("csv", "separador", ";"))
        .hasMessageContaining("is not a read option of csv; The csv reader's options:")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void aWriteOptionSaysReadingIgnoresIt() {
    assertThatThrownBy(() -> check("csv", "quoteAll", "true"))
        .hasMessageContaining("is a write option of csv: reading ignores it");
    assertThatThrownBy(() -> check("delta", "mergeSchema", "true"))
        .hasMessageContaining("is a write or streaming option of delta");
  }

  @Test
  void optionNamesIgnoreCaseButAnOptionGivenTwiceIsAnError() {
    assertThatCode(() -> check("csv", "SEP", ";", "Encoding", "UTF-8", "multiline", "false"))
        .doesNotThrowAnyException();
    assertThatCode(() -> check("table", "versionAsOf", "3")).doesNotThrowAnyException();
    assertThatThrownBy(() -> check("csv", "header", "true", "Header", "false"))
        .hasMessageContaining("'header' are the same option");
  }

  @Test
  void otherSparkFormatsAreNotChecked() {
    assertThatCode(() -> check("avro", "avroSchema", "{}", "anything", "x"))
        .doesNotThrowAnyException();
    assertThatCode(() -> check("xlsx", "sheet", "contatos")).doesNotThrowAnyException();
  }

  @Test
  void aModeOrAPathThatWouldDropRowsUncountedIsRefused() {
    assertThatThrownBy(() -> check("json", "mode", "DROPMALFORMED"))
        .hasMessageContaining("'quarentena.sources.marketing.options.mode' is 'DROPMALFORMED'")
        .hasMessageContaining("PERMISSIVE")
        .hasMessageContaining("FAILFAST");
    assertThatCode(() -> check("csv", "mode", "failfast")).doesNotThrowAnyException();
    assertThatThrownBy(() -> check("csv", "badRecordsPath", "/tmp/bad"))
        .hasMessageContaining("MALFORMED_RECORD");
  }

  @Test
  void theSourcesCsvOptionsReplaceTheRfc4180DefaultsWhateverTheirCase() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("MultiLine", "false");
    options.put("sep", ";");
    Map<String, String> read = ReaderOptions.csv(options);
    assertThat(read)
        .containsEntry("header", "true")
        .containsEntry("quote", "\"")
        .containsEntry("escape", "\"")
        .containsEntry("unescapedQuoteHandling", "STOP_AT_DELIMITER")
        .containsEntry("MultiLine", "false")
        .containsEntry("sep", ";")
        .doesNotContainKey("multiLine");
  }

  /** A Scala set of option names, in Java. */
  static Set<String> names(scala.collection.Set<String> set) {
    Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    scala.collection.Iterator<String> it = set.iterator();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  static List<String> missing(Set<String> registered, ReaderOptions.Format format) {
    List<String> out = new ArrayList<>();
    for (String name : registered) {
      if (!containsIgnoreCase(format.read(), name)
          && !containsIgnoreCase(format.notForReading(), name)) {
        out.add(name);
      }
    }
    return out;
  }

  static boolean containsIgnoreCase(Set<String> names, String name) {
    return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
  }

  @Test
  void everyOptionSparkAndDeltaRegisterIsListed() {
    Map<String, ReaderOptions.Format> f = ReaderOptions.FORMATS;
    assertThat(missing(names(CSVOptions$.MODULE$.getAllOptions()), f.get("csv"))).isEmpty();
    assertThat(missing(names(JSONOptions$.MODULE$.getAllOptions()), f.get("json"))).isEmpty();
    assertThat(missing(names(ParquetOptions$.MODULE$.getAllOptions()), f.get("parquet"))).isEmpty();
    Set<String> fileIndex = names(FileIndexOptions$.MODULE$.getAllOptions());
    for (String format : List.of("csv", "json", "parquet")) {
      assertThat(missing(fileIndex, f.get(format))).as(format).isEmpty();
    }
    assertThat(missing(names(DeltaOptions$.MODULE$.validOptionKeys()), f.get("delta"))).isEmpty();
  }

  @Test
  void everyListedReadOptionIsOneSparkDeltaOrDatabricksKnows() {
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    known.addAll(names(CSVOptions$.MODULE$.getAllOptions()));
    known.addAll(names(JSONOptions$.MODULE$.getAllOptions()));
    known.addAll(names(ParquetOptions$.MODULE$.getAllOptions()));
    known.addAll(names(FileIndexOptions$.MODULE$.getAllOptions()));
    known.addAll(names(DeltaOptions$.MODULE$.validOptionKeys()));
    known.add("ignoreCorruptFiles"); // FileSourceOptions, which keeps no registry
    known.addAll(ReaderOptions.DATABRICKS);
    known.addAll(ReaderOptions.ONE_LINE_ONLY);
    for (ReaderOptions.Format format : ReaderOptions.FORMATS.values()) {
      assertThat(format.read()).as(format.name()).allMatch(known::contains);
    }
  }
}

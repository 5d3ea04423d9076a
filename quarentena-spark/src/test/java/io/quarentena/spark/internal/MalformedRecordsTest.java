package io.quarentena.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.SparkTestSession;
import io.quarentena.testing.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The check that a JSON line is exactly one object: it refuses what Spark's reader would take the
 * first value of and silently drop the rest, and accepts every line Spark's reader parses with the
 * same options.
 */
class MalformedRecordsTest {

  static boolean oneObject(String line) {
    return new MalformedRecords.JsonLineCheck(Map.of()).call(line);
  }

  @Test
  void aLineIsOneJsonObjectWithNothingAfterIt() {
    assertThat(oneObject("{\"id\":\"1\",\"c\":{\"a\":[1,{\"b\":null}]}}")).isTrue();
    assertThat(oneObject("  {\"id\":\"1\"}\t \r")).isTrue();
    assertThat(oneObject("\uFEFF{\"id\":\"1\"}")).isTrue(); // a byte order mark
    assertThat(oneObject("{\"s\":\"} {\"}")).isTrue(); // braces inside a string
    assertThat(oneObject("{'id':'1'}")).isTrue(); // Spark allows single quotes by default
    assertThat(oneObject("{\"id\":\"1\"} texto depois")).isFalse();
    assertThat(oneObject("{\"id\":\"1\"}{\"id\":\"2\"}")).isFalse();
    assertThat(oneObject("{\"id\":\"1\"},")).isFalse();
    assertThat(oneObject("{\"id\":\"1\"}]")).isFalse();
    assertThat(oneObject("{\"id\":\"1\",\"c\":{\"email\":\"x\",")).isFalse();
    assertThat(oneObject("[{\"id\":\"1\"}]")).isFalse();
    assertThat(oneObject("null")).isFalse();
    assertThat(oneObject("\"texto\"")).isFalse();
    assertThat(oneObject("{\"id\":\"1\"} // comentario")).isFalse();
    assertThat(
            new MalformedRecords.JsonLineCheck(Map.of("AllowComments", "true"))
                .call("{\"id\":\"1\"} // comentario"))
        .isTrue();
  }

  @Test
  void anyLineSparkWritesIsOneObjectAndNoProperPrefixOrLongerLineIs() {
    Seeds.forEach(
        300,
        random -> {
          String line = object(random, 0);
          assertThat(oneObject(line)).as(line).isTrue();
          int cut = 1 + random.nextInt(line.length() - 1);
          assertThat(oneObject(line.substring(0, cut))).as(line.substring(0, cut)).isFalse();
          String more = line + List.of(",", "}", "]", "x", line, "0", "\"").get(random.nextInt(7));
          assertThat(oneObject(more)).as(more).isFalse();
        });
  }

  /** A random JSON object as Spark's writer writes one: fields, nesting, escapes. */
  static String object(Random random, int depth) {
    StringBuilder sb = new StringBuilder("{");
    int fields = random.nextInt(depth == 0 ? 5 : 3) + (depth == 0 ? 1 : 0);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("\"f").append(i).append("\":");
      switch (depth < 2 ? random.nextInt(6) : random.nextInt(4)) {
        case 0 -> sb.append(random.nextInt(1_000_000));
        case 1 -> sb.append(random.nextBoolean());
        case 2 -> sb.append("null");
        case 3 ->
            sb.append('"')
                .append(
                    List.of("a", "ação", "} {", "\\\"q\\\"", "a\\nb", "[1,2]")
                        .get(random.nextInt(6)))
                .append('"');
        case 4 -> sb.append(object(random, depth + 1));
        default -> sb.append('[').append(object(random, depth + 1)).append(",1]");
      }
    }
    return sb.append('}').toString();
  }

  /** Lines a Spark option decides about, and the option. */
  static final List<String[]> OPTION_LINES =
      List.of(
          new String[] {"{'k':'single'}", "allowSingleQuotes"},
          new String[] {"{k:\"unquoted\"}", "allowUnquotedFieldNames"},
          new String[] {"{\"k\":NaN}", "allowNonNumericNumbers"},
          new String[] {"{\"k\":007}", "allowNumericLeadingZeros"},
          new String[] {"{\"k\":\"\\q\"}", "allowBackslashEscapingAnyCharacter"},
          new String[] {"{\"k\":\"tab\there\"}", "allowUnquotedControlChars"},
          new String[] {"{/*c*/\"k\":\"comment\"}", "allowComments"});

  @Test
  void theCheckAcceptsALineExactlyWhenSparksReaderParsesItWithTheSameOptions() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path file =
        Files.createDirectories(SparkTestSession.newDir("json-line-check")).resolve("lines.json");
    List<String> lines = new ArrayList<>();
    Map<String, String> allOn = new LinkedHashMap<>();
    Map<String, String> allOff = new LinkedHashMap<>();
    for (String[] lineAndOption : OPTION_LINES) {
      lines.add(lineAndOption[0]);
      allOn.put(lineAndOption[1], "true");
      allOff.put(lineAndOption[1], "false");
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    List<String> disagreements = new ArrayList<>();
    // Each line depends on its own option only: Spark's defaults, every option on, every one off.
    for (Map<String, String> options : List.of(Map.<String, String>of(), allOn, allOff)) {
      List<Row> read =
          spark
              .read()
              .options(options)
              .schema("k string, _corrupt_record string")
              .json(file.toString())
              .collectAsList();
      assertThat(read).hasSize(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        boolean sparkParses = read.get(i).isNullAt(1);
        boolean checkAccepts = new MalformedRecords.JsonLineCheck(options).call(lines.get(i));
        if (sparkParses != checkAccepts) {
          disagreements.add(lines.get(i) + " " + options + ": Spark parses it: " + sparkParses);
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  /**
   * Why JSON lines are checked here: Spark's own reader takes the first value of a line and ignores
   * the rest, so these lines come out as rows, and the second object of a line is lost.
   */
  @Test
  void sparksOwnJsonReaderKeepsTheFirstObjectOfALineAndSilentlyDropsTheRest() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path file =
        Files.createDirectories(SparkTestSession.newDir("spark-json-lines")).resolve("lines.json");
    Files.write(
        file,
        List.of(
            "{\"k\":\"1\"} texto depois", "{\"k\":\"2\"}{\"k\":\"3\"}", "{\"k\":\"4\"},", "null"),
        StandardCharsets.UTF_8);
    List<String> rows = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .schema("k string, _corrupt_record string")
            .json(file.toString())
            .collectAsList()) {
      rows.add(r.getString(0) + "|" + r.getString(1));
    }
    assertThat(rows).containsExactly("1|null", "2|null", "4|null", "null|null");
  }
}

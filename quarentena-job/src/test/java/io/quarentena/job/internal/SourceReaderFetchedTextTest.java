package io.quarentena.job.internal;

import static io.quarentena.spark.Frames.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.SourceReaders;
import io.quarentena.spark.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A csv or json file a connector fetched is on the driver's disk, which a cluster's executors do
 * not see, so the driver reads its text and Spark parses it: the rows are the same as Spark reading
 * the file itself, with the same options (encoding, byte order mark, separator, malformed lines,
 * line endings, a multiLine JSON document). {@code StandaloneClusterIT} runs it on a cluster.
 */
class SourceReaderFetchedTextTest {

  static final Path BAD_INPUT = Paths.get("src/test/resources/bad-input");

  final SparkSession spark = SparkTestSession.get();

  @Test
  void aLatin1CsvReadsAsSparkReadsIt() throws IOException {
    sameRows("csv", BAD_INPUT.resolve("latin1.csv"), Map.of("sep", ";", "encoding", "ISO-8859-1"));
    sameRows("csv", BAD_INPUT.resolve("latin1.csv"), Map.of("sep", ";", "charset", "ISO-8859-1"));
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndingsReadAsSparkReadsThem() throws IOException {
    sameRows("csv", BAD_INPUT.resolve("bom.csv"), Map.of("sep", ";"));
    Path crlf = SparkTestSession.newDir("crlf").resolve("crlf.csv");
    Files.createDirectories(crlf.getParent());
    Files.writeString(
        crlf, "id_cliente;data_envio\r\n1;2024-05-01\r\n\r\n2;2024-05-02", StandardCharsets.UTF_8);
    sameRows("csv", crlf, Map.of("sep", ";"));
  }

  @Test
  void jsonLinesWithAMalformedLineReadAsSparkReadsThem() throws IOException {
    sameRows("json", BAD_INPUT.resolve("malformed.jsonl"), Map.of());
  }

  @Test
  void aMultiLineJsonDocumentReadsAsSparkReadsIt() throws IOException {
    Path file = SparkTestSession.newDir("multiline").resolve("restritos.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "[\n  {\"id_cliente\": \"1\",\n   \"contatos\": {\"email\": \"a@exemplo.com\"}},\n"
            + "  {\"id_cliente\": \"2\"}\n]\n",
        StandardCharsets.UTF_8);
    sameRows("json", file, Map.of("multiLine", "true"));
  }

  @Test
  void rfc4180QuotesLineBreaksInsideQuotesAndMalformedRowsReadAsTheFileItselfWouldBe()
      throws IOException {
    for (String name :
        List.of(
            "quoted-fields.csv",
            "line-breaks-crlf.csv",
            "line-breaks-lf.csv",
            "malformed-rows.csv",
            "unclosed-quote.csv")) {
      sameRows("csv", BAD_INPUT.resolve(name), Map.of("sep", ";"));
    }
    sameRows(
        "csv", BAD_INPUT.resolve("line-breaks-lf.csv"), Map.of("sep", ";", "multiLine", "false"));
  }

  @Test
  void jsonLinesWithTrailingTextAreMalformedAsInTheFileItself() throws IOException {
    sameRows("json", BAD_INPUT.resolve("trailing-garbage.jsonl"), Map.of());
  }

  private void sameRows(String format, Path file, Map<String, String> options) throws IOException {
    // As the job reads the file where it lies: the same defaults, the same malformed records.
    Dataset<Row> bySpark = SourceReaders.read(spark, "s", format, file.toString(), options);
    Dataset<Row> fetched = SourceReaders.readText(spark, "s", format, file, options);
    assertThat(fetched.columns()).as(file.toString()).containsExactly(bySpark.columns());
    assertThat(lines(fetched)).as(file.toString()).isEqualTo(lines(bySpark)).isNotEmpty();
  }
}

package io.quarentena.examples.notebooks;

import io.quarentena.examples.notebooks.DatabricksNotebook.Cell;
import io.quarentena.examples.notebooks.DatabricksNotebook.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a SQL notebook on a local session: {@code CREATE WIDGET TEXT name DEFAULT 'value'} gives the
 * parameter's default (overridden by the caller), and every other cell runs through {@code
 * spark.sql} with the widgets bound as named parameters ({@code :name}), as Databricks binds them.
 */
final class SqlNotebooks {

  private static final Pattern WIDGET =
      Pattern.compile("(?i)^CREATE\\s+WIDGET\\s+TEXT\\s+(\\w+)\\s+DEFAULT\\s+'([^']*)'\\s*;?.*$");

  private SqlNotebooks() {}

  /** The result of each code cell, in order. */
  static List<List<Row>> run(Path notebook, SparkSession spark, Map<String, String> overrides) {
    DatabricksNotebook nb = DatabricksNotebook.read(notebook);
    Map<String, Object> params = new LinkedHashMap<>();
    List<List<Row>> results = new ArrayList<>();
    for (Cell cell : nb.cells()) {
      if (cell.kind() != Kind.CODE) {
        if (cell.kind() == Kind.RUN) {
          throw new IllegalArgumentException(notebook + ":" + cell.line() + ": %run in SQL");
        }
        continue;
      }
      if (cell.text().regionMatches(true, 0, "CREATE WIDGET", 0, 13)) {
        for (String line : cell.text().split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          Matcher m = WIDGET.matcher(line.strip());
          if (!m.matches()) {
            throw new IllegalArgumentException(notebook + ": unsupported widget line: " + line);
          }
          params.put(m.group(1), overrides.getOrDefault(m.group(1), m.group(2)));
        }
        continue;
      }
      try {
        results.add(spark.sql(cell.text(), params).collectAsList());
      } catch (RuntimeException e) {
        throw new AssertionError(
            notebook + ":" + cell.line() + " failed with " + params + ": " + e.getMessage(), e);
      }
    }
    return results;
  }
}

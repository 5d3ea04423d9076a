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
 * Runs the SQL of a Python notebook on a local session (Python itself does not run here): a
 * variable assigned a string literal ({@code canal = "Marketing"}) is a parameter (overridden by
 * the caller), and every {@code spark.sql("""...""", args={"name": name, ...})} runs through {@code
 * spark.sql} with those parameters bound by name, as PySpark binds {@code args}. A notebook that
 * reaches into the JVM ({@code _jvm}) is refused: it would not run on Spark Connect.
 */
final class PythonNotebooks {

  private static final Pattern ASSIGNMENT =
      Pattern.compile("(?m)^(\\w+) = \"([^\"]*)\"\\s*(#.*)?$");
  private static final Pattern SQL_CALL =
      Pattern.compile(
          "spark\\.sql\\(\\s*\"\"\"(.*?)\"\"\",\\s*args=\\{([^}]*)\\},?\\s*\\)", Pattern.DOTALL);
  private static final Pattern ARG = Pattern.compile("\"(\\w+)\": (\\w+)");

  private PythonNotebooks() {}

  /** The result of each {@code spark.sql} call, in order. */
  static List<List<Row>> run(Path notebook, SparkSession spark, Map<String, String> overrides) {
    DatabricksNotebook nb = DatabricksNotebook.read(notebook);
    Map<String, Object> params = new LinkedHashMap<>();
    List<List<Row>> results = new ArrayList<>();
    for (Cell cell : nb.cells()) {
      if (cell.kind() == Kind.RUN) {
        throw new IllegalArgumentException(notebook + ":" + cell.line() + ": %run in Python");
      }
      if (cell.kind() != Kind.CODE) {
        continue;
      }
      if (cell.text().contains("_jvm")) {
        throw new IllegalArgumentException(
            notebook + ":" + cell.line() + ": _jvm does not exist on Spark Connect");
      }
      Matcher a = ASSIGNMENT.matcher(cell.text());
      while (a.find()) {
        params.put(a.group(1), overrides.getOrDefault(a.group(1), a.group(2)));
      }
      Matcher call = SQL_CALL.matcher(cell.text());
      while (call.find()) {
        Map<String, Object> args = new LinkedHashMap<>();
        Matcher arg = ARG.matcher(call.group(2));
        while (arg.find()) {
          if (!arg.group(1).equals(arg.group(2)) || !params.containsKey(arg.group(2))) {
            throw new IllegalArgumentException(
                notebook
                    + ":"
                    + cell.line()
                    + ": args must bind variables by their own name: "
                    + arg.group());
          }
          args.put(arg.group(1), params.get(arg.group(2)));
        }
        try {
          results.add(spark.sql(call.group(1), args).collectAsList());
        } catch (RuntimeException e) {
          throw new AssertionError(
              notebook + ":" + cell.line() + " failed with " + args + ": " + e.getMessage(), e);
        }
      }
    }
    return results;
  }
}

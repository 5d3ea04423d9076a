package io.quarentena.examples.notebooks;

import io.quarentena.examples.notebooks.DatabricksNotebook.Cell;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;
import scala.tools.nsc.Global;
import scala.tools.nsc.Settings;
import scala.tools.nsc.reporters.ConsoleReporter;

/**
 * Runs a Scala notebook the way Databricks does, locally: {@code %run} cells are inlined (they
 * share one REPL scope on Databricks), the code cells become the body of one method whose
 * parameters are {@code spark} and the widget values, {@code dbutils.widgets}, {@code
 * dbutils.secrets} and {@code display} are small stand-ins, and the result is compiled with the
 * Scala compiler of Spark's Scala line against the test classpath and executed on the shared local
 * session. A notebook that no longer compiles against the library, or fails on the sample, fails
 * the build.
 */
final class ScalaNotebooks {

  private static final String PRELUDE =
      """
      import org.apache.spark.sql.{Dataset, SparkSession}

      class %s {
        def run(spark: SparkSession, widgetValues: java.util.Map[String, String]): Unit = {
          object dbutils {
            object widgets {
              def text(name: String, defaultValue: String, label: String): Unit = {
                widgetValues.putIfAbsent(name, defaultValue)
                ()
              }
              def get(name: String): String = {
                val v = widgetValues.get(name)
                if (v == null) throw new IllegalArgumentException("no widget named " + name)
                v
              }
            }
            object secrets {
              def get(scope: String, key: String): String =
                throw new IllegalStateException("no secret scopes in the local harness: " + scope + "/" + key)
            }
          }
          def display(ds: Dataset[_]): Unit = ds.show(100, false)
      """;

  private ScalaNotebooks() {}

  /** The notebook's source with every {@code %run} inlined, as Databricks would execute it. */
  static String program(Path notebook, String className) {
    StringBuilder body = new StringBuilder(String.format(PRELUDE, className));
    inline(notebook, body, new ArrayList<>(), new ArrayList<>());
    body.append("    ()\n  }\n}\n");
    return body.toString();
  }

  /** The notebook and every notebook it runs, directly or not. */
  static List<Path> reached(Path notebook) {
    List<Path> reached = new ArrayList<>();
    inline(notebook, new StringBuilder(), new ArrayList<>(), reached);
    return reached;
  }

  private static void inline(Path notebook, StringBuilder out, List<Path> stack, List<Path> seen) {
    Path file = notebook.toAbsolutePath().normalize();
    if (stack.contains(file)) {
      throw new IllegalArgumentException("%run cycle: " + stack + " -> " + file);
    }
    stack.add(file);
    seen.add(file);
    DatabricksNotebook nb = DatabricksNotebook.read(file);
    for (Cell cell : nb.cells()) {
      switch (cell.kind()) {
        case MARKDOWN -> {}
        case RUN -> inline(file.getParent().resolve(cell.text() + ".scala"), out, stack, seen);
        case CODE -> {
          out.append("    // ---- ").append(file.getFileName()).append(':').append(cell.line());
          out.append('\n').append(cell.text()).append("\n\n");
        }
      }
    }
    stack.remove(stack.size() - 1);
  }

  /**
   * Compiles the notebook and runs it on {@code spark}.
   *
   * @param notebook the notebook file
   * @param workDir where to put the generated source and classes
   * @param spark the session the notebook sees as {@code spark}
   * @param widgets widget values; defaults of {@code dbutils.widgets.text} fill the rest
   */
  static void run(Path notebook, Path workDir, SparkSession spark, Map<String, String> widgets)
      throws Exception {
    String className =
        "Notebook_" + notebook.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_");
    Path classes = compile(program(notebook, className), className, workDir);
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ScalaNotebooks.class.getClassLoader())) {
      Object instance = loader.loadClass(className).getConstructor().newInstance();
      try {
        instance
            .getClass()
            .getMethod("run", SparkSession.class, Map.class)
            .invoke(instance, spark, new LinkedHashMap<>(widgets));
      } catch (InvocationTargetException e) {
        throw new AssertionError(notebook + " failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /** Compiles one Scala source; fails with the compiler's messages, lines pointing into it. */
  static Path compile(String source, String className, Path workDir) throws IOException {
    Path src = workDir.resolve(className + ".scala");
    Path classes = workDir.resolve(className + "-classes");
    Files.createDirectories(classes);
    Files.writeString(src, source, StandardCharsets.UTF_8);
    Settings settings = new Settings();
    settings.processArgumentString(
        "-deprecation -feature -classpath " + classpath() + " -d " + classes);
    StringWriter messages = new StringWriter();
    ConsoleReporter reporter =
        new ConsoleReporter(
            settings, new BufferedReader(new StringReader("")), new PrintWriter(messages, true));
    Global global = new Global(settings, reporter);
    Global.Run run = global.new Run();
    // JavaConverters: deprecated in Scala 2.13 (the 4.x lines), the one converter 2.12 has.
    @SuppressWarnings("deprecation")
    scala.collection.immutable.List<String> sources =
        JavaConverters.asScalaBuffer(List.of(src.toString())).toList();
    run.compile(sources);
    reporter.flush();
    if (reporter.hasErrors()) {
      throw new AssertionError(
          "the notebook does not compile (generated source: " + src + "):\n" + messages);
    }
    return classes;
  }

  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String cp =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    if (cp.contains(" ")) {
      throw new UncheckedIOException(new IOException("a classpath entry contains a space: " + cp));
    }
    return cp;
  }
}

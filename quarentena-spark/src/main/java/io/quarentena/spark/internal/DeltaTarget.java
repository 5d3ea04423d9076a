package io.quarentena.spark.internal;

import static io.quarentena.spark.TableColumns.LOAD_DATE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.quarentena.spark.Messages;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Delta table with a fixed schema, partitioned by load date, addressed by a catalog name (one,
 * two or three parts: a Unity Catalog name works as is) or by a path. Writing a load date replaces
 * exactly that date's rows, in one commit.
 */
public final class DeltaTarget {

  private static final Logger LOG = LoggerFactory.getLogger(DeltaTarget.class);

  private final SparkSession spark;
  private final String nameOrPath;
  private final boolean isPath;
  private final StructType schema;
  private final List<String> partitionColumns;
  private final String description;

  /**
   * A target.
   *
   * @param spark the session
   * @param nameOrPath a table name, or a path (anything with a {@code /} or a {@code \})
   * @param schema the table's columns, in order, with their nullability
   * @param partitionColumns the partition columns, {@code data_carga} first
   * @param description what the table holds, for its comment and messages
   */
  public DeltaTarget(
      SparkSession spark,
      String nameOrPath,
      StructType schema,
      List<String> partitionColumns,
      String description) {
    this(
        spark,
        nameOrPath,
        nameOrPath != null && isPath(nameOrPath.strip()),
        schema,
        partitionColumns,
        description);
  }

  /**
   * A target whose caller said whether it is a path ({@code forPath}) or a name ({@code forName}).
   *
   * @param spark the session
   * @param nameOrPath a table name or a path
   * @param isPath true for a path, whatever it looks like
   * @param schema the table's columns, in order, with their nullability
   * @param partitionColumns the partition columns, {@code data_carga} first
   * @param description what the table holds, for its comment and messages
   */
  public DeltaTarget(
      SparkSession spark,
      String nameOrPath,
      boolean isPath,
      StructType schema,
      List<String> partitionColumns,
      String description) {
    if (spark == null) {
      throw new IllegalArgumentException("spark session must not be null");
    }
    if (nameOrPath == null || nameOrPath.isBlank()) {
      throw new IllegalArgumentException(
          "the "
              + description
              + " table must be named: a catalog name (catalog.schema.table) or a path, got: '"
              + nameOrPath
              + "'");
    }
    this.spark = spark;
    this.nameOrPath = nameOrPath.strip();
    this.isPath = isPath;
    this.schema = schema;
    this.partitionColumns = List.copyOf(partitionColumns);
    this.description = description;
  }

  /**
   * Whether a location is a path rather than a table name: the one rule of every table and loader
   * of the module. A path has a {@code /}, a {@code \\} or a {@code :} (a URI scheme: {@code s3a:},
   * {@code dbfs:}, {@code C:}), or starts with {@code .}; none of those can appear in an unquoted
   * table name ({@code catalog.schema.table}).
   *
   * @param nameOrPath the location
   * @return true for a path
   */
  public static boolean isPath(String nameOrPath) {
    return nameOrPath.contains("/")
        || nameOrPath.contains("\\")
        || nameOrPath.contains(":")
        || nameOrPath.startsWith(".");
  }

  /**
   * Whether this target is a path.
   *
   * @return true for a path, false for a table name
   */
  public boolean isPath() {
    return isPath;
  }

  /**
   * A failure of Spark on a path table, explained when the session lacks Delta's SQL extension and
   * catalog: Spark then reads {@code delta.`/path`} as a table {@code /path} in a database {@code
   * delta} and says the name is not valid, which points at the wrong cause.
   *
   * @param e what Spark threw
   * @return the failure to throw: {@code e}, or an {@link IllegalStateException} naming the
   *     settings
   */
  RuntimeException explained(RuntimeException e) {
    String extensions;
    String catalog;
    try {
      extensions = spark.conf().get("spark.sql.extensions", "");
      catalog = spark.conf().get("spark.sql.catalog.spark_catalog", "");
    } catch (RuntimeException confFailure) {
      return e;
    }
    return withoutDelta(isPath, extensions, catalog, description, nameOrPath, e);
  }

  static RuntimeException withoutDelta(
      boolean isPath,
      String extensions,
      String catalog,
      String description,
      String nameOrPath,
      RuntimeException e) {
    if (!isPath
        || (extensions.contains("DeltaSparkSessionExtension")
            && catalog.contains("DeltaCatalog"))) {
      return e;
    }
    return new IllegalStateException(
        "the "
            + description
            + " table at "
            + nameOrPath
            + " is a Delta path, and this Spark session is not set up for Delta: set"
            + " spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension and"
            + " spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog"
            + " when the session is built (docs/spark.md). Spark said: "
            + Messages.cause(e),
        e);
  }

  /**
   * The name or path, as given.
   *
   * @return the location
   */
  public String location() {
    return nameOrPath;
  }

  /**
   * The identifier SQL and the V2 writer accept: the name, or {@code delta.`path`}.
   *
   * @return the identifier
   */
  public String identifier() {
    return isPath ? "delta.`" + nameOrPath.replace("`", "``") + "`" : nameOrPath;
  }

  /**
   * The session.
   *
   * @return the session
   */
  public SparkSession spark() {
    return spark;
  }

  /**
   * Creates the table if it does not exist, and checks the schema of one that does. SQL rather than
   * Delta's builder, so that three-part (Unity Catalog) names work on every Delta line.
   */
  public void createIfMissing() {
    String ddl =
        "CREATE TABLE IF NOT EXISTS "
            + identifier()
            + " ("
            + schema.toDDL()
            + ") USING DELTA PARTITIONED BY ("
            + String.join(", ", partitionColumns)
            + ") COMMENT 'Quarentena: "
            + description.replace("'", "")
            + "'";
    try {
      spark.sql(ddl);
    } catch (Exception e) { // Scala exceptions are not declared
      RuntimeException failure =
          e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
      RuntimeException withoutDelta = explained(failure);
      if (withoutDelta != failure) {
        throw withoutDelta;
      }
      throw new IllegalStateException(
          Messages.sentences(
              "cannot create the "
                  + description
                  + " table "
                  + nameOrPath
                  + ": "
                  + Messages.cause(e),
              "Check the name (catalog.schema.table, or a path) and that the schema exists and is"
                  + " writable"),
          e);
    }
    checkSchema();
  }

  /** Checks the schema of the table if it exists; creates nothing. */
  public void checkSchemaIfExists() {
    if (exists()) {
      checkSchema();
    }
  }

  /**
   * Replaces the rows of one load date with these rows, in one atomic commit; other dates are
   * untouched. Creates the table first if needed.
   *
   * @param rows rows in the table's schema, every one with {@code data_carga = loadDate}
   * @param loadDate the load date replaced
   */
  public void replaceLoadDate(Dataset<Row> rows, LocalDate loadDate) {
    createIfMissing();
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!hasColumn(rows, f.name())) {
        throw new IllegalArgumentException(
            "cannot write the "
                + description
                + " table "
                + nameOrPath
                + ": the rows have no column '"
                + f.name()
                + "'. Expected columns: "
                + List.of(schema.fieldNames())
                + "; got "
                + List.of(rows.columns()));
      }
      columns.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    String sameDate = LOAD_DATE + " = DATE'" + loadDate + "'";
    // Delta checks that every written row matches the condition, so a row of another load date
    // fails the commit rather than landing in the wrong partition. A path table is written by
    // Delta's own writer (replaceWhere): the same commit and the same check, without the catalog
    // path's re-read of the table after the commit, which cost about 2 s per write at 10M events
    // (docs/benchmarks.md). A catalog name keeps the catalog's call.
    try {
      Dataset<Row> typed = rows.select(columns.toArray(new Column[0]));
      if (isPath) {
        typed
            .write()
            .format("delta")
            .mode("overwrite")
            .option("replaceWhere", sameDate)
            .save(nameOrPath);
      } else {
        typed.writeTo(identifier()).overwrite(expr(sameDate));
      }
    } catch (Exception e) { // Scala exceptions are not declared
      DeltaConcurrentModificationException conflict = conflict(e);
      if (conflict != null) {
        throw new IllegalStateException(
            "writing load date "
                + loadDate
                + " to the "
                + description
                + " table "
                + nameOrPath
                + " failed: another run committed to the same load date at the same time and won ("
                + conflict.getClass().getSimpleName()
                + "). This run's rows were not committed; the table holds the other run's load of "
                + loadDate
                + ", never a mix. Rerun this one once the other has finished if its data is the"
                + " newer.",
            e);
      }
      throw new IllegalStateException(
          "writing load date "
              + loadDate
              + " to the "
              + description
              + " table "
              + nameOrPath
              + " failed; the table is unchanged (the write is one Delta commit). Cause: "
              + Messages.cause(e),
          e);
    }
    LOG.info("Replaced load date {} in the {} table {}", loadDate, description, nameOrPath);
  }

  /**
   * Appends rows (the runs table's log), creating the table first if needed.
   *
   * @param rows rows in the table's schema
   */
  public void append(Dataset<Row> rows) {
    createIfMissing();
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      columns.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    try {
      Dataset<Row> typed = rows.select(columns.toArray(new Column[0]));
      if (isPath) {
        typed.write().format("delta").mode("append").save(nameOrPath);
      } else {
        typed.writeTo(identifier()).append();
      }
    } catch (Exception e) { // Scala exceptions are not declared
      throw new IllegalStateException(
          "appending to the "
              + description
              + " table "
              + nameOrPath
              + " failed: "
              + Messages.cause(e),
          e);
    }
  }

  /**
   * Deletes every load date before a cutoff, in one commit (retention). The files stay until {@code
   * VACUUM} removes them after Delta's retention period.
   *
   * @param cutoff the first load date kept
   * @return whether the table existed
   */
  public boolean deleteLoadDatesBefore(LocalDate cutoff) {
    if (!exists()) {
      return false;
    }
    spark.sql("DELETE FROM " + identifier() + " WHERE " + LOAD_DATE + " < DATE'" + cutoff + "'");
    LOG.info(
        "Retention: deleted load dates before {} from the {} table {}",
        cutoff,
        description,
        nameOrPath);
    return true;
  }

  /** Delta's optimistic-concurrency failure in a chain of causes, or null. */
  private static @Nullable DeltaConcurrentModificationException conflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException c) {
        return c;
      }
    }
    return null;
  }

  /**
   * Whether the table exists.
   *
   * @return true when it can be read
   */
  public boolean exists() {
    try {
      spark.table(identifier()).schema();
      return true;
    } catch (Exception e) { // AnalysisException: not found
      return false;
    }
  }

  /**
   * Every row, every load date.
   *
   * @return the table
   */
  public Dataset<Row> read() {
    try {
      return spark.table(identifier());
    } catch (RuntimeException e) {
      throw explained(e);
    }
  }

  /**
   * The rows of one load date.
   *
   * @param loadDate the load date
   * @return the rows
   */
  public Dataset<Row> read(LocalDate loadDate) {
    return read().where(col(LOAD_DATE).equalTo(lit(loadDate)));
  }

  /**
   * The table as it was at a version (Delta time travel).
   *
   * @param version the table version, from {@link #history()}
   * @return the rows of that version
   */
  public Dataset<Row> readVersion(long version) {
    return spark.sql("SELECT * FROM " + identifier() + " VERSION AS OF " + version);
  }

  /**
   * The table's commits, newest first: version, timestamp, operation, parameters.
   *
   * @return Delta's history
   */
  public Dataset<Row> history() {
    return spark.sql("DESCRIBE HISTORY " + identifier());
  }

  private void checkSchema() {
    StructType actual = read().schema();
    List<String> problems = new ArrayList<>();
    StructField[] expected = schema.fields();
    StructField[] found = actual.fields();
    for (int i = 0; i < Math.max(expected.length, found.length); i++) {
      String want = i < expected.length ? describe(expected[i]) : "(none)";
      String got = i < found.length ? describe(found[i]) : "(none)";
      if (!want.equals(got)) {
        problems.add("column " + (i + 1) + ": expected " + want + ", found " + got);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the existing table "
              + nameOrPath
              + " does not have the "
              + description
              + " schema: "
              + String.join("; ", problems)
              + ". Point the job at another table, or migrate this one to: "
              + schema.toDDL());
    }
  }

  private static String describe(StructField f) {
    return f.name() + " " + f.dataType().simpleString();
  }

  private static boolean hasColumn(Dataset<Row> rows, String name) {
    for (String c : rows.columns()) {
      if (c.equals(name)) {
        return true;
      }
    }
    return false;
  }
}

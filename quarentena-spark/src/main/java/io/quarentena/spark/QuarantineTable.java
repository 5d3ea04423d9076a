package io.quarentena.spark;

import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.LOAD_DATE;

import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.internal.DeltaTarget;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code quarentena_global} Delta table of docs/rules.md: one row per (id_cliente, canal) per
 * data_carga, partitioned by {@code data_carga, canal}, keys NOT NULL. Addressed by a Unity Catalog
 * three-part name, a metastore name or a path. Writing a load date replaces exactly that date's
 * rows in one atomic commit, so a rerun gives the same table and other dates are untouched; every
 * past load stays queryable by {@code data_carga}, and every version by time travel.
 *
 * <pre>{@code
 * QuarantineTable table = QuarantineTable.of(spark, "main.crm.quarentena_global");
 * table.write(run.entries(), LocalDate.parse("2024-05-28"));     // creates the table if missing
 * Dataset<Row> may28 = table.entries(LocalDate.parse("2024-05-28"));
 * Dataset<Row> before = table.version(3);                          // time travel
 * }</pre>
 */
public final class QuarantineTable {

  private final DeltaTarget target;

  private QuarantineTable(DeltaTarget target) {
    this.target = target;
  }

  /**
   * The table at a name ({@code catalog.schema.table}, {@code schema.table}) or a path (anything
   * with a {@code /}: {@code /Volumes/...}, {@code s3://...}).
   *
   * @param spark the session
   * @param nameOrPath the table name or path
   * @return the table (not created until {@link #create()} or {@link #write})
   */
  public static QuarantineTable of(SparkSession spark, String nameOrPath) {
    return at(spark, nameOrPath, nameOrPath != null && isPath(nameOrPath.strip()));
  }

  /**
   * The table by its catalog name, as Delta's {@code DeltaTable.forName}.
   *
   * <pre>{@code
   * QuarantineTable table = QuarantineTable.forName(spark, "main.crm.quarentena_global");
   * }</pre>
   *
   * @param spark the session
   * @param name {@code catalog.schema.table}, {@code schema.table} or {@code table}
   * @return the table
   * @throws IllegalArgumentException when {@code name} is a path ({@link #isPath})
   */
  public static QuarantineTable forName(SparkSession spark, String name) {
    return at(spark, requireName(name, "quarantine"), false);
  }

  /**
   * The table at a path, as Delta's {@code DeltaTable.forPath}: whatever the path looks like, it is
   * never taken for a name.
   *
   * <pre>{@code
   * QuarantineTable table = QuarantineTable.forPath(spark, "/Volumes/main/crm/quarentena_global");
   * }</pre>
   *
   * @param spark the session (with Delta's SQL extension and catalog: docs/spark.md)
   * @param path a local path or a Hadoop URI
   * @return the table
   */
  public static QuarantineTable forPath(SparkSession spark, String path) {
    return at(spark, path, true);
  }

  private static QuarantineTable at(SparkSession spark, String nameOrPath, boolean isPath) {
    return new QuarantineTable(
        new DeltaTarget(
            spark,
            nameOrPath,
            isPath,
            TableColumns.ENTRIES,
            List.of(LOAD_DATE, CHANNEL),
            "quarantine (quarentena_global)"));
  }

  static String requireName(String name, String table) {
    if (name != null && isPath(name.strip())) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is a path, not a "
              + table
              + " table name (a name has no '/', '\\\\', ':' and does not start with '.');"
              + " use forPath");
    }
    return name;
  }

  /**
   * The snapshot loader of this table: its latest load, or a load date or version, as a {@code
   * QuarantineIndex} for in-process checks.
   *
   * <pre>{@code
   * QuarantineIndex index = QuarantineTable.forName(spark, "main.crm.quarentena_global")
   *     .snapshots().load(QuarantinePolicy.defaults());
   * }</pre>
   *
   * @return the loader, for the latest {@code data_carga} of the current version
   */
  public QuarantineSnapshots snapshots() {
    return QuarantineSnapshots.of(target.spark(), target.location(), target.isPath());
  }

  /**
   * Whether a table location is a path rather than a table name: the one rule of every table of the
   * module (quarantine, rejects, runs, snapshots). A location with a {@code /} or {@code \\} is a
   * path ({@code /Volumes/...}, {@code s3a://...}, {@code C:\\data}); anything else is a table name
   * ({@code main.quarentena.quarentena_global}).
   *
   * @param nameOrPath the location
   * @return true for a path
   */
  public static boolean isPath(String nameOrPath) {
    return DeltaTarget.isPath(nameOrPath);
  }

  /**
   * The table's schema: {@code id_cliente STRING NOT NULL, canal STRING NOT NULL, email STRING,
   * telefone STRING, assunto STRING, data_envio DATE, qtd_dias INT, saida_prevista DATE, data_carga
   * DATE NOT NULL}.
   *
   * @return the schema
   */
  public static StructType schema() {
    return TableColumns.ENTRIES;
  }

  /**
   * The name or path.
   *
   * @return the location, as given
   */
  public String location() {
    return target.location();
  }

  /**
   * Creates the table if it does not exist; checks the schema of one that does.
   *
   * @return this table
   * @throws IllegalStateException if an existing table has another schema
   */
  public QuarantineTable create() {
    target.createIfMissing();
    return this;
  }

  /**
   * Checks the schema of the table if it exists, and creates nothing: a job calls it before it
   * reads its sources, so a wrong table fails the run before any work.
   *
   * @throws IllegalStateException if an existing table has another schema
   */
  public void checkSchemaIfExists() {
    target.checkSchemaIfExists();
  }

  /**
   * Replaces the rows of a load date with the entries of a run, in one Delta commit.
   *
   * @param entries rows in the table's schema (from {@link QuarantineRun#entries()}), all with
   *     {@code data_carga = loadDate}
   * @param loadDate the load date replaced
   */
  public void write(Dataset<Row> entries, LocalDate loadDate) {
    target.replaceLoadDate(entries, loadDate);
  }

  /**
   * Every row of every load date.
   *
   * @return the table
   */
  public Dataset<Row> read() {
    return target.read();
  }

  /**
   * The entries of one load date.
   *
   * @param loadDate the load date
   * @return the rows with that {@code data_carga}
   */
  public Dataset<Row> entries(LocalDate loadDate) {
    return target.read(loadDate);
  }

  /**
   * The entries of a load date as a batch suppression check.
   *
   * @param policy the policy whose scopes and exemptions apply
   * @param loadDate the load date of the snapshot
   * @return the check
   */
  public SparkQuarantine quarantine(QuarantinePolicy policy, LocalDate loadDate) {
    return SparkQuarantine.of(policy, entries(loadDate));
  }

  /**
   * The table as it was at a version (Delta time travel).
   *
   * @param version a version from {@link #history()}
   * @return the rows of that version
   */
  public Dataset<Row> version(long version) {
    return target.readVersion(version);
  }

  /**
   * The table's commits, newest first (Delta's {@code DESCRIBE HISTORY}).
   *
   * @return version, timestamp, operation, operationParameters, ...
   */
  public Dataset<Row> history() {
    return target.history();
  }

  /**
   * Deletes the load dates before a cutoff in one commit, so personal data is not kept forever. Run
   * Delta's {@code VACUUM} afterwards (on its own schedule) to remove the files once Delta's
   * retention period has passed; until then time travel still reaches them.
   *
   * @param cutoff the first load date kept
   * @return whether the table existed
   */
  public boolean deleteLoadDatesBefore(LocalDate cutoff) {
    return target.deleteLoadDatesBefore(cutoff);
  }

  /**
   * Whether the table exists yet.
   *
   * @return true when it exists
   */
  public boolean exists() {
    return target.exists();
  }

  @Override
  public String toString() {
    return "QuarantineTable[" + target.location() + "]";
  }
}

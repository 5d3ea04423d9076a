package io.quarentena.spark;

import static io.quarentena.spark.TableColumns.LOAD_DATE;

import io.quarentena.spark.internal.DeltaTarget;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The rejects Delta table: the rows a run could not use, with the source, the reason code, a detail
 * and the raw values as JSON, partitioned by {@code data_carga}. Like {@link QuarantineTable},
 * writing a load date replaces that date's rejects in one commit.
 *
 * <pre>{@code
 * RejectsTable rejects = RejectsTable.of(spark, "main.crm.quarentena_rejeitados");
 * rejects.write(run.rejects(), run.loadDate());
 * rejects.rejects(run.loadDate()).groupBy("fonte", "motivo").count().show();
 * }</pre>
 */
public final class RejectsTable {

  private final DeltaTarget target;

  private RejectsTable(DeltaTarget target) {
    this.target = target;
  }

  /**
   * The table at a name or a path, as {@link QuarantineTable#of}.
   *
   * @param spark the session
   * @param nameOrPath the table name or path
   * @return the table
   */
  public static RejectsTable of(SparkSession spark, String nameOrPath) {
    return at(spark, nameOrPath, nameOrPath != null && QuarantineTable.isPath(nameOrPath.strip()));
  }

  /**
   * The table by its catalog name, as Delta's {@code DeltaTable.forName}.
   *
   * @param spark the session
   * @param name {@code catalog.schema.table}, {@code schema.table} or {@code table}
   * @return the table
   * @throws IllegalArgumentException when {@code name} is a path ({@link QuarantineTable#isPath})
   */
  public static RejectsTable forName(SparkSession spark, String name) {
    return at(spark, QuarantineTable.requireName(name, "rejects"), false);
  }

  /**
   * The table at a path, as Delta's {@code DeltaTable.forPath}.
   *
   * @param spark the session (with Delta's SQL extension and catalog: docs/spark.md)
   * @param path a local path or a Hadoop URI
   * @return the table
   */
  public static RejectsTable forPath(SparkSession spark, String path) {
    return at(spark, path, true);
  }

  private static RejectsTable at(SparkSession spark, String nameOrPath, boolean isPath) {
    return new RejectsTable(
        new DeltaTarget(
            spark, nameOrPath, isPath, TableColumns.REJECTS, List.of(LOAD_DATE), "rejects"));
  }

  /**
   * The table's schema: {@code fonte STRING NOT NULL, canal STRING, motivo STRING NOT NULL, detalhe
   * STRING, valores STRING, data_carga DATE NOT NULL}.
   *
   * @return the schema
   */
  public static StructType schema() {
    return TableColumns.REJECTS;
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
   */
  public RejectsTable create() {
    target.createIfMissing();
    return this;
  }

  /**
   * Replaces the rejects of a load date, in one Delta commit.
   *
   * @param rejects rows from {@link QuarantineRun#rejects()}
   * @param loadDate the load date replaced
   */
  public void write(Dataset<Row> rejects, LocalDate loadDate) {
    target.replaceLoadDate(rejects, loadDate);
  }

  /**
   * Every reject of every load date.
   *
   * @return the table
   */
  public Dataset<Row> read() {
    return target.read();
  }

  /**
   * The rejects of one load date.
   *
   * @param loadDate the load date
   * @return the rows with that {@code data_carga}
   */
  public Dataset<Row> rejects(LocalDate loadDate) {
    return target.read(loadDate);
  }

  /**
   * The table's commits, newest first.
   *
   * @return Delta's history
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
    return "RejectsTable[" + target.location() + "]";
  }
}

package io.quarentena.spark;

import static io.quarentena.spark.TableColumns.LOAD_DATE;

import io.quarentena.spark.internal.DeltaTarget;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table that only grows, with a schema of the caller's: rows are appended, partitioned by
 * {@code data_carga}, and never replaced. The shape of an audit log kept beside the quarantine
 * table, such as the job's runs table. Created on the first append; an existing table must have the
 * schema, column for column.
 *
 * <pre>{@code
 * StructType schema = new StructType()
 *     .add("execucao", DataTypes.StringType, false)
 *     .add("data_carga", DataTypes.DateType, false);
 * AppendTable log = AppendTable.of(spark, "main.crm.quarentena_execucoes", schema, "runs");
 * log.append(spark.createDataFrame(rows, schema));
 * }</pre>
 */
public final class AppendTable {

  private final DeltaTarget target;

  private AppendTable(DeltaTarget target) {
    this.target = target;
  }

  /**
   * The table at a name or a path, by the module's one rule ({@link QuarantineTable#isPath}).
   *
   * @param spark the session
   * @param nameOrPath a catalog name ({@code catalog.schema.table}) or a path
   * @param schema the table's columns, in order, with their nullability; one is {@code data_carga
   *     DATE}
   * @param description what the table holds, in a few words, for its comment and its errors
   * @return the table (created on the first append)
   * @throws IllegalArgumentException when the schema has no {@code data_carga DATE} column
   */
  public static AppendTable of(
      SparkSession spark, String nameOrPath, StructType schema, String description) {
    boolean dated = false;
    for (StructField f : schema.fields()) {
      dated |= f.name().equals(LOAD_DATE) && f.dataType().equals(DataTypes.DateType);
    }
    if (!dated) {
      throw new IllegalArgumentException(
          "the "
              + description
              + " table's schema has no column "
              + LOAD_DATE
              + " DATE, which partitions it; got: "
              + schema.toDDL());
    }
    return new AppendTable(
        new DeltaTarget(spark, nameOrPath, schema, List.of(LOAD_DATE), description));
  }

  /**
   * Where the table is.
   *
   * @return the name or path, as given
   */
  public String location() {
    return target.location();
  }

  /**
   * Appends rows in one commit, creating the table first if needed. Each column is cast to the
   * schema's type.
   *
   * @param rows rows with (at least) the schema's columns
   * @throws IllegalStateException naming the table and the cause, when the append fails
   */
  public void append(Dataset<Row> rows) {
    target.append(rows);
  }

  /**
   * Every row.
   *
   * @return the table
   */
  public Dataset<Row> read() {
    return target.read();
  }

  /**
   * Whether the table exists.
   *
   * @return true when it can be read
   */
  public boolean exists() {
    return target.exists();
  }
}

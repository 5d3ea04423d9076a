package io.quarentena.spark;

import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.LOAD_DATE;

import io.quarentena.spark.internal.DeltaTarget;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The history companion table beside the quarantine table, {@code <output>_contatos}: for each load
 * date, the counted contacts that a later (live) send could still complete a frequency cap with
 * ({@link QuarantineRun#history()}), one row per contact, for every customer, in quarantine or not.
 * Partitioned like the quarantine table by {@code data_carga, canal}; writing a load date replaces
 * that date's rows in one commit. A service loads them with its snapshot so that live sends count
 * together with the contacts the load had already counted.
 *
 * <pre>{@code
 * HistoryTable history = HistoryTable.beside(spark, "main.crm.quarentena_global");
 * // main.crm.quarentena_global_contatos
 * history.write(run.history(), run.loadDate());
 * }</pre>
 */
public final class HistoryTable {

  /** What the companion table's name adds to the quarantine table's. */
  public static final String SUFFIX = "_contatos";

  private final DeltaTarget target;

  private HistoryTable(DeltaTarget target) {
    this.target = target;
  }

  /**
   * The table at a name or a path, as {@link QuarantineTable#of}.
   *
   * @param spark the session
   * @param nameOrPath the table name or path
   * @return the table
   */
  public static HistoryTable of(SparkSession spark, String nameOrPath) {
    return new HistoryTable(
        new DeltaTarget(
            spark,
            nameOrPath,
            TableColumns.HISTORY,
            List.of(LOAD_DATE, CHANNEL),
            "history (contacts of frequency caps)"));
  }

  /**
   * The companion table of a quarantine table: its name or path followed by {@value #SUFFIX}.
   *
   * @param spark the session
   * @param quarantineTable the quarantine table's name or path, as given to {@link
   *     QuarantineTable#of}
   * @return the companion table
   */
  public static HistoryTable beside(SparkSession spark, String quarantineTable) {
    return of(spark, nameBeside(quarantineTable));
  }

  /**
   * The companion table's name or path for a quarantine table: {@code main.crm.quarentena_global}
   * gives {@code main.crm.quarentena_global_contatos}, {@code /data/quarentena/} gives {@code
   * /data/quarentena_contatos}.
   *
   * @param quarantineTable the quarantine table's name or path
   * @return the companion's name or path
   */
  public static String nameBeside(String quarantineTable) {
    if (quarantineTable == null || quarantineTable.isBlank()) {
      throw new IllegalArgumentException(
          "the quarantine table must be named to find its history table beside it, got: '"
              + quarantineTable
              + "'");
    }
    String base = quarantineTable.strip();
    while (base.length() > 1 && (base.endsWith("/") || base.endsWith("\\"))) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.endsWith("`")) {
      return base.substring(0, base.length() - 1) + SUFFIX + "`";
    }
    return base + SUFFIX;
  }

  /**
   * The table's schema: {@code id_cliente STRING NOT NULL, canal STRING NOT NULL, data_envio DATE
   * NOT NULL, id_envio STRING, email STRING, telefone STRING, assunto STRING, categoria STRING,
   * data_carga DATE NOT NULL}.
   *
   * @return the schema
   */
  public static StructType schema() {
    return TableColumns.HISTORY;
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
  public HistoryTable create() {
    target.createIfMissing();
    return this;
  }

  /**
   * Replaces the history of a load date, in one Delta commit.
   *
   * @param history rows from {@link QuarantineRun#history()}
   * @param loadDate the load date replaced
   */
  public void write(Dataset<Row> history, LocalDate loadDate) {
    target.replaceLoadDate(history, loadDate);
  }

  /**
   * Every history row of every load date.
   *
   * @return the table
   */
  public Dataset<Row> read() {
    return target.read();
  }

  /**
   * The history of one load date.
   *
   * @param loadDate the load date
   * @return the rows with that {@code data_carga}
   */
  public Dataset<Row> contacts(LocalDate loadDate) {
    return target.read(loadDate);
  }

  /**
   * Deletes the load dates before a cutoff in one commit, as {@link
   * QuarantineTable#deleteLoadDatesBefore}.
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
    return "HistoryTable[" + target.location() + "]";
  }
}

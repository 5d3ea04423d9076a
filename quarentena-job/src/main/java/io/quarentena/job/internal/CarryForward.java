package io.quarentena.job.internal;

import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.CONTACT_DATE;
import static io.quarentena.spark.TableColumns.DAYS;
import static io.quarentena.spark.TableColumns.ID;
import static io.quarentena.spark.TableColumns.LAST_DAY;
import static io.quarentena.spark.TableColumns.LOAD_DATE;
import static io.quarentena.spark.TableColumns.REVOKED_ON;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.HistoryTable;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.StandardPlans;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * A channel's previous entries carried to a new load date when its source cannot be read: the
 * entries of the latest earlier load, re-evaluated at the new date — an entry whose last day has
 * passed no longer blocks and is left out, open-ended entries (fraud) stay, {@code qtd_dias} is
 * counted to the new date. The customer is not released because a server was down.
 */
public final class CarryForward {

  /**
   * What was carried.
   *
   * @param rows the entries, in the table's schema, with the new load date
   * @param from the load date they came from
   * @param count how many
   */
  public record Carried(Dataset<Row> rows, LocalDate from, long count) {}

  private CarryForward() {}

  /**
   * The channel's entries of the latest load before {@code loadDate}, re-evaluated.
   *
   * @param table the quarantine table
   * @param channel the channel
   * @param loadDate the new load date
   * @return the carried entries
   * @throws IllegalStateException when there is no earlier load of the channel to carry
   */
  public static Carried previous(QuarantineTable table, Channel channel, LocalDate loadDate) {
    if (!table.exists()) {
      throw new IllegalStateException(
          "cannot carry channel "
              + channel
              + " forward: the table "
              + table.location()
              + " has no earlier load");
    }
    Dataset<Row> earlier =
        table
            .read()
            .where(col(CHANNEL).equalTo(lit(channel.id())))
            .where(col(LOAD_DATE).lt(lit(loadDate)));
    Row latest = earlier.agg(max(col(LOAD_DATE))).first();
    if (latest.isNullAt(0)) {
      throw new IllegalStateException(
          "cannot carry channel "
              + channel
              + " forward: the table "
              + table.location()
              + " has no load of it before "
              + loadDate);
    }
    LocalDate from = latest.getDate(0).toLocalDate();
    Dataset<Row> rows =
        earlier
            .where(col(LOAD_DATE).equalTo(lit(from)))
            .where(col(LAST_DAY).isNull().or(col(LAST_DAY).geq(lit(loadDate))))
            .withColumn(DAYS, datediff(lit(loadDate), col(CONTACT_DATE)))
            .withColumn(LOAD_DATE, lit(loadDate))
            .select(QuarantineTable.schema().fieldNames()[0], rest());
    long count = rows.count();
    return new Carried(rows, from, count);
  }

  /** The column {@link #merge} flags carried rows with. */
  public static final String CARRIED = "_carried";

  /**
   * Fresh entries and carried ones, one row per (id_cliente, canal), flagged with {@value
   * #CARRIED}. When a key is both read from a source and carried from an unavailable one (a channel
   * with two sources), it keeps its longest quarantine: open-ended first, then the latest last day,
   * then the fresh row. A customer is never released early because one of two sources was down.
   *
   * @param fresh this run's entries, in the table's schema
   * @param carried carried entries, in the table's schema (already minimised: they come from the
   *     table)
   * @return the entries, with a boolean {@value #CARRIED} column last
   */
  public static Dataset<Row> merge(Dataset<Row> fresh, List<Dataset<Row>> carried) {
    Dataset<Row> all = fresh.withColumn(CARRIED, lit(false));
    for (Dataset<Row> c : carried) {
      all = all.unionByName(c.withColumn(CARRIED, lit(true)));
    }
    WindowSpec longestFirst =
        Window.partitionBy(col(ID), col(CHANNEL))
            .orderBy(
                col(LAST_DAY).desc_nulls_first(), col(CARRIED).asc(), col(CONTACT_DATE).desc());
    return all.withColumn("_keep", row_number().over(longestFirst))
        .where(col("_keep").equalTo(lit(1)))
        .drop("_keep");
  }

  /**
   * The history companion table's rows of this load with the carried channels' contacts carried
   * too, by the same rule as their entries: a carried channel's contacts of the load its entries
   * came from, re-evaluated at the new load date by the history's own plan (a contact that no
   * longer falls inside its cap's window drops out), each contact once whether the fresh rows hold
   * it too (another source of the channel) or not. Without the history of that load (a table
   * written before the companion table existed) nothing is carried.
   *
   * @param fresh this run's history rows, minimised as written
   * @param table the history table
   * @param carriedFrom each carried channel and the load date its entries came from
   * @param policy the policy
   * @param loadDate the new load date
   * @return the history rows to write for {@code loadDate}
   */
  public static Dataset<Row> history(
      Dataset<Row> fresh,
      HistoryTable table,
      Map<Channel, LocalDate> carriedFrom,
      QuarantinePolicy policy,
      LocalDate loadDate) {
    if (carriedFrom.isEmpty() || !table.exists()) {
      return fresh;
    }
    Dataset<Row> all = fresh;
    for (Map.Entry<Channel, LocalDate> c : carriedFrom.entrySet()) {
      all =
          all.unionByName(
              table.contacts(c.getValue()).where(col(CHANNEL).equalTo(lit(c.getKey().id()))));
    }
    // The history holds counted contacts only: no revocation date is left to apply.
    Dataset<Row> contacts =
        all.drop(LOAD_DATE).withColumn(REVOKED_ON, lit(null).cast(DataTypes.DateType));
    return StandardPlans.history(contacts, policy, loadDate);
  }

  private static String[] rest() {
    String[] names = QuarantineTable.schema().fieldNames();
    String[] out = new String[names.length - 1];
    System.arraycopy(names, 1, out, 0, out.length);
    return out;
  }
}

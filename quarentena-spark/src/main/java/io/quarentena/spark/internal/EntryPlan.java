package io.quarentena.spark.internal;

import static io.quarentena.spark.TableColumns.CATEGORY;
import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.CONTACT_DATE;
import static io.quarentena.spark.TableColumns.DAYS;
import static io.quarentena.spark.TableColumns.EMAIL;
import static io.quarentena.spark.TableColumns.ID;
import static io.quarentena.spark.TableColumns.LAST_DAY;
import static io.quarentena.spark.TableColumns.LOAD_DATE;
import static io.quarentena.spark.TableColumns.PHONE;
import static io.quarentena.spark.TableColumns.REVOKED_ON;
import static io.quarentena.spark.TableColumns.SEND_ID;
import static io.quarentena.spark.TableColumns.SUBJECT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.TableColumns;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Accepted contact rows to quarantine entries, as docs/rules.md defines and the core engine
 * computes: per (id_cliente, canal), the counted contacts ranked latest first (ties broken as
 * {@code ContactEvent.LATEST_FIRST}); an entry exists iff the rule is open-ended and a counted
 * contact exists, or the K-th most recent counted contact c plus L is on or after the load date.
 * The entry shows the latest counted contact; {@code saida_prevista} is c + L.
 *
 * <p>A contact is one send, as {@code ContactEvent.isSameContactAs}: rows with one send id ({@code
 * id_envio}) are one contact, and so are rows without one that are equal in every standard column;
 * each contact is its first row latest first. Only a rule with K above 1 can count a send twice, so
 * only the plan for such policies matches rows.
 */
public final class EntryPlan {

  private static final String RANK = "_rank";
  private static final String KTH = "_kth";
  private static final String OFFSET = "_offset";
  private static final String FIRST = "_first";

  /** The order of {@code ContactEvent.LATEST_FIRST} as window columns. */
  private static final Column[] LATEST_FIRST_ORDER = {
    col(CONTACT_DATE).desc(),
    col(SUBJECT).asc_nulls_last(),
    col(EMAIL).asc_nulls_last(),
    col(PHONE).asc_nulls_last(),
    col(CATEGORY).asc_nulls_last()
  };

  private EntryPlan() {}

  /**
   * The entries.
   *
   * @param accepted standardized rows without a reject reason
   * @param policy the policy
   * @param loadDate the load date
   * @return rows in the table's schema ({@link TableColumns#ENTRIES})
   */
  public static Dataset<Row> entries(
      Dataset<Row> accepted, QuarantinePolicy policy, LocalDate loadDate) {
    RuleColumns rules = new RuleColumns(policy);
    Column loadDay = lit(loadDate);
    Column channel = col(CHANNEL);

    // A contact whose own date plus L is before the load date can neither be the K-th most recent
    // of an entry (that one's date plus L is on or after the load date, and every more recent
    // contact's too) nor make one: when the K-th most recent contact is too old, fewer than K
    // contacts remain and no entry is made either way. So those rows are dropped before the
    // window, as the article's per-source filters do, and never reach the sort or the shuffle.
    Dataset<Row> counted = accepted.where(counted(rules, loadDay));

    WindowSpec key = Window.partitionBy(col(ID), channel);
    Column[] latestFirstOrder = LATEST_FIRST_ORDER;
    WindowSpec latestFirst = key.orderBy(latestFirstOrder);

    if (policy.rules().stream().allMatch(r -> r.threshold() == 1)) {
      // Every rule counts one contact (fixed periods, open-ended: the default policy). The entry
      // is the latest contact itself, so the plan is "rank = 1" over one window, which Spark turns
      // into a per-partition top-1 before the shuffle (WindowGroupLimit): far fewer rows shuffled.
      Dataset<Row> latest =
          counted
              .withColumn(RANK, row_number().over(latestFirst))
              .where(col(RANK).equalTo(lit(1)))
              .withColumn(OFFSET, rules.lastDayOffset(channel));
      Column last = date_add(col(CONTACT_DATE), col(OFFSET));
      return latest
          .where(col(OFFSET).isNull().or(last.geq(loadDay)))
          .select(
              col(ID),
              channel,
              col(EMAIL),
              col(PHONE),
              col(SUBJECT),
              col(CONTACT_DATE),
              datediff(loadDay, col(CONTACT_DATE)).as(DAYS),
              last.as(LAST_DAY),
              loadDay.as(LOAD_DATE));
    }
    Dataset<Row> ranked =
        oneRowPerContact(counted, key, latestFirstOrder)
            .withColumn(RANK, row_number().over(latestFirst))
            .withColumn(OFFSET, rules.lastDayOffset(channel));
    Column kth =
        max(when(col(RANK).equalTo(rules.threshold(channel)), col(CONTACT_DATE))).over(key);
    Column lastDay = date_add(col(KTH), col(OFFSET));

    return ranked
        .withColumn(KTH, kth)
        .where(
            col(RANK)
                .equalTo(lit(1))
                .and(col(KTH).isNotNull())
                .and(col(OFFSET).isNull().or(lastDay.geq(loadDay))))
        .select(
            col(ID),
            channel,
            col(EMAIL),
            col(PHONE),
            col(SUBJECT),
            col(CONTACT_DATE),
            datediff(loadDay, col(CONTACT_DATE)).as(DAYS),
            lastDay.as(LAST_DAY),
            loadDay.as(LOAD_DATE));
  }

  /**
   * The history of a load: the counted contacts a later send could still complete a frequency cap
   * with, as {@code QuarantineEvaluation.history()} computes them. A row is a contact on a channel
   * whose rule is a cap of more than one contact (K above 1, not open-ended), counted on the load
   * date (not exempt), dated inside the window that still reaches the load date ({@code D - (W -
   * 1)} to D, that is its date plus L on or after D), and appears once per contact: its first row
   * latest first, as the entries count it.
   *
   * @param accepted standardized rows without a reject reason
   * @param policy the policy
   * @param loadDate the load date
   * @return rows in the companion table's schema ({@link io.quarentena.spark.TableColumns#HISTORY})
   */
  public static Dataset<Row> history(
      Dataset<Row> accepted, QuarantinePolicy policy, LocalDate loadDate) {
    RuleColumns rules = new RuleColumns(policy);
    Column loadDay = lit(loadDate);
    Column channel = col(CHANNEL);
    Column cap =
        coalesce(
            rules.threshold(channel).gt(lit(1)).and(rules.lastDayOffset(channel).isNotNull()),
            lit(false));
    Dataset<Row> counted = accepted.where(cap.and(counted(rules, loadDay)));
    WindowSpec key = Window.partitionBy(col(ID), channel);
    return oneRowPerContact(counted, key, LATEST_FIRST_ORDER)
        .select(
            col(ID),
            channel,
            col(CONTACT_DATE),
            col(SEND_ID),
            col(EMAIL),
            col(PHONE),
            col(SUBJECT),
            col(CATEGORY),
            loadDay.as(LOAD_DATE));
  }

  /**
   * The rows with one row per contact: its first row latest first. Ordered by send id first, the
   * rows of one send id are together, their first row first; the rows without one come last, latest
   * first, and identical rows are neighbours. So a row is the first of its contact when the row
   * before it is another contact. The window has the entries' key: it shares their shuffle and
   * costs a sort within each partition.
   */
  private static Dataset<Row> oneRowPerContact(
      Dataset<Row> counted, WindowSpec key, Column[] latestFirstOrder) {
    Column sendId = col(SEND_ID);
    Column[] sameValues = {col(CONTACT_DATE), col(SUBJECT), col(EMAIL), col(PHONE), col(CATEGORY)};
    Column[] identity = new Column[sameValues.length + 1];
    identity[0] = sendId;
    for (int i = 0; i < sameValues.length; i++) {
      identity[i + 1] = when(sendId.isNull(), sameValues[i]).as("_v" + i);
    }
    Column[] bySend = new Column[latestFirstOrder.length + 1];
    bySend[0] = sendId.asc_nulls_last();
    System.arraycopy(latestFirstOrder, 0, bySend, 1, latestFirstOrder.length);
    Column contact = struct(identity);
    Column previous = lag(contact, 1).over(key.orderBy(bySend));
    return counted.withColumn(FIRST, not(previous.eqNullSafe(contact))).where(col(FIRST));
  }

  /**
   * Whether a standard row can make or show an entry: it is accepted (no reject reason), it counts
   * on the load date, and it can still matter on that date (see {@link #entries}). Only these rows
   * need their customer, contact and dates once standardized; the others count in the summary and
   * the rejects only.
   *
   * @param policy the policy
   * @param loadDate the load date
   * @return a non-null BOOLEAN column over standard rows
   */
  public static Column needed(QuarantinePolicy policy, LocalDate loadDate) {
    return col(TableColumns.REASON).isNull().and(counted(new RuleColumns(policy), lit(loadDate)));
  }

  private static Column counted(RuleColumns rules, Column loadDay) {
    Column channel = col(CHANNEL);
    return rules
        .counts(channel, col(CATEGORY), col(REVOKED_ON), loadDay)
        .and(inPeriod(rules, channel, loadDay));
  }

  /**
   * Whether a contact can still matter on the load date: its rule is open-ended (or unknown), or
   * its date plus L is on or after the load date.
   */
  private static Column inPeriod(RuleColumns rules, Column channel, Column loadDay) {
    Column offset = rules.lastDayOffset(channel);
    return offset.isNull().or(date_add(col(CONTACT_DATE), offset).geq(loadDay));
  }
}

package io.quarentena.spark;

import static io.quarentena.spark.TableColumns.CATEGORY;
import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.ID;
import static io.quarentena.spark.TableColumns.LAST_DAY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.spark.internal.RuleColumns;
import io.quarentena.spark.internal.ValueColumns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.jspecify.annotations.Nullable;

/**
 * The batch form of {@link io.quarentena.Quarantine#isSuppressed}: removes the customers in
 * quarantine from a campaign audience, with the same answers. An entry blocks a send on channel C
 * on date X when its rule's scope covers C, the send's category is not exempt from that rule, and X
 * is on or before the entry's last day (always, when open-ended). Entries of a channel the policy
 * does not know block every channel (fail closed), as in the in-process check.
 *
 * <pre>{@code
 * SparkQuarantine quarantine = SparkQuarantine.of(policy,
 *     QuarantineTable.of(spark, "main.crm.quarentena_global").entries(loadDate));
 * Dataset<Row> sendable = quarantine.excludeSuppressed(audience, Channel.MARKETING, sendDate);
 * }</pre>
 */
public final class SparkQuarantine {

  private static final String ENTRY_ID = "_q_id_cliente";
  private static final String ENTRY_CHANNEL = "_q_canal";

  private final QuarantinePolicy policy;
  private final Dataset<Row> entries;

  private SparkQuarantine(QuarantinePolicy policy, Dataset<Row> entries) {
    this.policy = policy;
    this.entries = entries;
  }

  /**
   * A check over entries of one load date.
   *
   * @param policy the policy whose scopes and exemptions apply
   * @param entries rows with at least id_cliente, canal and saida_prevista (the table's schema)
   * @return the check
   */
  public static SparkQuarantine of(QuarantinePolicy policy, Dataset<Row> entries) {
    if (policy == null || entries == null) {
      throw new IllegalArgumentException("policy and entries must not be null");
    }
    return new SparkQuarantine(policy, entries);
  }

  /**
   * The audience rows that may be contacted: those of customers without a blocking entry. The
   * customer is read from column {@code id_cliente}; the send's category from {@code categoria}
   * when the audience has that column.
   *
   * @param audience the campaign audience
   * @param channel the outbound channel; must have a rule in the policy
   * @param sendDate the day of the send
   * @return the audience without suppressed customers, same columns
   * @throws IllegalArgumentException if the channel has no rule, or the audience has no id_cliente
   */
  public Dataset<Row> excludeSuppressed(
      Dataset<Row> audience, Channel channel, LocalDate sendDate) {
    return excludeSuppressed(
        audience, ID, hasColumn(audience, CATEGORY) ? CATEGORY : null, channel, sendDate);
  }

  /**
   * The audience rows that may be contacted, with the audience's own column names.
   *
   * @param audience the campaign audience
   * @param customerIdColumn the audience's customer id column (text or whole numbers)
   * @param categoryColumn the audience's category column, or null when sends have no category
   * @param channel the outbound channel; must have a rule in the policy
   * @param sendDate the day of the send
   * @return the audience without suppressed customers, same columns
   */
  public Dataset<Row> excludeSuppressed(
      Dataset<Row> audience,
      String customerIdColumn,
      @Nullable String categoryColumn,
      Channel channel,
      LocalDate sendDate) {
    policy.rule(channel); // an unknown outbound channel is an error, never a silent pass
    if (!hasColumn(audience, customerIdColumn)) {
      throw new IllegalArgumentException(
          "the audience has no column '"
              + customerIdColumn
              + "'; its columns: "
              + List.of(audience.columns())
              + ". Name the customer id column.");
    }
    if (categoryColumn != null && !hasColumn(audience, categoryColumn)) {
      throw new IllegalArgumentException(
          "the audience has no category column '"
              + categoryColumn
              + "'; its columns: "
              + List.of(audience.columns()));
    }
    Column audienceId = audience.col(customerIdColumn);
    DataType idType = audience.select(audienceId).schema().fields()[0].dataType();
    Column customer = ValueColumns.customerId(audienceId, idType, customerIdColumn).value();

    Dataset<Row> blocking =
        entries
            .where(
                blocksChannel(col(CHANNEL), channel)
                    .and(col(LAST_DAY).isNull().or(col(LAST_DAY).geq(lit(sendDate)))))
            .select(col(ID).as(ENTRY_ID), col(CHANNEL).as(ENTRY_CHANNEL));

    Column match = customer.equalTo(blocking.col(ENTRY_ID));
    if (categoryColumn != null) {
      match =
          match.and(
              not(
                  new RuleColumns(policy)
                      .exempts(blocking.col(ENTRY_CHANNEL), audience.col(categoryColumn))));
    }
    return audience.join(blocking, match, "left_anti");
  }

  /** Entries whose channel's rule covers the outbound channel, or whose channel has no rule. */
  private Column blocksChannel(Column entryChannel, Channel outbound) {
    List<String> covering = new ArrayList<>();
    List<String> known = new ArrayList<>();
    for (QuarantineRule r : policy.rules()) {
      known.add(r.channel().id());
      if (r.scope().covers(outbound)) {
        covering.add(r.channel().id());
      }
    }
    return entryChannel.isin(covering.toArray()).or(not(entryChannel.isin(known.toArray())));
  }

  private static boolean hasColumn(Dataset<Row> ds, String name) {
    for (String c : ds.columns()) {
      if (c.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}

package io.quarentena.spark.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The policy's rules as Spark columns, generated from the core rule objects: every rule is its
 * threshold K, its last-day offset L (null when open-ended) and its exempt categories, chosen per
 * row by the row's channel. There is no second definition of a rule here: change a rule in the core
 * and both engines follow.
 *
 * <pre>{@code
 * RuleColumns rules = new RuleColumns(policy);
 * Column k = rules.threshold(col("canal"));          // CASE canal WHEN 'CRM' THEN 1 ... END
 * Column counted = rules.counts(col("canal"), col("categoria"), col("data_exclus"), loadDate);
 * }</pre>
 */
public final class RuleColumns {

  private final List<QuarantineRule> rules;

  /**
   * The columns of a policy.
   *
   * @param policy the policy
   */
  public RuleColumns(QuarantinePolicy policy) {
    this.rules = policy.rules();
  }

  /**
   * K for the row's channel: how many counted contacts put a customer in quarantine.
   *
   * @param channel the channel column
   * @return an INT column, null for a channel without a rule
   */
  public Column threshold(Column channel) {
    return perChannel(channel, r -> lit(r.threshold()));
  }

  /**
   * L for the row's channel: the last day is the K-th most recent counted contact plus L.
   *
   * @param channel the channel column
   * @return an INT column, null when the rule is open-ended
   */
  public Column lastDayOffset(Column channel) {
    return perChannel(
        channel,
        r -> {
          OptionalInt l = r.lastDayOffset();
          return l.isPresent() ? lit(l.getAsInt()) : lit(null).cast(DataTypes.IntegerType);
        });
  }

  /**
   * Whether the row's channel rule is open-ended.
   *
   * @param channel the channel column
   * @return a BOOLEAN column
   */
  public Column openEnded(Column channel) {
    return coalesce(perChannel(channel, r -> lit(r.isOpenEnded())), lit(false));
  }

  /**
   * Whether the rule of {@code ruleChannel} exempts a category, as {@link
   * QuarantineRule#exempts(String)}: compared trimmed and lower-case; null or blank is never
   * exempt.
   *
   * @param ruleChannel the channel whose rule applies
   * @param category the category column
   * @return a non-null BOOLEAN column
   */
  public Column exempts(Column ruleChannel, Column category) {
    Column normalized = lower(ValueColumns.trimmed(category));
    return coalesce(
        perChannel(
            ruleChannel,
            r ->
                r.exemptCategories().isEmpty()
                    ? lit(false)
                    : normalized.isin(new TreeSet<>(r.exemptCategories()).toArray())),
        lit(false));
  }

  /**
   * Whether a contact counts on the load date, as {@link QuarantineRule#counts}: its category is
   * not exempt and, for an open-ended rule, it is not revoked on or before the load date.
   *
   * @param channel the channel column
   * @param category the category column
   * @param revokedOn the revocation date column ({@code data_exclus})
   * @param loadDate the load date as a DATE column
   * @return a non-null BOOLEAN column
   */
  public Column counts(Column channel, Column category, Column revokedOn, Column loadDate) {
    Column notRevoked =
        lastDayOffset(channel).isNotNull().or(revokedOn.isNull()).or(revokedOn.gt(loadDate));
    return coalesce(not(exempts(channel, category)).and(notRevoked), lit(false));
  }

  /**
   * The channels of the rules, in rule order.
   *
   * @return the channel ids
   */
  public List<String> channelIds() {
    List<String> ids = new ArrayList<>();
    for (QuarantineRule r : rules) {
      ids.add(r.channel().id());
    }
    return ids;
  }

  private Column perChannel(Column channel, Function<QuarantineRule, Column> value) {
    Column out = null;
    for (QuarantineRule r : rules) {
      Column test = channel.equalTo(lit(r.channel().id()));
      out = out == null ? when(test, value.apply(r)) : out.when(test, value.apply(r));
    }
    if (out == null) {
      throw new IllegalStateException("a policy has at least one rule");
    }
    return out;
  }
}

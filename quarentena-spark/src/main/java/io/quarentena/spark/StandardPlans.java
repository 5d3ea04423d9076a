package io.quarentena.spark;

import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.internal.EntryPlan;
import io.quarentena.spark.internal.Standardizer;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The pipeline's steps as Dataset transforms, for code that composes its own run from them (the
 * job's simulation compares two policies over one scan of each source): a source's rows
 * standardized and checked, which standard rows can make an entry, and the entries and history of
 * accepted rows under a policy. {@link QuarantinePipeline} is these steps put together; the rules
 * are the same objects in both.
 *
 * <pre>{@code
 * Dataset<Row> rows = StandardPlans.checked(spec, raw, policy, loadDate, zone);
 * Dataset<Row> accepted = rows.where(col(TableColumns.REASON).isNull());
 * Dataset<Row> entries = StandardPlans.entries(accepted, policy, loadDate);
 * }</pre>
 */
public final class StandardPlans {

  private StandardPlans() {}

  /**
   * A source's rows in the standard columns, each with its reject reason (null when accepted).
   *
   * @param spec the source's spec
   * @param raw the source's rows
   * @param policy the policy: its channels are the known ones
   * @param loadDate the load date
   * @param zone the zone timestamps are seen in, unless the spec names one
   * @return fonte, canal, id_cliente, email, telefone, assunto, categoria, data_envio, data_exclus,
   *     id_envio, motivo, detalhe, and two columns of the pipeline's own (the raw row of a reject,
   *     and whether a value held U+FFFD)
   * @throws IllegalArgumentException naming the source and the key, when a mapping, the filter or a
   *     column type does not fit the source
   */
  public static Dataset<Row> checked(
      SourceSpec spec, Dataset<Row> raw, QuarantinePolicy policy, LocalDate loadDate, ZoneId zone) {
    return new Standardizer(policy, loadDate, zone).checked(spec, raw);
  }

  /**
   * Whether a standard row can make or show an entry on the load date: accepted, counted on that
   * date, and still able to matter then.
   *
   * @param policy the policy
   * @param loadDate the load date
   * @return a non-null BOOLEAN column over standard rows
   */
  public static Column needed(QuarantinePolicy policy, LocalDate loadDate) {
    return EntryPlan.needed(policy, loadDate);
  }

  /**
   * The entries of accepted standard rows under a policy: the quarantine table's rows.
   *
   * @param accepted standard rows without a reject reason
   * @param policy the policy
   * @param loadDate the load date
   * @return rows in the table's schema ({@link TableColumns#ENTRIES})
   */
  public static Dataset<Row> entries(
      Dataset<Row> accepted, QuarantinePolicy policy, LocalDate loadDate) {
    return EntryPlan.entries(accepted, policy, loadDate);
  }

  /**
   * The history of accepted standard rows under a policy: the counted contacts a later send could
   * still complete a frequency cap with.
   *
   * @param accepted standard rows without a reject reason
   * @param policy the policy
   * @param loadDate the load date
   * @return rows in the companion table's schema ({@link TableColumns#HISTORY})
   */
  public static Dataset<Row> history(
      Dataset<Row> accepted, QuarantinePolicy policy, LocalDate loadDate) {
    return EntryPlan.history(accepted, policy, loadDate);
  }
}

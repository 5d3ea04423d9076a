package io.quarentena.spark.internal;

import static io.quarentena.spark.TableColumns.CATEGORY;
import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.CONTACT_DATE;
import static io.quarentena.spark.TableColumns.DETAIL;
import static io.quarentena.spark.TableColumns.EMAIL;
import static io.quarentena.spark.TableColumns.ID;
import static io.quarentena.spark.TableColumns.LOAD_DATE;
import static io.quarentena.spark.TableColumns.PHONE;
import static io.quarentena.spark.TableColumns.RAW;
import static io.quarentena.spark.TableColumns.REASON;
import static io.quarentena.spark.TableColumns.REVOKED_ON;
import static io.quarentena.spark.TableColumns.SEND_ID;
import static io.quarentena.spark.TableColumns.SOURCE;
import static io.quarentena.spark.TableColumns.SUBJECT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.SourceSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard rows of one run and what is derived from them: the rows the entries are computed
 * from, the rejects, and the rows the summary counts. Built once from the sources by a {@link
 * Builder}; the run reads them and nothing else, and they carry their load date and policy, so no
 * caller passes those again.
 *
 * <p>What is persisted is slim, seven columns per source row: its source ({@code fonte}), channel
 * ({@code canal}), reject reason ({@code motivo}), the flag {@link #NEEDED} and the flag {@link
 * Standardizer#REPLACED} (a text value holds U+FFFD: the summary counts those rows); the columns
 * the entries read are in one struct, {@link #ENTRY}, set only on the rows the entries need (see
 * {@link EntryPlan#needed}); the columns the rejects read (detail, raw values as JSON, and the
 * e-mail and phone that PII minimisation looks for in them) are in another, {@link #REJECT}, set
 * only on rejects. Most accepted rows are contacts too old to matter on the load date, so most rows
 * persist as three short strings, two booleans and two nulls: the cache is small and quick to
 * build, and seven columns cost far less to encode than thirteen. The raw values become JSON in the
 * last projection before the union, as JSON is not generated code.
 *
 * <p>At storage level NONE nothing is persisted and the entries come from a plan of their own per
 * source ({@link Standardizer#accepted}), which computes only what the entries read.
 */
public final class StandardRows {

  private static final Logger LOG = LoggerFactory.getLogger(StandardRows.class);

  /** The flag on persisted rows: the entries need this row. */
  private static final String NEEDED = "_needed";

  /** The struct of persisted rows holding what the entries read, on needed rows only. */
  private static final String ENTRY = "_entry";

  /** The columns of {@link #ENTRY}: what the entry plan reads besides the channel. */
  private static final List<String> ENTRY_COLUMNS =
      List.of(ID, EMAIL, PHONE, SUBJECT, CATEGORY, CONTACT_DATE, REVOKED_ON, SEND_ID);

  /** The struct of persisted rows holding what the rejects read, on rejects only. */
  private static final String REJECT = "_reject";

  /** The entry struct, over a source's checked rows. */
  private static final Column ENTRY_STRUCT =
      struct(ENTRY_COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new));

  /** The entries' rows out of slim rows: canal and the entry columns. */
  private static final Column[] ENTRY_PROJECTION =
      Stream.concat(
              Stream.of(col(CHANNEL)),
              ENTRY_COLUMNS.stream().map(name -> col(ENTRY).getField(name).as(name)))
          .toArray(Column[]::new);

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final Dataset<Row> rows;
  private final Dataset<Row> entryRows;

  private StandardRows(
      QuarantinePolicy policy, LocalDate loadDate, Dataset<Row> rows, Dataset<Row> entryRows) {
    this.policy = policy;
    this.loadDate = loadDate;
    this.rows = rows;
    this.entryRows = entryRows;
  }

  /**
   * A builder of the standard rows of a run.
   *
   * @param standardizer the run's standardizer: its policy and load date
   * @param storageLevel how the rows are persisted; NONE persists nothing
   * @return a builder to add the sources to
   */
  public static Builder builder(Standardizer standardizer, StorageLevel storageLevel) {
    return new Builder(standardizer, storageLevel);
  }

  /**
   * The policy the rows were checked against.
   *
   * @return the policy
   */
  public QuarantinePolicy policy() {
    return policy;
  }

  /**
   * The load date the rows were checked for.
   *
   * @return the load date ({@code data_carga})
   */
  public LocalDate loadDate() {
    return loadDate;
  }

  /**
   * Every row, for the summary's counts.
   *
   * @return fonte, canal, motivo, the needed flag, {@link Standardizer#REPLACED} and the structs
   */
  public Dataset<Row> rows() {
    return rows;
  }

  /**
   * The rows the entries are computed from.
   *
   * @return canal and the entry columns: id_cliente, email, telefone, assunto, categoria,
   *     data_envio, data_exclus, id_envio
   */
  public Dataset<Row> entryRows() {
    return entryRows;
  }

  /**
   * The rejects.
   *
   * @return fonte, canal, motivo, detalhe, valores, data_carga
   */
  public Dataset<Row> rejects() {
    return rows.where(col(REASON).isNotNull()).select(rejectColumns(false));
  }

  /**
   * The rejects with the row's standard e-mail and phone, for PII minimisation of the raw values.
   *
   * @return the rejects' columns, then email and telefone
   */
  public Dataset<Row> rejectsWithContacts() {
    return rows.where(col(REASON).isNotNull()).select(rejectColumns(true));
  }

  private Column[] rejectColumns(boolean withContacts) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(SOURCE));
    columns.add(col(CHANNEL));
    columns.add(col(REASON));
    columns.add(col(REJECT).getField(DETAIL).as(DETAIL));
    columns.add(col(REJECT).getField(RAW).as(RAW));
    columns.add(lit(loadDate).as(LOAD_DATE));
    if (withContacts) {
      columns.add(col(REJECT).getField(EMAIL).as(EMAIL));
      columns.add(col(REJECT).getField(PHONE).as(PHONE));
    }
    return columns.toArray(new Column[0]);
  }

  /** Releases the persisted rows; the datasets stay usable but are recomputed. */
  public void release() {
    rows.unpersist(false);
  }

  /** Adds the sources one by one, then persists their union once. */
  public static final class Builder {
    private final Standardizer standardizer;
    private final StorageLevel storageLevel;
    private final boolean persist;

    /** Whether a row is needed by the entries: built once, for every source. */
    private final Column needed;

    private @Nullable Dataset<Row> rows;
    private @Nullable Dataset<Row> accepted;

    private Builder(Standardizer standardizer, StorageLevel storageLevel) {
      this.standardizer = standardizer;
      this.storageLevel = storageLevel;
      this.persist = !storageLevel.equals(StorageLevel.NONE());
      this.needed = EntryPlan.needed(standardizer.policy(), standardizer.loadDate());
    }

    /**
     * Adds one source.
     *
     * @param spec the source's spec
     * @param raw its rows
     * @return this builder
     * @throws IllegalArgumentException naming the source and key, when the spec does not fit
     */
    public Builder add(SourceSpec spec, Dataset<Row> raw) {
      Dataset<Row> slim = slim(spec, standardizer.checked(spec, raw));
      rows = rows == null ? slim : rows.union(slim);
      if (!persist) {
        // The entries straight from each source's accepted rows, a plan of their own that
        // computes each value once and nothing the entries do not read.
        Dataset<Row> ok = standardizer.accepted(spec, raw);
        accepted = accepted == null ? ok : accepted.union(ok);
      }
      return this;
    }

    /**
     * The rows of the sources added, persisted at the storage level.
     *
     * @return the run's standard rows
     * @throws IllegalStateException when no source was added
     */
    public StandardRows build() {
      if (rows == null) {
        throw new IllegalStateException("no source was added to the standard rows");
      }
      QuarantinePolicy policy = standardizer.policy();
      LocalDate loadDate = standardizer.loadDate();
      if (!persist) {
        LOG.info(
            "Standard rows not persisted (storage level NONE): each output of the run scans the"
                + " sources again");
        return new StandardRows(policy, loadDate, rows, accepted);
      }
      Dataset<Row> persisted = rows.persist(storageLevel);
      return new StandardRows(
          policy, loadDate, persisted, persisted.where(col(NEEDED)).select(ENTRY_PROJECTION));
    }

    /** One source's checked rows as they are persisted (the class comment says why). */
    private Dataset<Row> slim(SourceSpec spec, Dataset<Row> checked) {
      return checked.select(
          col(SOURCE),
          col(CHANNEL),
          col(REASON),
          needed.as(NEEDED),
          col(Standardizer.REPLACED),
          when(needed, ENTRY_STRUCT).as(ENTRY),
          when(
                  col(REASON).isNotNull(),
                  struct(col(DETAIL), standardizer.rawJson(spec).as(RAW), col(EMAIL), col(PHONE)))
              .as(REJECT));
    }
  }
}

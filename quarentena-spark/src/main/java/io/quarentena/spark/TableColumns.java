package io.quarentena.spark;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column names and schemas of the quarantine and rejects tables, in one public place: what a
 * pipeline, a job or a reader of the tables names. The values are the tables' (Portuguese) column
 * names.
 *
 * <pre>{@code
 * spark.table("main.quarentena.quarentena_global")
 *     .where(col(TableColumns.CHANNEL).equalTo("email"))
 *     .select(TableColumns.ID, TableColumns.LAST_DAY);
 * }</pre>
 */
public final class TableColumns {

  /** {@code id_cliente}. */
  public static final String ID = "id_cliente";

  /** {@code canal}. */
  public static final String CHANNEL = "canal";

  /** {@code email}. */
  public static final String EMAIL = "email";

  /** {@code telefone}. */
  public static final String PHONE = "telefone";

  /** {@code assunto}. */
  public static final String SUBJECT = "assunto";

  /** {@code categoria}. */
  public static final String CATEGORY = "categoria";

  /** {@code data_envio}. */
  public static final String CONTACT_DATE = "data_envio";

  /** {@code data_exclus}. */
  public static final String REVOKED_ON = "data_exclus";

  /**
   * {@code id_envio}: the send's id, when the source has one (rows with one id are one contact).
   */
  public static final String SEND_ID = "id_envio";

  /** {@code qtd_dias}. */
  public static final String DAYS = "qtd_dias";

  /** {@code saida_prevista}. */
  public static final String LAST_DAY = "saida_prevista";

  /** {@code data_carga}. */
  public static final String LOAD_DATE = "data_carga";

  /** {@code fonte}: the source name, in rejects. */
  public static final String SOURCE = "fonte";

  /** {@code motivo}: the reason code, in rejects. */
  public static final String REASON = "motivo";

  /** {@code detalhe}: a sentence naming the value, in rejects. */
  public static final String DETAIL = "detalhe";

  /** {@code valores}: the raw source row as JSON, in rejects. */
  public static final String RAW = "valores";

  /** The columns a source maps to, in order: what a {@code SourceSpec} mapping may name. */
  public static final List<String> MAPPABLE =
      List.of(ID, EMAIL, PHONE, SUBJECT, CATEGORY, CONTACT_DATE, REVOKED_ON, SEND_ID);

  /** The mappable columns a source must provide. */
  public static final Set<String> REQUIRED = Set.of(ID, CONTACT_DATE);

  /** The quarantine table, in order. */
  public static final StructType ENTRIES =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(ID, DataTypes.StringType, false),
            DataTypes.createStructField(CHANNEL, DataTypes.StringType, false),
            DataTypes.createStructField(EMAIL, DataTypes.StringType, true),
            DataTypes.createStructField(PHONE, DataTypes.StringType, true),
            DataTypes.createStructField(SUBJECT, DataTypes.StringType, true),
            DataTypes.createStructField(CONTACT_DATE, DataTypes.DateType, true),
            DataTypes.createStructField(DAYS, DataTypes.IntegerType, true),
            DataTypes.createStructField(LAST_DAY, DataTypes.DateType, true),
            DataTypes.createStructField(LOAD_DATE, DataTypes.DateType, false)
          });

  /** The rejects table, in order. */
  public static final StructType REJECTS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SOURCE, DataTypes.StringType, false),
            DataTypes.createStructField(CHANNEL, DataTypes.StringType, true),
            DataTypes.createStructField(REASON, DataTypes.StringType, false),
            DataTypes.createStructField(DETAIL, DataTypes.StringType, true),
            DataTypes.createStructField(RAW, DataTypes.StringType, true),
            DataTypes.createStructField(LOAD_DATE, DataTypes.DateType, false)
          });

  /**
   * {@code _problema}: an optional column of a source's rows holding, for a row the reader could
   * not read whole (an unreadable spreadsheet cell), its reject reason and detail, of type {@link
   * #READ_PROBLEM_TYPE}; null on rows read whole. The pipeline rejects such a row with them.
   */
  public static final String READ_PROBLEM = "_problema";

  /** The type of {@link #READ_PROBLEM}: {@code motivo}, {@code detalhe}, both non-null. */
  public static final StructType READ_PROBLEM_TYPE =
      new StructType()
          .add(REASON, DataTypes.StringType, false)
          .add(DETAIL, DataTypes.StringType, false);

  /**
   * The history companion table ({@code <output>_contatos}), in order: the counted contacts a later
   * send could still complete a frequency cap with.
   */
  public static final StructType HISTORY =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(ID, DataTypes.StringType, false),
            DataTypes.createStructField(CHANNEL, DataTypes.StringType, false),
            DataTypes.createStructField(CONTACT_DATE, DataTypes.DateType, false),
            DataTypes.createStructField(SEND_ID, DataTypes.StringType, true),
            DataTypes.createStructField(EMAIL, DataTypes.StringType, true),
            DataTypes.createStructField(PHONE, DataTypes.StringType, true),
            DataTypes.createStructField(SUBJECT, DataTypes.StringType, true),
            DataTypes.createStructField(CATEGORY, DataTypes.StringType, true),
            DataTypes.createStructField(LOAD_DATE, DataTypes.DateType, false)
          });

  private TableColumns() {}
}

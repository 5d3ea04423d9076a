package io.quarentena.benchmarks.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;

import io.quarentena.connectors.excel.XlsxOptions;
import io.quarentena.connectors.excel.XlsxReader;
import io.quarentena.connectors.excel.XlsxRow;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The baseline: the article's job written by hand in Spark Dataset code, with the article's bugs
 * fixed (docs/rules.md), reading the benchmark's six files and writing the same Delta table. This
 * is what a careful engineer writes without the library, and what the library has to be at least as
 * fast as.
 *
 * <p>As the article does, each source is standardized and filtered on its own period ({@code
 * qtd_dias <= N}) before the union; the fixes are an explicit load date instead of {@code
 * current_date()}, {@code saida_prevista = data_envio + N}, fraud counted from {@code dt_inclus}
 * while {@code data_exclus} is null or after the load date, the Restritos timestamp taken as a date
 * in São Paulo, contacts after the load date left out, one row per (id_cliente, canal) with the
 * latest contact and ties broken by assunto, email, telefone (nulls last), and a rerun that
 * replaces the load date's rows ({@code replaceWhere}) instead of {@code INSERT INTO}.
 *
 * <p>The spreadsheet is read with the same streaming reader the library uses, so that the
 * comparison is about the Spark plan; the reader itself is measured on its own
 * (XlsxIngestionBenchmark). Dates from text use Spark's own cast (an unreadable date is null and
 * the row is left out). The periods are written here by hand, as the article has them; the time
 * zone of the session must be UTC (the benchmark's session sets it) for the Restritos dates.
 *
 * <pre>{@code
 * Dataset<Row> rows = HandWrittenJob.table(spark, files, LocalDate.parse("2024-05-28"));
 * HandWrittenJob.write(rows, Path.of("target/baseline_table"), LocalDate.parse("2024-05-28"));
 * }</pre>
 */
public final class HandWrittenJob {

  /** The zone the Restritos request timestamps are turned into dates in. */
  public static final String ZONE = "America/Sao_Paulo";

  private HandWrittenJob() {}

  /**
   * The table's rows for a load date, as a lazy plan over the six sources.
   *
   * @param spark the session (time zone UTC)
   * @param files the sources
   * @param asOf the load date
   * @return id_cliente, canal, email, telefone, assunto, data_envio, qtd_dias, saida_prevista,
   *     data_carga
   */
  public static Dataset<Row> table(
      SparkSession spark, BenchmarkData.Sources files, LocalDate asOf) {
    Column d = lit(asOf);
    // The article's filters, one per source, then the union.
    Dataset<Row> contacts = null;
    for (Source s : sources(spark, files, d)) {
      Dataset<Row> kept =
          s.rows().where(s.kept()).where(valid(d)).where(s.window()).select(STANDARD);
      contacts = contacts == null ? kept : contacts.unionAll(kept);
    }
    return latest(contacts, d);
  }

  /**
   * One source standardized by hand: its rows in the standard columns, what its own filter keeps,
   * and the window of its period.
   *
   * @param name the source's name
   * @param rows id_cliente, canal, email, telefone, assunto, data_envio, and the contact date as
   *     read ({@link #DATE_TEXT}, text)
   * @param kept true on the rows the source's own filter keeps (the sheet's {@code data_base})
   * @param window true on valid rows inside the source's period (fraud: not yet excluded)
   */
  record Source(String name, Dataset<Row> rows, Column kept, Column window) {}

  /** The column of {@link Source#rows()} holding the contact date as read, as text. */
  static final String DATE_TEXT = "_data_lida";

  /** The standard columns of {@link Source#rows()}, which the union and the window read. */
  static final Column[] STANDARD = {
    col("id_cliente"),
    col("canal"),
    col("email"),
    col("telefone"),
    col("assunto"),
    col("data_envio")
  };

  /**
   * The six sources, read and put into the standard columns as the article does.
   *
   * @param spark the session (time zone UTC)
   * @param files the sources
   * @param d the load date
   * @return crm, marketing, recomendacao, restritos, ofertas, fraude
   */
  static List<Source> sources(SparkSession spark, BenchmarkData.Sources files, Column d) {
    Dataset<Row> crm =
        readXlsx(spark, files.crmXlsx())
            .select(
                trim(col("id_cliente")).as("id_cliente"),
                lit("CRM").as("canal"),
                col("email"),
                col("telefone"),
                col("assunto"),
                expr("try_cast(data_envio AS DATE)").as("data_envio"),
                col("data_envio").as(DATE_TEXT),
                to_date(col("data_base")).equalTo(d).as("_data_base_ok"));

    Dataset<Row> marketing =
        readMarketing(spark, files.marketingCsv())
            .select(
                trim(col("id_cliente")).as("id_cliente"),
                lit("Marketing").as("canal"),
                col("email"),
                col("telefone"),
                col("subject").as("assunto"),
                expr("try_cast(data_envio AS DATE)").as("data_envio"),
                col("data_envio").as(DATE_TEXT));

    Dataset<Row> recomendacao =
        standard(spark.read().parquet(files.recomendacaoParquet().toString()), "Recomendacao");

    Dataset<Row> restritos =
        readRestritos(spark, files.restritosJson())
            .select(
                trim(col("id_cliente")).as("id_cliente"),
                lit("Restritos").as("canal"),
                col("contatos.email").as("email"),
                col("contatos.numero_telefone").as("telefone"),
                col("motivos.descricao").as("assunto"),
                to_date(
                        from_utc_timestamp(
                            expr("try_cast(contatos.data_solicitacao AS TIMESTAMP)"), ZONE))
                    .as("data_envio"),
                col("contatos.data_solicitacao").as(DATE_TEXT));

    Dataset<Row> ofertas =
        standard(spark.read().format("delta").load(files.ofertasDelta().toString()), "Ofertas");

    Dataset<Row> fraude =
        spark
            .read()
            .format("delta")
            .load(files.fraudeDelta().toString())
            .select(
                trim(col("id_cliente")).as("id_cliente"),
                lit("Fraude").as("canal"),
                col("email"),
                col("telefone"),
                lit("suspeita de fraude").as("assunto"),
                col("dt_inclus").as("data_envio"),
                col("dt_inclus").cast(DataTypes.StringType).as(DATE_TEXT),
                col("data_exclus"));

    Column all = lit(true);
    return List.of(
        new Source("crm", crm, col("_data_base_ok"), inPeriod(d, 30)),
        new Source("marketing", marketing, all, inPeriod(d, 7)),
        new Source("recomendacao", recomendacao, all, inPeriod(d, 15)),
        new Source("restritos", restritos, all, inPeriod(d, 90)),
        new Source("ofertas", ofertas, all, inPeriod(d, 5)),
        new Source(
            "fraude", fraude, all, col("data_exclus").isNull().or(col("data_exclus").gt(d))));
  }

  /**
   * The fix the article lacks: one row per (id_cliente, canal), the latest contact, in the table's
   * columns.
   *
   * @param contacts valid contacts inside their periods
   * @param d the load date
   * @return the table's rows
   */
  static Dataset<Row> latest(Dataset<Row> contacts, Column d) {
    Column rank =
        row_number()
            .over(
                Window.partitionBy(col("id_cliente"), col("canal"))
                    .orderBy(
                        col("data_envio").desc(),
                        col("assunto").asc_nulls_last(),
                        col("email").asc_nulls_last(),
                        col("telefone").asc_nulls_last()));
    Column period =
        expr(
            "CASE canal WHEN 'CRM' THEN 30 WHEN 'Marketing' THEN 7 WHEN 'Recomendacao' THEN 15"
                + " WHEN 'Restritos' THEN 90 WHEN 'Ofertas' THEN 5 END");
    return contacts
        .withColumn("_rank", rank)
        .where(col("_rank").equalTo(1))
        .select(
            col("id_cliente"),
            col("canal"),
            col("email"),
            col("telefone"),
            col("assunto"),
            col("data_envio"),
            datediff(d, col("data_envio")).as("qtd_dias"),
            date_add(col("data_envio"), period).as("saida_prevista"),
            d.as("data_carga"));
  }

  /**
   * Writes the rows as the load date's partition of a Delta table partitioned by data_carga and
   * canal, replacing that date's rows in one commit.
   *
   * @param rows the table's rows
   * @param table the table directory
   * @param asOf the load date
   */
  public static void write(Dataset<Row> rows, Path table, LocalDate asOf) {
    replaceLoadDate(rows, table, asOf, "data_carga", "canal");
  }

  /**
   * Writes rows with a {@code data_carga} column as that load date's partition of a Delta table,
   * replacing that date's rows in one commit.
   *
   * @param rows the rows
   * @param table the table directory
   * @param asOf the load date
   * @param partitions the partition columns, data_carga first
   */
  static void replaceLoadDate(Dataset<Row> rows, Path table, LocalDate asOf, String... partitions) {
    rows.write()
        .format("delta")
        .mode("overwrite")
        .partitionBy(partitions)
        .option("replaceWhere", "data_carga = DATE'" + asOf + "'")
        .save(table.toString());
  }

  private static Dataset<Row> standard(Dataset<Row> source, String canal) {
    return source.select(
        trim(col("id_cliente")).as("id_cliente"),
        lit(canal).as("canal"),
        col("email"),
        col("telefone"),
        col("assunto"),
        col("data_envio"),
        col("data_envio").cast(DataTypes.StringType).as(DATE_TEXT));
  }

  /** What the article keeps of a row: an id, and a contact date not after the load date. */
  private static Column valid(Column d) {
    return col("id_cliente")
        .isNotNull()
        .and(col("id_cliente").notEqual(lit("")))
        .and(col("data_envio").isNotNull())
        .and(col("data_envio").leq(d));
  }

  private static Column inPeriod(Column d, int days) {
    return datediff(d, col("data_envio")).leq(lit(days));
  }

  /** The Marketing CSV as the article reads it: header, {@code ;}, every column text. */
  static Dataset<Row> readMarketing(SparkSession spark, Path file) {
    return spark.read().option("header", "true").option("sep", ";").csv(file.toString());
  }

  /** The nested JSON lines with their schema declared, so no inference pass reads them twice. */
  static Dataset<Row> readRestritos(SparkSession spark, Path file) {
    StructType restritosSchema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add(
                "contatos",
                new StructType()
                    .add("email", DataTypes.StringType)
                    .add("numero_telefone", DataTypes.StringType)
                    .add("data_solicitacao", DataTypes.StringType))
            .add("motivos", new StructType().add("descricao", DataTypes.StringType));
    return spark.read().schema(restritosSchema).json(file.toString());
  }

  /** The spreadsheet as text columns, read on the driver with the streaming reader. */
  static Dataset<Row> readXlsx(SparkSession spark, Path file) {
    List<Row> rows = new ArrayList<>();
    List<String> header;
    XlsxOptions options = XlsxOptions.builder().sourceName("crm").build();
    try (XlsxReader reader = XlsxReader.open(file, options)) {
      header = reader.header();
      for (XlsxRow row : reader) {
        Object[] values = new Object[header.size()];
        for (int c = 0; c < values.length; c++) {
          values[c] = row.get(c);
        }
        rows.add(RowFactory.create(values));
      }
    }
    StructType schema = new StructType();
    for (String name : header) {
      schema = schema.add(name, DataTypes.StringType);
    }
    return spark.createDataFrame(rows, schema);
  }
}

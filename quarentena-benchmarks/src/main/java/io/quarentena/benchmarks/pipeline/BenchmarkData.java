package io.quarentena.benchmarks.pipeline;

import io.quarentena.benchmarks.pipeline.SyntheticContacts.Contact;
import io.quarentena.benchmarks.pipeline.SyntheticContacts.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Writes the six sources of the article for a given number of contact events, in their real formats
 * and shapes (as {@code examples/SampleSources} has them, only large): the CRM spreadsheet (numeric
 * ids and phones, date cells, a {@code data_base} column), the Marketing Cloud CSV ({@code ;},
 * header, {@code subject}), the recommendations parquet, the restricted customers' nested JSON
 * lines (a request timestamp with offset), the offers Delta table and the fraud Delta table ({@code
 * dt_inclus}, {@code data_exclus}). The values come from {@link SyntheticContacts}, so the files
 * are the same on every run and machine.
 *
 * <p>The events are split 10% CRM (capped at {@value #XLSX_CAP} rows, the size of a real
 * spreadsheet), then of the rest 35% Marketing, 25% Recomendacao, 12% Restritos, 20% Ofertas and 8%
 * Fraude. The CSV and the JSON are single files, as an SFTP drop or an export is.
 *
 * <pre>{@code
 * BenchmarkData.Sources files = BenchmarkData.write(spark, Path.of("target/bench/1m"), 1_000_000);
 * System.out.println(files.sizes());
 * }</pre>
 */
public final class BenchmarkData {

  /** The load date the data is drawn around (the article's). */
  public static final LocalDate AS_OF = LocalDate.parse("2024-05-28");

  /** The seed of the published figures. */
  public static final long SEED = 20240528L;

  /** The most rows the CRM spreadsheet gets. */
  public static final int XLSX_CAP = 200_000;

  private static final String MARKER = "_GENERATED";
  private static final long ROWS_PER_FILE = 1_000_000L;
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  /**
   * How many rows each source holds.
   *
   * @param crm CRM spreadsheet rows
   * @param marketing Marketing CSV rows
   * @param recomendacao recommendations parquet rows
   * @param restritos restricted customers JSON lines
   * @param ofertas offers Delta rows
   * @param fraude fraud Delta rows
   */
  public record Sizes(
      long crm, long marketing, long recomendacao, long restritos, long ofertas, long fraude) {

    /**
     * All rows.
     *
     * @return the total
     */
    public long total() {
      return crm + marketing + recomendacao + restritos + ofertas + fraude;
    }

    /**
     * The rows Spark reads from files: every source but the spreadsheet.
     *
     * @return the file-source total
     */
    public long fileRows() {
      return total() - crm;
    }
  }

  /**
   * Where the sources were written.
   *
   * @param crmXlsx the CRM spreadsheet
   * @param marketingCsv the Marketing Cloud CSV file
   * @param recomendacaoParquet the recommendations parquet directory
   * @param restritosJson the restricted customers JSON lines file
   * @param ofertasDelta the offers Delta table directory
   * @param fraudeDelta the fraud Delta table directory
   * @param sizes the rows per source
   * @param asOf the load date the data is drawn around
   */
  public record Sources(
      Path crmXlsx,
      Path marketingCsv,
      Path recomendacaoParquet,
      Path restritosJson,
      Path ofertasDelta,
      Path fraudeDelta,
      Sizes sizes,
      LocalDate asOf) {}

  private BenchmarkData() {}

  /**
   * The rows per source for a number of events.
   *
   * @param events contact events in total
   * @return the split
   */
  public static Sizes sizes(long events) {
    if (events < 6) {
      throw new IllegalArgumentException(
          "events must be 6 or more (one per source), got " + events);
    }
    long crm = Math.min(XLSX_CAP, Math.max(1, events / 10));
    long rest = events - crm;
    long marketing = rest * 35 / 100;
    long recomendacao = rest * 25 / 100;
    long restritos = rest * 12 / 100;
    long ofertas = rest * 20 / 100;
    long fraude = rest - marketing - recomendacao - restritos - ofertas;
    return new Sizes(crm, marketing, recomendacao, restritos, ofertas, fraude);
  }

  /**
   * Writes the sources with the published seed and load date, unless {@code dir} already holds
   * exactly these (a marker file records what was written).
   *
   * @param spark a session with Delta enabled
   * @param dir the directory
   * @param events contact events in total
   * @return the files
   */
  public static Sources write(SparkSession spark, Path dir, long events) {
    return write(spark, dir, events, SEED, AS_OF);
  }

  /**
   * Writes the sources, unless {@code dir} already holds exactly these.
   *
   * @param spark a session with Delta enabled
   * @param dir the directory
   * @param events contact events in total
   * @param seed the seed
   * @param asOf the load date the dates are drawn around
   * @return the files
   */
  public static Sources write(
      SparkSession spark, Path dir, long events, long seed, LocalDate asOf) {
    Sizes sizes = sizes(events);
    Sources files =
        new Sources(
            dir.resolve("crm/crm_data.xlsx"),
            dir.resolve("marketing/marketing_" + asOf.toString().replace("-", "") + ".csv"),
            dir.resolve("recomendacao"),
            dir.resolve("restritos/restritos_data.json"),
            dir.resolve("ofertas"),
            dir.resolve("fraude"),
            sizes,
            asOf);
    String stamp = "events=" + events + " seed=" + seed + " asOf=" + asOf + " version=1\n";
    Path marker = dir.resolve(MARKER);
    try {
      if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
        return files;
      }
      deleteRecursively(dir);
      Files.createDirectories(dir);
      SyntheticContacts model = new SyntheticContacts(seed, events, asOf);
      writeCrm(model, sizes.crm(), asOf, files.crmXlsx());
      writeMarketing(spark, model, sizes.marketing(), files.marketingCsv());
      writeRecomendacao(spark, model, sizes.recomendacao(), files.recomendacaoParquet());
      writeRestritos(spark, model, sizes.restritos(), files.restritosJson());
      writeOfertas(spark, model, sizes.ofertas(), files.ofertasDelta());
      writeFraude(spark, model, sizes.fraude(), files.fraudeDelta());
      Files.writeString(marker, stamp);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark sources under " + dir, e);
    }
  }

  /** CRM: an xlsx as a spreadsheet program keeps it, written row by row (SXSSF). */
  static void writeCrm(SyntheticContacts model, long rows, LocalDate asOf, Path file)
      throws IOException {
    Files.createDirectories(file.getParent());
    // Shared strings, as Excel writes them (SXSSF writes inline strings unless told otherwise).
    try (SXSSFWorkbook wb = new SXSSFWorkbook(new XSSFWorkbook(), 200, true, true);
        OutputStream out = Files.newOutputStream(file)) {
      Sheet sheet = wb.createSheet("contatos");
      CellStyle dateStyle = wb.createCellStyle();
      dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
      String[] header = {"id_cliente", "email", "telefone", "assunto", "data_envio", "data_base"};
      Row h = sheet.createRow(0);
      for (int c = 0; c < header.length; c++) {
        h.createCell(c).setCellValue(header[c]);
      }
      LocalDate previous = asOf.minusDays(1);
      for (int i = 0; i < rows; i++) {
        Contact c = model.contact(Source.CRM, i);
        Row row = sheet.createRow(i + 1);
        if (c.id() != null) {
          if (c.id().startsWith("0")) {
            row.createCell(0).setCellValue(c.id()); // text: keeps its zeros
          } else {
            row.createCell(0).setCellValue(Double.parseDouble(c.id())); // a number, as Excel has it
          }
        }
        if (c.email() != null) {
          row.createCell(1).setCellValue(c.email());
        }
        if (c.phone() != null) {
          row.createCell(2).setCellValue(Double.parseDouble(c.phone()));
        }
        if (c.subject() != null) {
          row.createCell(3).setCellValue(c.subject());
        }
        if (c.date() != null) {
          Cell cell = row.createCell(4);
          cell.setCellValue(c.date());
          cell.setCellStyle(dateStyle);
        }
        Cell base = row.createCell(5);
        base.setCellValue(c.previousDataBase() ? previous : asOf);
        base.setCellStyle(dateStyle);
      }
      wb.write(out);
    }
  }

  /** Marketing Cloud: one {@code ;} separated file with a header, {@code subject}, text dates. */
  static void writeMarketing(SparkSession spark, SyntheticContacts model, long rows, Path file)
      throws IOException {
    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("telefone", DataTypes.StringType)
            .add("subject", DataTypes.StringType)
            .add("data_envio", DataTypes.StringType);
    MapFunction<Long, org.apache.spark.sql.Row> f =
        i -> {
          Contact c = model.contact(Source.MARKETING, i);
          String date =
              c.badDateText() ? "31/02/2024x" : c.date() == null ? null : c.date().toString();
          return RowFactory.create(c.id(), c.email(), c.phone(), c.subject(), date);
        };
    Dataset<org.apache.spark.sql.Row> ds = spark.range(0, rows, 1, 1).map(f, Encoders.row(schema));
    Path tmp = file.resolveSibling("_tmp_csv");
    ds.write().option("header", "true").option("sep", ";").csv(tmp.toString());
    moveSinglePart(tmp, ".csv", file);
  }

  /** Recommendations: parquet with the standard columns and DATE contact dates. */
  static void writeRecomendacao(SparkSession spark, SyntheticContacts model, long rows, Path dir) {
    standard(spark, model, Source.RECOMENDACAO, rows).write().parquet(dir.toString());
  }

  /** Offers: a Delta table with the standard columns. */
  static void writeOfertas(SparkSession spark, SyntheticContacts model, long rows, Path dir) {
    standard(spark, model, Source.OFERTAS, rows).write().format("delta").save(dir.toString());
  }

  private static Dataset<org.apache.spark.sql.Row> standard(
      SparkSession spark, SyntheticContacts model, Source source, long rows) {
    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("telefone", DataTypes.StringType)
            .add("assunto", DataTypes.StringType)
            .add("data_envio", DataTypes.DateType);
    MapFunction<Long, org.apache.spark.sql.Row> f =
        i -> {
          Contact c = model.contact(source, i);
          return RowFactory.create(c.id(), c.email(), c.phone(), c.subject(), sqlDate(c.date()));
        };
    return spark.range(0, rows, 1, files(rows)).map(f, Encoders.row(schema));
  }

  /** Restricted customers: nested JSON lines, the request as a timestamp with offset. */
  static void writeRestritos(SparkSession spark, SyntheticContacts model, long rows, Path file)
      throws IOException {
    StructType contatos =
        new StructType()
            .add("email", DataTypes.StringType)
            .add("numero_telefone", DataTypes.StringType)
            .add("data_solicitacao", DataTypes.StringType);
    StructType motivos = new StructType().add("descricao", DataTypes.StringType);
    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("contatos", contatos)
            .add("motivos", motivos);
    MapFunction<Long, org.apache.spark.sql.Row> f =
        i -> {
          Contact c = model.contact(Source.RESTRITOS, i);
          String requested =
              c.date() == null
                  ? null
                  : c.date()
                      + "T"
                      + LocalTime.ofSecondOfDay(c.secondOfDay()).format(HH_MM_SS)
                      + "-03:00";
          return RowFactory.create(
              c.id(),
              RowFactory.create(c.email(), c.phone(), requested),
              RowFactory.create(c.subject()));
        };
    Path tmp = file.resolveSibling("_tmp_json");
    spark.range(0, rows, 1, 1).map(f, Encoders.row(schema)).write().json(tmp.toString());
    moveSinglePart(tmp, ".json", file);
  }

  /** Fraud suspects: a Delta table with inclusion and exclusion dates. */
  static void writeFraude(SparkSession spark, SyntheticContacts model, long rows, Path dir) {
    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("telefone", DataTypes.StringType)
            .add("dt_inclus", DataTypes.DateType)
            .add("data_exclus", DataTypes.DateType);
    MapFunction<Long, org.apache.spark.sql.Row> f =
        i -> {
          Contact c = model.contact(Source.FRAUDE, i);
          return RowFactory.create(
              c.id(), c.email(), c.phone(), sqlDate(c.date()), sqlDate(c.revokedOn()));
        };
    spark
        .range(0, rows, 1, files(rows))
        .map(f, Encoders.row(schema))
        .write()
        .format("delta")
        .save(dir.toString());
  }

  private static int files(long rows) {
    return (int) Math.max(1, Math.min(16, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
  }

  private static java.sql.@Nullable Date sqlDate(@Nullable LocalDate d) {
    return d == null ? null : java.sql.Date.valueOf(d);
  }

  private static void moveSinglePart(Path tmp, String suffix, Path file) throws IOException {
    Path part;
    try (Stream<Path> s = Files.list(tmp)) {
      List<Path> parts =
          s.filter(p -> p.getFileName().toString().startsWith("part-"))
              .filter(p -> p.getFileName().toString().endsWith(suffix))
              .toList();
      if (parts.size() != 1) {
        throw new IllegalStateException("expected one part file in " + tmp + ", found " + parts);
      }
      part = parts.get(0);
    }
    Files.createDirectories(file.getParent());
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
    deleteRecursively(tmp);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

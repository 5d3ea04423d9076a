package io.quarentena.benchmarks.pipeline;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.job.SparkSources;
import io.quarentena.spark.QuarantinePipeline;
import io.quarentena.spark.QuarantineRun;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RejectsTable;
import io.quarentena.spark.SourceInput;
import io.quarentena.spark.SourceSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The library's way to the same table: five sources read as the hand-written job reads them (the
 * same Spark readers and options, so the comparison is about what happens after) and the
 * spreadsheet with the library's reader ({@link SparkSources#xlsx}, as its users read it; the
 * hand-written job makes a local relation of the sheet, as the article does with pandas), each with
 * the {@link SourceSpec} a user writes for it, through {@link QuarantinePipeline} with the default
 * policy and {@link QuarantineTable}.
 *
 * <pre>{@code
 * try (QuarantineRun run = LibraryJob.run(spark, files, asOf)) {
 *   QuarantineTable.of(spark, table.toString()).write(run.entries(), asOf);
 * }
 * }</pre>
 */
public final class LibraryJob {

  private LibraryJob() {}

  /** The pipeline of the benchmark: the default policy, São Paulo. */
  static final QuarantinePipeline PIPELINE =
      QuarantinePipeline.builder(QuarantinePolicy.defaults())
          .zone(ZoneId.of(HandWrittenJob.ZONE))
          .build();

  /**
   * The sources with their specs.
   *
   * @param spark the session
   * @param files the sources
   * @return the six inputs
   */
  public static List<SourceInput> inputs(SparkSession spark, BenchmarkData.Sources files) {
    SourceSpec crm =
        SourceSpec.forChannel("crm", Channel.CRM)
            .filter("to_date(data_base) = " + SourceSpec.LOAD_DATE_TOKEN)
            .build();
    SourceSpec marketing =
        SourceSpec.forChannel("marketing", Channel.MARKETING).map("assunto", "subject").build();
    SourceSpec recomendacao = SourceSpec.forChannel("recomendacao", Channel.RECOMENDACAO).build();
    SourceSpec restritos =
        SourceSpec.forChannel("restritos", Channel.RESTRITOS)
            .map("email", "contatos.email")
            .map("telefone", "contatos.numero_telefone")
            .map("assunto", "motivos.descricao")
            .map("data_envio", "contatos.data_solicitacao")
            .build();
    SourceSpec ofertas = SourceSpec.forChannel("ofertas", Channel.OFERTAS).build();
    SourceSpec fraude =
        SourceSpec.forChannel("fraude", Channel.FRAUDE)
            .map("data_envio", "dt_inclus")
            .constant("assunto", "suspeita de fraude")
            .build();
    Sources read = Sources.read(spark, files);
    return List.of(
        SourceInput.of(crm, read.crm()),
        SourceInput.of(marketing, read.marketing()),
        SourceInput.of(recomendacao, read.recomendacao()),
        SourceInput.of(restritos, read.restritos()),
        SourceInput.of(ofertas, read.ofertas()),
        SourceInput.of(fraude, read.fraude()));
  }

  /**
   * A run of the pipeline over the sources; close it.
   *
   * @param spark the session
   * @param files the sources
   * @param asOf the load date
   * @return the run
   */
  public static QuarantineRun run(SparkSession spark, BenchmarkData.Sources files, LocalDate asOf) {
    return PIPELINE.run(asOf, inputs(spark, files));
  }

  /**
   * The library as a contender: the table only ({@code withRejects} false), or the table, the
   * rejects table and the run summary, as a production job does.
   *
   * @param withRejects also write the rejects and compute the summary
   * @return the contender
   */
  static Contender contender(boolean withRejects) {
    return new Contender() {
      @Override
      public String name() {
        return withRejects ? "library+rejects" : "library";
      }

      @Override
      public Result run(
          SparkSession spark, BenchmarkData.Sources files, LocalDate asOf, Path table) {
        QuarantineRun run = LibraryJob.run(spark, files, asOf);
        try {
          Dataset<Row> entries = run.entries();
          OptionalLong rejected = OptionalLong.empty();
          QuarantineTable written = QuarantineTable.of(spark, table.toString());
          if (withRejects) {
            // In QuarantineJob's order: the counts first (its guard reads them before anything is
            // written), then the rejects, then the table, then the summary counted in the table.
            run.sources();
            RejectsTable.of(spark, table + "_rejects").write(run.rejects(), asOf);
          }
          written.write(entries, asOf);
          if (withRejects) {
            rejected = OptionalLong.of(run.summary(written).rejected());
          }
          // Released once the benchmark has looked at the plan, which reads the persisted rows.
          return new Result(entries, run::close, rejected);
        } catch (RuntimeException e) {
          run.close();
          throw e;
        }
      }
    };
  }

  /** The pipeline of a run that writes the table only: nothing persisted. */
  static final QuarantinePipeline TABLE_ONLY =
      QuarantinePipeline.builder(QuarantinePolicy.defaults())
          .zone(ZoneId.of(HandWrittenJob.ZONE))
          .storageLevel(StorageLevel.NONE())
          .build();

  /**
   * The library configured for the baseline's work, the table and nothing else: the standard rows
   * are not persisted ({@code storageLevel(StorageLevel.NONE())}), so the plan computes only what
   * the table reads. Its distance to {@code library} is what the persisted rows (which let the
   * rejects and the summary reuse the one scan) cost a run that writes the table only.
   *
   * @return the contender
   */
  static Contender tableOnly() {
    return new Contender() {
      @Override
      public String name() {
        return "library-table-only";
      }

      @Override
      public Result run(
          SparkSession spark, BenchmarkData.Sources files, LocalDate asOf, Path table) {
        try (QuarantineRun run = TABLE_ONLY.run(asOf, inputs(spark, files))) {
          Dataset<Row> entries = run.entries();
          QuarantineTable.of(spark, table.toString()).write(entries, asOf);
          return Result.of(entries);
        }
      }
    };
  }

  /**
   * The six sources as the library's contenders read them.
   *
   * @param crm the spreadsheet's rows, text, with {@code _linha}
   * @param marketing the CSV, text
   * @param recomendacao the parquet
   * @param restritos the JSON lines, with their nested schema
   * @param ofertas the offers Delta table
   * @param fraude the fraud Delta table
   */
  record Sources(
      Dataset<Row> crm,
      Dataset<Row> marketing,
      Dataset<Row> recomendacao,
      Dataset<Row> restritos,
      Dataset<Row> ofertas,
      Dataset<Row> fraude) {

    static Sources read(SparkSession spark, BenchmarkData.Sources files) {
      return new Sources(
          SparkSources.xlsx(spark, files.crmXlsx().toString()),
          HandWrittenJob.readMarketing(spark, files.marketingCsv()),
          spark.read().parquet(files.recomendacaoParquet().toString()),
          HandWrittenJob.readRestritos(spark, files.restritosJson()),
          spark.read().format("delta").load(files.ofertasDelta().toString()),
          spark.read().format("delta").load(files.fraudeDelta().toString()));
    }
  }
}

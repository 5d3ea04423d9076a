package example.consumer;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.QuarantinePipeline;
import io.quarentena.spark.QuarantineRun;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SourceInput;
import io.quarentena.spark.SourceSpec;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark team's own pipeline, from docs/spark.md alone: a session set up for Delta, one source of
 * a few contacts, the pipeline for a load date, and the quarantine table written at a path.
 * Prints the rows read back and exits non-zero when they are not the expected ones.
 */
public final class WriteQuarantine {

  private WriteQuarantine() {}

  public static void main(String[] args) {
    String path = args[0];
    SparkSession spark =
        SparkSession.builder()
            .appName("quarentena-consumer")
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    try {
      LocalDate loadDate = LocalDate.parse("2024-05-28");
      StructType schema =
          new StructType()
              .add("cliente", DataTypes.StringType)
              .add("enviado_em", DataTypes.StringType)
              .add("subject", DataTypes.StringType);
      Dataset<Row> crm =
          spark.createDataFrame(
              List.of(
                  RowFactory.create("0000000001", "20/05/2024", "Campanha de maio"),
                  RowFactory.create("0000000002", "10/05/2024", "Campanha de maio"),
                  RowFactory.create("0000000003", "01/01/2024", "Campanha antiga"),
                  RowFactory.create("", "20/05/2024", "sem cliente")),
              schema);
      SourceSpec spec =
          SourceSpec.forChannel("crm", Channel.CRM)
              .map("id_cliente", "cliente")
              .map("data_envio", "enviado_em")
              .map("assunto", "subject")
              .dateFormats("dd/MM/yyyy")
              .build();
      QuarantinePipeline pipeline = QuarantinePipeline.builder(QuarantinePolicy.defaults()).build();
      QuarantineTable table = QuarantineTable.forPath(spark, path);
      try (QuarantineRun run = pipeline.run(loadDate, SourceInput.of(spec, crm))) {
        table.write(run.entries(), loadDate);
        System.out.println(run.summary().toTable());
      }
      List<String> written =
          table.entries(loadDate).orderBy("id_cliente").select("id_cliente", "canal").collectAsList()
              .stream()
              .map(r -> r.getString(0) + " | " + r.getString(1))
              .toList();
      written.forEach(line -> System.out.println("written: " + line));
      List<String> expected = List.of("0000000001 | CRM", "0000000002 | CRM");
      if (!written.equals(expected)) {
        System.err.println("expected " + expected + ", the table at " + path + " holds " + written);
        System.exit(1);
      }
      System.out.println("quarantine table written at " + path);
    } finally {
      spark.stop();
    }
  }
}

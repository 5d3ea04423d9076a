package io.quarentena.benchmarks.index;

import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.benchmarks.pipeline.BenchSession;
import io.quarentena.spark.QuarantineSnapshots;
import io.quarentena.spark.QuarantineTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Load time of a snapshot from a Delta table written in the table's schema: {@code
 * QuarantineSnapshots.latestLoadDate().load(policy)} — the columns a decision needs of one
 * partition, streamed to the driver into the compact index. Median of three loads.
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl quarentena-benchmarks -am package exec:exec \
 *     -Dbench.mainClass=io.quarentena.benchmarks.index.SnapshotLoadBenchmark \
 *     -Dbench.args="10000000" -Dbench.heap=-Xmx8g
 * </pre>
 */
public final class SnapshotLoadBenchmark {

  private SnapshotLoadBenchmark() {}

  /**
   * Writes the table (once per size) and times the loads.
   *
   * @param args the number of rows, then optionally the work directory
   * @throws Exception when the table cannot be written
   */
  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
    Path work =
        args.length > 1
            ? Paths.get(args[1])
            : Paths.get("target", "snapshot-load").toAbsolutePath();
    SparkSession spark = BenchSession.create(2, work);
    try {
      Path table = work.resolve("quarentena_global-" + rows);
      if (!Files.exists(table.resolve("_delta_log"))) {
        long t = System.nanoTime();
        QuarantineTable.of(spark, table.toString()).write(rows(spark, rows), BenchData.LOAD);
        System.out.printf(
            Locale.ROOT, "wrote %,d rows in %.1f s%n", rows, (System.nanoTime() - t) / 1e9);
      }
      double[] seconds = new double[3];
      QuarantinePolicy policy = QuarantinePolicy.defaults();
      for (int r = 0; r < seconds.length; r++) {
        System.gc();
        long t = System.nanoTime();
        QuarantineIndex index =
            QuarantineSnapshots.from(spark, table.toString()).latestLoadDate().load(policy);
        seconds[r] = (System.nanoTime() - t) / 1e9;
        System.out.printf(
            Locale.ROOT, "load %d: %,d entries in %.2f s%n", r + 1, index.size(), seconds[r]);
      }
      Arrays.sort(seconds);
      System.out.printf(
          Locale.ROOT, "| %,d | %.2f | %,.0f |%n", rows, seconds[1], rows / seconds[1]);
    } finally {
      spark.stop();
    }
  }

  /** Rows in the table's schema, active on the load date, generated on the executors. */
  static Dataset<Row> rows(SparkSession spark, long n) {
    return spark
        .range(n)
        .selectExpr(
            "CAST(10000000000 + ((id * 2654435761) % 89999999999) AS STRING) AS id_cliente",
            "element_at(array('CRM','Marketing','Recomendacao','Restritos','Ofertas','Fraude'),"
                + " CAST(id % 6 AS INT) + 1) AS canal",
            "CAST(NULL AS STRING) AS email",
            "CAST(NULL AS STRING) AS telefone",
            "'benchmark' AS assunto",
            "CAST(id % 5 AS INT) AS age")
        .selectExpr(
            "id_cliente",
            "canal",
            "email",
            "telefone",
            "assunto",
            "date_sub(DATE'" + BenchData.LOAD + "', age) AS data_envio",
            "age AS qtd_dias",
            "CASE canal WHEN 'CRM' THEN date_add(date_sub(DATE'"
                + BenchData.LOAD
                + "', age), 30)"
                + " WHEN 'Marketing' THEN date_add(date_sub(DATE'"
                + BenchData.LOAD
                + "', age), 7)"
                + " WHEN 'Recomendacao' THEN date_add(date_sub(DATE'"
                + BenchData.LOAD
                + "', age), 15)"
                + " WHEN 'Restritos' THEN date_add(date_sub(DATE'"
                + BenchData.LOAD
                + "', age), 90)"
                + " WHEN 'Ofertas' THEN date_add(date_sub(DATE'"
                + BenchData.LOAD
                + "', age), 5)"
                + " END AS saida_prevista",
            "DATE'" + BenchData.LOAD + "' AS data_carga");
  }
}

package io.quarentena.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two runs writing the same load date at once: Delta's optimistic concurrency lets one commit win;
 * the table ends as exactly one of the two loads, never a mix, and a loser fails with a message
 * saying another run won.
 */
class ConcurrentWritersTest {

  static final LocalDate DAY = LocalDate.parse("2024-05-28");

  @RepeatedTest(2)
  void theTableEndsAsOneOfTheTwoLoadsNeverAMix() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = SparkTestSession.newDir("concurrent");
    QuarantineTable table = QuarantineTable.of(spark, dir.toString());
    table.write(CrashSafetyTest.entries(spark, 10, DAY), DAY);

    var a = CrashSafetyTest.entries(spark, 3_000, DAY).selectExpr("*").where("true");
    var b = CrashSafetyTest.entries(spark, 5_000, DAY).selectExpr("*").where("true");
    CyclicBarrier start = new CyclicBarrier(2);
    CompletableFuture<Throwable> first = write(table, a, start);
    CompletableFuture<Throwable> second = write(table, b, start);
    Throwable fa = first.get();
    Throwable fb = second.get();

    long rows = table.entries(DAY).count();
    assertThat(Set.of(3_000L, 5_000L)).contains(rows);
    assertThat(table.entries(DAY).select("id_cliente", "canal").distinct().count()).isEqualTo(rows);
    int failed = 0;
    for (Throwable f : java.util.Arrays.asList(fa, fb)) {
      if (f != null) {
        failed++;
        assertThat(f).hasMessageContaining("the table is unchanged");
        System.out.println("the losing writer was told: " + f.getMessage());
      }
    }
    assertThat(failed).as("at most one writer loses").isLessThanOrEqualTo(1);
    List<Long> ops =
        table
            .history()
            .where("operation <> 'CREATE TABLE'")
            .select("version")
            .as(Encoders.LONG())
            .collectAsList();
    assertThat(ops).isNotEmpty();
  }

  private static CompletableFuture<Throwable> write(
      QuarantineTable table,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows,
      CyclicBarrier start) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            start.await();
            table.write(rows, DAY);
            return null;
          } catch (Exception e) {
            return e;
          }
        });
  }
}

package io.quarentena.spark.reliability;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Two runs writing the same load date at once, on the shared session: Delta's optimistic
 * concurrency lets one commit win; the table ends as exactly one of the two loads, never a mix, and
 * the loser fails with a message saying another run won.
 *
 * <p>The overlap is forced, not hoped for: each write's rows pass a gate that opens only when the
 * tasks of both writes are running, so both Delta transactions have read the table before either
 * commits. Without the gate the two writes may simply run one after the other.
 */
class ConcurrentWritersTest {

  static final LocalDate DAY = LocalDate.parse("2024-05-28");

  /** The two writes' tasks wait here for each other. */
  private static volatile CountDownLatch gate = new CountDownLatch(0);

  /** The stages that already counted the gate down (one task per write). */
  private static final Set<Integer> STAGES = ConcurrentHashMap.newKeySet();

  @ParameterizedTest(name = "the load date is already in the table: {0}")
  @ValueSource(booleans = {true, false})
  void theTableEndsAsOneOfTheTwoLoadsNeverAMix(boolean dateAlreadyLoaded) throws Exception {
    SparkSession spark = SparkTestSession.get();
    QuarantineTable table =
        QuarantineTable.of(spark, SparkTestSession.newDir("concurrent").toString());
    table.create();
    if (dateAlreadyLoaded) {
      table.write(CrashSafetyTest.entries(spark, 10, DAY), DAY);
    }
    long versions = table.history().count();

    gate = new CountDownLatch(2);
    STAGES.clear();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Throwable> failures = new ArrayList<>();
    try {
      List<Future<?>> writes =
          List.of(
              pool.submit(() -> table.write(gated(spark, 3_000), DAY)),
              pool.submit(() -> table.write(gated(spark, 5_000), DAY)));
      for (Future<?> w : writes) {
        try {
          w.get(3, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(gate.getCount()).as("both writes were running at the same time").isZero();
    assertThat(failures).as("exactly one writer loses").hasSize(1);
    Throwable loser = failures.get(0);
    assertThat(loser)
        .hasMessageContaining("writing load date 2024-05-28 to the quarantine")
        .hasMessageContaining(
            "another run committed to the same load date at the same time and won")
        .hasMessageContaining("the table holds the other run's load of 2024-05-28, never a mix")
        .hasMessageContaining("Rerun this one");
    LoggerFactory.getLogger(ConcurrentWritersTest.class)
        .info("The losing writer was told: {}", loser.getMessage());

    long rows = table.entries(DAY).count();
    assertThat(rows).as("one load or the other, whole").isIn(3_000L, 5_000L);
    assertThat(table.entries(DAY).select("id_cliente", "canal").distinct().count()).isEqualTo(rows);
    assertThat(table.history().count()).as("one commit, the winner's").isEqualTo(versions + 1);
  }

  /** Generated entries in one task, held in it until the other write's task runs too. */
  private static Dataset<Row> gated(SparkSession spark, long rows) {
    UserDefinedFunction wait =
        functions
            .udf(
                (UDF1<String, Boolean>)
                    id -> {
                      if (STAGES.add(TaskContext.get().stageId())) {
                        gate.countDown();
                      }
                      gate.await(60, TimeUnit.SECONDS);
                      return true;
                    },
                DataTypes.BooleanType)
            .asNondeterministic();
    return CrashSafetyTest.entries(spark, rows, DAY)
        .coalesce(1)
        .where(wait.apply(col("id_cliente")));
  }
}

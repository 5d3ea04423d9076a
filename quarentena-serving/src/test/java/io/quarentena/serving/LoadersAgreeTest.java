package io.quarentena.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.Scope;
import io.quarentena.spark.QuarantineSnapshots;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.testing.ContactGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One table, two loaders: tables written by the project's own pipeline and {@link QuarantineTable}
 * — a rerun of a load date (replaceWhere), an {@code OPTIMIZE}, deletion vectors and a {@code
 * DELETE}, classic checkpoints; and a second table with column mapping ({@code name}), v2
 * checkpoints and deletion vectors — loaded through Delta Kernel ({@link DeltaSnapshots}) and
 * through Spark ({@link QuarantineSnapshots}) give identical decisions for every customer, channel,
 * date and category of a grid, under a generated policy with scopes, exemptions, a frequency cap
 * and open-ended rules. Runs on both Spark lines.
 */
class LoadersAgreeTest {

  static final LocalDate BEFORE = LocalDate.parse("2024-05-27");
  static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  static SparkSession spark;
  static QuarantinePolicy policy;
  static Set<String> customers;
  static Path classic;
  static long firstLoadVersion;
  static Path mapped;

  @BeforeAll
  static void writeTheTables() {
    spark = ServingSpark.get();
    ContactGenerator gen = new ContactGenerator(new Random(20240528L));
    policy =
        QuarantinePolicy.builder("generated")
            .rules(gen.policy().rules())
            .replace(QuarantineRule.openEnded(Channel.FRAUDE))
            .replace(
                QuarantineRule.fixedPeriod(Channel.MARKETING, 7)
                    .scopedTo(Scope.only(Channel.MARKETING, Channel.OFERTAS))
                    .exempting("transactional"))
            .replace(QuarantineRule.frequencyCap(Channel.OFERTAS, 2, 10))
            .build();
    List<ContactEvent> first = gen.events(policy, LOAD, 400);
    List<ContactEvent> rerun = gen.events(policy, LOAD, 400);
    List<ContactEvent> all = new ArrayList<>(first);
    all.addAll(rerun);
    customers = JobTables.customers(all);

    classic = ServingSpark.newDir("classic");
    QuarantineTable.of(spark, classic.toString()).create();
    JobTables.sql(
        spark, classic, "ALTER TABLE %s SET TBLPROPERTIES ('delta.checkpointInterval' = '3')");
    JobTables.write(spark, classic, policy, first, BEFORE);
    JobTables.write(spark, classic, policy, first, LOAD);
    firstLoadVersion = JobTables.version(spark, classic);
    JobTables.write(spark, classic, policy, rerun, LOAD); // a rerun: replaceWhere data_carga
    JobTables.sql(spark, classic, "OPTIMIZE %s");
    JobTables.sql(
        spark, classic, "ALTER TABLE %s SET TBLPROPERTIES ('delta.enableDeletionVectors' = true)");
    JobTables.sql(
        spark,
        classic,
        "DELETE FROM %s WHERE data_carga = DATE'2024-05-28' AND id_cliente LIKE '%%3'");

    mapped = ServingSpark.newDir("mapped");
    JobTables.sql(
        spark,
        mapped,
        "CREATE TABLE %s ("
            + QuarantineTable.schema().toDDL()
            + ") USING DELTA PARTITIONED BY (data_carga, canal) TBLPROPERTIES ("
            + "'delta.columnMapping.mode' = 'name', 'delta.checkpointPolicy' = 'v2',"
            + " 'delta.enableDeletionVectors' = true, 'delta.checkpointInterval' = '2')");
    JobTables.write(spark, mapped, policy, first, BEFORE);
    JobTables.write(spark, mapped, policy, rerun, LOAD);
    JobTables.sql(
        spark,
        mapped,
        "DELETE FROM %s WHERE data_carga = DATE'2024-05-28' AND id_cliente LIKE 'CLI-%%'");
  }

  @Test
  void theLatestLoadDateAfterARerunAnOptimizeAndADeleteWithDeletionVectors() {
    KernelTable.Plan plan = DeltaSnapshots.at(classic.toString()).table().plan(null, null);
    assertThat(plan.fileKeys()).as("a file with a deletion vector").anyMatch(k -> k.contains("#"));
    assertThat(JobTables.hasLogFile(classic, "\\d{20}\\.checkpoint\\.parquet"))
        .as("a classic checkpoint")
        .isTrue();
    QuarantineIndex kernel = DeltaSnapshots.at(classic.toString()).load(policy);
    QuarantineIndex fromSpark = QuarantineSnapshots.from(spark, classic.toString()).load(policy);
    assertThat(kernel.loadDate()).isEqualTo(LOAD);
    assertThat(kernel.entries("1000000003")).isEmpty(); // deleted
    JobTables.assertSameDecisions(kernel, fromSpark, policy, customers);
    // Read on the calling thread alone, or on more threads than files: the same snapshot.
    for (int threads : new int[] {1, 16}) {
      JobTables.assertSameDecisions(
          DeltaSnapshots.at(classic.toString()).readThreads(threads).load(policy),
          fromSpark,
          policy,
          customers);
    }
  }

  @Test
  void aGivenLoadDateAndTheVersionBeforeTheRerun() {
    JobTables.assertSameDecisions(
        DeltaSnapshots.at(classic.toString()).loadDate(BEFORE).load(policy),
        QuarantineSnapshots.from(spark, classic.toString()).loadDate(BEFORE).load(policy),
        policy,
        customers);
    QuarantineIndex kernel =
        DeltaSnapshots.at(classic.toString()).version(firstLoadVersion).load(policy);
    QuarantineIndex fromSpark =
        QuarantineSnapshots.from(spark, classic.toString()).version(firstLoadVersion).load(policy);
    assertThat(kernel.loadDate()).isEqualTo(LOAD);
    JobTables.assertSameDecisions(kernel, fromSpark, policy, customers);
  }

  @Test
  void columnMappingV2CheckpointsAndDeletionVectors() {
    assertThat(
            JobTables.hasLogFile(mapped, "\\d{20}\\.checkpoint\\.[0-9a-f-]{36}\\.(json|parquet)"))
        .as("a v2 checkpoint")
        .isTrue();
    QuarantineIndex kernel = DeltaSnapshots.at(mapped.toString()).load(policy);
    assertThat(kernel.loadDate()).isEqualTo(LOAD);
    assertThat(kernel.entries("CLI-1")).isEmpty();
    JobTables.assertSameDecisions(
        kernel, QuarantineSnapshots.from(spark, mapped.toString()).load(policy), policy, customers);
    JobTables.assertSameDecisions(
        DeltaSnapshots.at(mapped.toString()).loadDate(BEFORE).load(policy),
        QuarantineSnapshots.from(spark, mapped.toString()).loadDate(BEFORE).load(policy),
        policy,
        customers);
  }
}

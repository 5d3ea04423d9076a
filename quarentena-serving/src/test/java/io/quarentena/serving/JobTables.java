package io.quarentena.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.SuppressionDecision;
import io.quarentena.spark.QuarantinePipeline;
import io.quarentena.spark.QuarantineRun;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SourceInput;
import io.quarentena.spark.SourceSpec;
import io.quarentena.testing.EntryGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Tables written the way the job writes them — {@link QuarantinePipeline} over contact events, one
 * source per channel, and {@link QuarantineTable} replacing the load date — and the comparison of
 * two snapshots over a grid of (customer, channel, date, category).
 *
 * <pre>{@code
 * JobTables.write(spark, path, policy, events, loadDate);
 * JobTables.assertSameDecisions(kernel, spark, policy, JobTables.customers(events));
 * }</pre>
 */
final class JobTables {

  static final String SOURCE_DDL =
      "id_cliente STRING, email STRING, telefone STRING, assunto STRING, categoria STRING,"
          + " data_envio DATE, data_exclus DATE";

  private JobTables() {}

  /** Runs the pipeline over the events for a load date and replaces that date in the table. */
  static void write(
      SparkSession spark,
      Path table,
      QuarantinePolicy policy,
      List<ContactEvent> events,
      LocalDate loadDate) {
    QuarantinePipeline pipeline = QuarantinePipeline.builder(policy).build();
    try (QuarantineRun run = pipeline.run(loadDate, inputs(spark, policy, events))) {
      QuarantineTable.of(spark, table.toString()).write(run.entries(), loadDate);
    }
  }

  /** Runs a SQL statement on the table at a path ({@code %s} is the table's identifier). */
  static void sql(SparkSession spark, Path table, String statement) {
    spark.sql(String.format(Locale.ROOT, statement, "delta.`" + table + "`"));
  }

  /** The table's latest version. */
  static long version(SparkSession spark, Path table) {
    return QuarantineTable.of(spark, table.toString())
        .history()
        .selectExpr("max(version)")
        .first()
        .getLong(0);
  }

  /** Whether the table's log holds a file whose name matches a regular expression. */
  static boolean hasLogFile(Path table, String regex) {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.anyMatch(p -> p.getFileName().toString().matches(regex));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<SourceInput> inputs(
      SparkSession spark, QuarantinePolicy policy, List<ContactEvent> events) {
    List<SourceInput> inputs = new ArrayList<>();
    for (Channel channel : policy.channels()) {
      List<Row> rows = new ArrayList<>();
      for (ContactEvent e : events) {
        if (e.channel().equals(channel)) {
          rows.add(
              RowFactory.create(
                  e.customerId(),
                  e.email(),
                  e.phone(),
                  e.subject(),
                  e.category(),
                  e.contactDate(),
                  e.revokedOn()));
        }
      }
      inputs.add(
          SourceInput.of(
              SourceSpec.forChannel(channel.id().toLowerCase(Locale.ROOT), channel).build(),
              spark.createDataFrame(rows, StructType.fromDDL(SOURCE_DDL))));
    }
    return inputs;
  }

  /** Every customer of the events, the tricky ids of the generators, and ids never contacted. */
  static Set<String> customers(List<ContactEvent> events) {
    Set<String> ids = new TreeSet<>(EntryGenerator.TRICKY_IDS);
    for (ContactEvent e : events) {
      ids.add(e.customerId());
    }
    ids.add("5550000000");
    ids.add("CLI-never");
    return ids;
  }

  /**
   * Both snapshots answer alike for every customer, every channel of the policy, every day from
   * three days before the load date to 95 after, with no category, an exempt one and another.
   */
  static void assertSameDecisions(
      QuarantineIndex kernel, QuarantineIndex spark, QuarantinePolicy policy, Set<String> ids) {
    assertThat(kernel.loadDate()).isEqualTo(spark.loadDate());
    assertThat(kernel.size()).isEqualTo(spark.size());
    long checks = 0;
    for (String id : ids) {
      assertThat(kernel.entries(id)).as(id).isEqualTo(spark.entries(id));
      for (Channel channel : policy.channels()) {
        for (int day = -3; day <= 95; day++) {
          LocalDate date = kernel.loadDate().plusDays(day);
          for (String category : new String[] {null, "transactional", "promo"}) {
            assertThat(decision(kernel.check(id, channel, date, category)))
                .as("%s on %s on %s (%s)", id, channel, date, category)
                .isEqualTo(decision(spark.check(id, channel, date, category)));
            checks++;
          }
        }
      }
    }
    assertThat(checks).isGreaterThan(1000);
  }

  private static List<Object> decision(SuppressionDecision d) {
    List<Object> blocks = new ArrayList<>();
    for (SuppressionDecision.Block b : d.blockedBy()) {
      QuarantineEntry e = b.entry();
      blocks.add(List.of(e.channel(), e.contactDate(), String.valueOf(e.lastDay()), b.rule()));
    }
    return List.of(d.suppressed(), String.valueOf(d.contactableFrom()), blocks);
  }
}

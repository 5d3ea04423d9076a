package io.quarentena.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.internal.StandardRows;
import io.quarentena.spark.internal.Standardizer;
import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The summary's counts without a second scan: the rows read and accepted are observed during each
 * source's one scan, the rejects counted over the persisted rows, and the two together equal a
 * recount of every row. Seeded rows with every kind of problem (missing, blank, non-digit and
 * scientific ids; unparseable, blank, missing and future dates; unknown, missing and blank
 * channels; U+FFFD in a value), in a source with a fixed channel and in one with a channel column.
 * All trials run in one Spark computation: trial t's sources are named {@code <name>-t<t>}.
 */
class RunCountsTest {

  private static final int TRIALS = 4;
  private static final int ROWS = 60;
  private static final LocalDate LOAD_DATE = LocalDate.parse("2024-05-28");
  private static final QuarantinePolicy POLICY = QuarantinePolicy.defaults();
  private static final DateTimeFormatter BR = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final String FFFD = String.valueOf((char) 0xFFFD);

  private static final List<SourceInput> INPUTS = new ArrayList<>();
  private static StandardRows.Counts recounted;
  private static StandardRows.Counts afterTheEntries;
  private static StandardRows.Counts first;

  @BeforeAll
  static void countEveryTrialInOneComputation() {
    Seeds.forEach(
        TRIALS,
        random -> {
          int t = INPUTS.size() / 2;
          INPUTS.add(fixedChannelSource(random, t));
          INPUTS.add(channelColumnSource(random, t));
        });
    recounted = standard(StorageLevel.NONE()).counts();

    StandardRows job = standard(StorageLevel.MEMORY_AND_DISK());
    try {
      job.entryRows().count(); // as the job does: the table is written first
      afterTheEntries = job.counts();
    } finally {
      job.release();
    }
    StandardRows summaryFirst = standard(StorageLevel.MEMORY_AND_DISK());
    try {
      first = summaryFirst.counts();
    } finally {
      summaryFirst.release();
    }
  }

  @Test
  void observedCountsEqualARecountOfEveryRow() {
    assertThat(recounted.recounted()).isTrue();
    assertThat(afterTheEntries.recounted()).as("a second scan was needed").isFalse();
    assertThat(first.recounted()).as("a second scan was needed").isFalse();
    int[] trial = {0};
    Seeds.forEach(
        TRIALS,
        random -> {
          String suffix = "-t" + trial[0]++;
          assertThat(cells(afterTheEntries, suffix))
              .isNotEmpty()
              .isEqualTo(cells(recounted, suffix));
          assertThat(cells(first, suffix)).isEqualTo(cells(recounted, suffix));
          assertThat(replaced(afterTheEntries, suffix)).isEqualTo(replaced(recounted, suffix));
          assertThat(replaced(first, suffix)).isEqualTo(replaced(recounted, suffix));
        });
    // The generated rows hold every kind of problem and rows of every kind the cache drops.
    assertThat(recounted.cells().stream().map(StandardRows.Cell::reason).distinct())
        .contains(null, "MISSING_CUSTOMER_ID", "INVALID_VALUE", "UNPARSEABLE_DATE")
        .contains("MISSING_CONTACT_DATE", "FUTURE_CONTACT_DATE");
    assertThat(recounted.replaced().values().stream().mapToLong(Long::longValue).sum())
        .isPositive();
  }

  @Test
  void partOfTheCacheComputedTwiceIsCountedAgainFromTheSources() {
    SparkSession spark = SparkTestSession.get();
    Set<Object> before = new HashSet<>(persistentRdds(spark));
    StandardRows job = standard(StorageLevel.MEMORY_AND_DISK());
    try {
      job.entryRows().count();
      // The cached blocks lost, as with an executor: Spark computes them again, and its
      // observed metrics count those rows twice.
      spark
          .sparkContext()
          .getPersistentRDDs()
          .foreach(
              e -> {
                if (!before.contains(e._1())) {
                  e._2().unpersist(true);
                }
                return null;
              });
      StandardRows.Counts counts = job.counts();
      assertThat(counts.recounted()).isTrue();
      assertThat(counts.cells()).hasSameElementsAs(recounted.cells());
      assertThat(counts.replaced()).isEqualTo(recounted.replaced());
    } finally {
      job.release();
    }
  }

  private static List<Object> persistentRdds(SparkSession spark) {
    List<Object> ids = new ArrayList<>();
    spark.sparkContext().getPersistentRDDs().keys().foreach(id -> ids.add(id));
    return ids;
  }

  private static StandardRows standard(StorageLevel level) {
    StandardRows.Builder b =
        StandardRows.builder(
            new Standardizer(POLICY, LOAD_DATE, ZoneId.of("America/Sao_Paulo")), level);
    for (SourceInput input : INPUTS) {
      b.add(input.spec(), input.rows());
    }
    return b.build();
  }

  private static TreeMap<String, Long> cells(StandardRows.Counts counts, String suffix) {
    TreeMap<String, Long> out = new TreeMap<>();
    for (StandardRows.Cell c : counts.cells()) {
      if (c.source().endsWith(suffix)) {
        out.merge(c.source() + "|" + c.channel() + "|" + c.reason(), c.rows(), Long::sum);
      }
    }
    return out;
  }

  private static TreeMap<String, Long> replaced(StandardRows.Counts counts, String suffix) {
    TreeMap<String, Long> out = new TreeMap<>();
    counts
        .replaced()
        .forEach(
            (source, n) -> {
              if (source.endsWith(suffix)) {
                out.put(source, n);
              }
            });
    return out;
  }

  private static SourceInput fixedChannelSource(Random random, int trial) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(
          Frames.row(
              id(random),
              email(random),
              "0119",
              "assunto " + i,
              random.nextInt(10) < 7
                  ? BR.format(LOAD_DATE.minusDays(random.nextInt(60) - 3))
                  : pick(random, "31/02/2024", " ", null)));
    }
    return SourceInput.of(
        SourceSpec.forChannel("crm-t" + trial, Channel.CRM).dateFormats("dd/MM/yyyy").build(),
        Frames.frame(
                "id_cliente STRING, email STRING, telefone STRING, assunto STRING,"
                    + " data_envio STRING",
                rows.toArray(Object[][]::new))
            .repartition(2));
  }

  private static SourceInput channelColumnSource(Random random, int trial) {
    List<String> channels = new ArrayList<>();
    POLICY.rules().forEach(r -> channels.add(r.channel().id()));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      String channel =
          random.nextInt(10) < 8
              ? channels.get(random.nextInt(channels.size()))
              : pick(random, "SMS", "", null);
      LocalDate date =
          random.nextInt(20) == 0 ? null : LOAD_DATE.minusDays(random.nextInt(400) - 2);
      rows.add(Frames.row(id(random), channel, email(random), null, "assunto " + i, date));
    }
    return SourceInput.of(
        SourceSpec.forChannelColumn("mixed-t" + trial, "canal").build(),
        Frames.frame(
                "id_cliente STRING, canal STRING, email STRING, telefone STRING, assunto STRING,"
                    + " data_envio DATE",
                rows.toArray(Object[][]::new))
            .repartition(2));
  }

  /** Mostly digits from a small range (so customers repeat), and every kind of bad id. */
  private static String id(Random random) {
    if (random.nextInt(10) < 7) {
      return String.valueOf(1000 + random.nextInt(40));
    }
    return pick(random, null, "   ", "12a", "1.2E3", " 1007 ");
  }

  private static String email(Random random) {
    return random.nextInt(10) == 0 ? "c" + FFFD + "@x.com" : "c@x.com";
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... values) {
    return values[random.nextInt(values.length)];
  }
}

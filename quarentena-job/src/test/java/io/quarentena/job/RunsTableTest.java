package io.quarentena.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.SparkTestSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures the truncation guard compares with: per channel, the last successful earlier load
 * that read every source of the channel, passing over loads that carried one forward.
 */
class RunsTableTest {

  static RunsTable runs;
  static final LocalDate MAY_20 = LocalDate.parse("2024-05-20");
  static final LocalDate MAY_21 = MAY_20.plusDays(1);
  static final LocalDate MAY_22 = MAY_20.plusDays(2);
  static final LocalDate MAY_23 = MAY_20.plusDays(3);

  static RunsTable.SourceRun read(String source, String channel, long accepted) {
    return new RunsTable.SourceRun(
        source,
        channel,
        "csv",
        "/in/" + source,
        "READ",
        accepted,
        accepted,
        0L,
        null,
        null,
        null,
        List.of());
  }

  static RunsTable.SourceRun carried(String source, String channel) {
    return new RunsTable.SourceRun(
        source,
        channel,
        "csv",
        "/in/" + source,
        "CARRIED_FORWARD",
        null,
        null,
        null,
        null,
        null,
        "down",
        List.of());
  }

  static int runsWritten;

  static void append(LocalDate day, boolean succeeded, RunsTable.SourceRun... sources) {
    Instant end = Instant.parse("2024-06-01T00:00:00Z").plusSeconds(60L * ++runsWritten);
    runs.append(
        new RunsTable.Run(
            "run-" + runsWritten,
            day,
            end.minusSeconds(30),
            end,
            succeeded,
            succeeded ? null : "failed",
            "default",
            null,
            new ArrayList<>(List.of(sources)),
            List.of()));
  }

  @BeforeAll
  static void fourDays() {
    runs = RunsTable.of(SparkTestSession.get(), SparkTestSession.newDir("runs").toString());
    append(
        MAY_20,
        true,
        read("a", "Marketing", 10),
        read("b", "Marketing", 5),
        read("crm", "CRM", 7),
        read("fraude", "Fraude", 3),
        read("eventos", null, 4));
    // a carried, b read: the channel's count of this day is not the channel's. Fraude's source
    // was removed from the configuration.
    append(
        MAY_21,
        true,
        carried("a", "Marketing"),
        read("b", "Marketing", 1),
        carried("crm", "CRM"),
        read("eventos", null, 4));
    append(MAY_22, false, read("crm", "CRM", 99));
    append(
        MAY_22, true, carried("a", "Marketing"), read("b", "Marketing", 1), read("crm", "CRM", 9));
    append( // 05-22 run again, later, with CRM down
        MAY_22, true, carried("a", "Marketing"), read("b", "Marketing", 1), carried("crm", "CRM"));
  }

  @Test
  void eachChannelIsComparedWithTheLastLoadThatReadAllItsSources() {
    assertThat(runs.lastReadByChannel(MAY_23))
        .containsOnlyKeys("Marketing", "CRM")
        .containsEntry("Marketing", new RunsTable.ChannelLoad(MAY_20, 15))
        .containsEntry("CRM", new RunsTable.ChannelLoad(MAY_22, 9));
  }

  @Test
  void onlyEarlierLoadDatesCount() {
    assertThat(runs.lastReadByChannel(MAY_21))
        .containsOnlyKeys("Marketing", "CRM", "Fraude")
        .containsEntry("Marketing", new RunsTable.ChannelLoad(MAY_20, 15))
        .containsEntry("Fraude", new RunsTable.ChannelLoad(MAY_20, 3));
    assertThat(runs.lastReadByChannel(MAY_20)).isEmpty();
  }

  @Test
  void withoutARunsTableNothingIsCompared() {
    assertThat(
            RunsTable.of(SparkTestSession.get(), SparkTestSession.newDir("no-runs").toString())
                .lastReadByChannel(MAY_23))
        .isEmpty();
  }
}

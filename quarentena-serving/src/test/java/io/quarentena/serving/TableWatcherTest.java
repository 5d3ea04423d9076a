package io.quarentena.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.ExpressionHandler;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.engine.FileSystemClient;
import io.delta.kernel.engine.JsonHandler;
import io.delta.kernel.engine.ParquetHandler;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The refresher a service starts once, against real tables and real commits: a check that finds no
 * new commit loads nothing; a commit to another load date moves the version on without a load; a
 * rerun of the served date or a newer date is loaded; readers racing refreshes and commits see one
 * snapshot or the other; a commit landing during a load is picked up by the next check; a table
 * deleted or unreadable mid-service keeps the last good snapshot and reports the failure.
 */
class TableWatcherTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final QuarantinePolicy POLICY = QuarantinePolicy.defaults();
  static final Instant NOW = Instant.parse("2024-05-28T12:00:00Z");

  /** Two versions of the day: customer 1000000001's CRM contact moves from 05-20 to 05-27. */
  static final List<ContactEvent> FIRST = events("2024-05-20");

  static final List<ContactEvent> RERUN = events("2024-05-27");

  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = ServingSpark.get();
  }

  private static List<ContactEvent> events(String crmDate) {
    List<ContactEvent> events = new ArrayList<>();
    events.add(ContactEvent.of("1000000001", Channel.CRM, LocalDate.parse(crmDate)));
    events.add(ContactEvent.of("1000000002", Channel.MARKETING, LocalDate.parse("2024-05-25")));
    events.add(ContactEvent.of("CLI-3", Channel.FRAUDE, LocalDate.parse("2024-04-01")));
    for (int i = 0; i < 50; i++) {
      events.add(ContactEvent.of(Long.toString(2_000_000_000L + i), Channel.OFERTAS, LOAD));
    }
    return events;
  }

  private static Path table(String name, List<ContactEvent> events) {
    Path table = ServingSpark.newDir(name);
    JobTables.write(spark, table, POLICY, events, LOAD);
    return table;
  }

  private static Quarantine quarantine() {
    return Quarantine.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  private static TableWatcher watcher(DeltaSnapshots table, Quarantine quarantine) {
    return TableWatcher.builder(table, POLICY, quarantine)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  /** The CRM contact date served for customer 1000000001. */
  private static LocalDate crmContact(Quarantine q) {
    return q.snapshot().orElseThrow().entries("1000000001").get(0).contactDate();
  }

  @Test
  void aCheckWithoutANewCommitLoadsNothingAndACommitToAnotherDateMovesTheVersionOn() {
    Path path = table("unchanged", FIRST);
    Quarantine quarantine = quarantine();
    try (TableWatcher watcher = watcher(DeltaSnapshots.at(path.toString()), quarantine).start()) {
      QuarantineIndex served = quarantine.snapshot().orElseThrow();
      long version = watcher.status().version();
      assertThat(watcher.status())
          .isEqualTo(new TableWatcher.Status(version, LOAD, NOW, served.size(), NOW, null));

      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.UNCHANGED);
      assertThat(quarantine.snapshot()).containsSame(served);

      JobTables.write(spark, path, POLICY, RERUN, LOAD.minusDays(5)); // an older load date
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.UNCHANGED);
      assertThat(quarantine.snapshot()).containsSame(served);
      assertThat(watcher.status().version()).isEqualTo(version + 1);
      assertThat(watcher.status().loadDate()).isEqualTo(LOAD);
    }
  }

  @Test
  void aRerunOfTheServedDateAndANewerDateAreLoaded() {
    Path path = table("rerun", FIRST);
    Quarantine quarantine = quarantine();
    try (TableWatcher watcher = watcher(DeltaSnapshots.at(path.toString()), quarantine).start()) {
      assertThat(crmContact(quarantine)).isEqualTo(LocalDate.parse("2024-05-20"));
      JobTables.write(spark, path, POLICY, RERUN, LOAD);
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.LOADED);
      assertThat(crmContact(quarantine)).isEqualTo(LocalDate.parse("2024-05-27"));

      JobTables.write(spark, path, POLICY, RERUN, LOAD.plusDays(1));
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.LOADED);
      assertThat(watcher.status().loadDate()).isEqualTo(LOAD.plusDays(1));
      assertThat(quarantine.status().loadDate()).isEqualTo(LOAD.plusDays(1));
      assertThat(watcher.status().version()).isEqualTo(JobTables.version(spark, path));
    }
  }

  /**
   * Reader threads ask about one customer while a writer reruns the day back and forth and the
   * watcher's own thread follows: every answer is the first table's or the rerun's, never "no
   * snapshot", never an error.
   */
  @Test
  void readersRacingRefreshesAndCommitsSeeOneSnapshotOrTheOther() throws Exception {
    Path path = table("race", FIRST);
    Quarantine quarantine = quarantine();
    LocalDate asked = LocalDate.parse("2024-06-20"); // held by the 05-27 contact, not by 05-20
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong held = new AtomicLong();
    AtomicLong free = new AtomicLong();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try (TableWatcher watcher =
        TableWatcher.builder(DeltaSnapshots.at(path.toString()), POLICY, quarantine)
            .every(java.time.Duration.ofMillis(20))
            .build()
            .start()) {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        running.add(
            readers.submit(
                () -> {
                  while (!stop.get()) {
                    var d = quarantine.check("1000000001", Channel.MARKETING, asked);
                    assertThat(d.blockedBy()).hasSizeLessThanOrEqualTo(1);
                    if (d.suppressed()) {
                      assertThat(d.contactableFrom()).isEqualTo(LocalDate.parse("2024-06-27"));
                      held.incrementAndGet();
                    } else {
                      assertThat(d.blockedBy()).isEmpty();
                      free.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (int i = 0; i < 4; i++) {
        JobTables.write(spark, path, POLICY, i % 2 == 0 ? RERUN : FIRST, LOAD);
        long committed = JobTables.version(spark, path);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (watcher.status().version() < committed && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(watcher.status().version()).as("the watcher followed").isEqualTo(committed);
      }
      stop.set(true);
      for (Future<?> f : running) {
        f.get(1, TimeUnit.MINUTES); // rethrows a reader's failed assertion
      }
      assertThat(watcher.status().lastFailure()).isNull();
    } finally {
      stop.set(true);
      readers.shutdownNow();
    }
    assertThat(held.get()).isPositive();
    assertThat(free.get()).isPositive();
  }

  @Test
  void aCommitLandingDuringALoadIsPickedUpByTheNextCheck() throws Exception {
    Path path = table("during-load", FIRST);
    DeltaSnapshots plain = DeltaSnapshots.at(path.toString());
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch committed = new CountDownLatch(1);
    DeltaSnapshots paused = plain.withEngine(new PausingEngine(plain.engine(), reading, committed));
    Quarantine quarantine = quarantine();
    long before = JobTables.version(spark, path);
    try (TableWatcher watcher = watcher(paused, quarantine)) {
      ExecutorService loader = Executors.newSingleThreadExecutor();
      try {
        Future<TableWatcher.Outcome> first = loader.submit(watcher::refreshNow);
        assertThat(reading.await(2, TimeUnit.MINUTES)).isTrue(); // the load reads version N now
        JobTables.write(spark, path, POLICY, RERUN, LOAD); // version N + 1 lands meanwhile
        committed.countDown();
        assertThat(first.get(2, TimeUnit.MINUTES)).isEqualTo(TableWatcher.Outcome.LOADED);
      } finally {
        loader.shutdownNow();
      }
      assertThat(watcher.status().version()).isEqualTo(before);
      assertThat(crmContact(quarantine)).isEqualTo(LocalDate.parse("2024-05-20"));
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.LOADED);
      assertThat(watcher.status().version()).isEqualTo(before + 1);
      assertThat(crmContact(quarantine)).isEqualTo(LocalDate.parse("2024-05-27"));
    }
  }

  @Test
  void aTableDeletedMidServiceKeepsTheLastSnapshotAndReportsIt() throws IOException {
    Path path = table("deleted", FIRST);
    Quarantine quarantine = quarantine();
    try (TableWatcher watcher = watcher(DeltaSnapshots.at(path.toString()), quarantine).start()) {
      QuarantineIndex served = quarantine.snapshot().orElseThrow();
      deleteRecursively(path);
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.FAILED);
      assertThat(quarantine.snapshot()).containsSame(served);
      assertThat(quarantine.isSuppressed("CLI-3", Channel.CRM, LOAD.plusDays(400))).isTrue();
      assertThat(watcher.status().lastFailure().error())
          .contains("cannot load the quarantine snapshot from " + path)
          .contains("there is no Delta table there");
      assertThat(quarantine.status().lastFailure()).isEqualTo(watcher.status().lastFailure());
      assertThat(watcher.status().loadDate()).isEqualTo(LOAD);

      JobTables.write(spark, path, POLICY, RERUN, LOAD); // written again
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.LOADED);
      assertThat(watcher.status().lastFailure()).isNull();
      assertThat(crmContact(quarantine)).isEqualTo(LocalDate.parse("2024-05-27"));
    }
  }

  @Test
  void aNewVersionWhoseFilesAreGoneKeepsTheLastSnapshotAndReportsIt() throws IOException {
    Path path = table("unreadable", FIRST);
    Quarantine quarantine = quarantine();
    try (TableWatcher watcher = watcher(DeltaSnapshots.at(path.toString()), quarantine).start()) {
      QuarantineIndex served = quarantine.snapshot().orElseThrow();
      List<Path> old = parquetFiles(path);
      JobTables.write(spark, path, POLICY, RERUN, LOAD);
      List<Path> added = parquetFiles(path);
      added.removeAll(old);
      Files.delete(added.get(0));
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.FAILED);
      assertThat(quarantine.snapshot()).containsSame(served);
      assertThat(watcher.status().lastFailure().error())
          .contains("version " + JobTables.version(spark, path))
          .contains(added.get(0).getFileName().toString());
      assertThat(watcher.status().version()).isEqualTo(JobTables.version(spark, path) - 1);
    }
  }

  private static List<Path> parquetFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return new ArrayList<>(
          files
              .filter(
                  p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
              .toList());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The default engine, whose first Parquet read waits until the test has committed. */
  private record PausingEngine(Engine delegate, CountDownLatch reading, CountDownLatch committed)
      implements Engine {
    @Override
    public ExpressionHandler getExpressionHandler() {
      return delegate.getExpressionHandler();
    }

    @Override
    public JsonHandler getJsonHandler() {
      return delegate.getJsonHandler();
    }

    @Override
    public FileSystemClient getFileSystemClient() {
      return delegate.getFileSystemClient();
    }

    @Override
    public ParquetHandler getParquetHandler() {
      ParquetHandler parquet = delegate.getParquetHandler();
      return new ParquetHandler() {
        @Override
        public CloseableIterator<FileReadResult> readParquetFiles(
            CloseableIterator<FileStatus> files, StructType schema, Optional<Predicate> predicate)
            throws IOException {
          if (reading.getCount() > 0 && schema.fieldNames().contains("id_cliente")) {
            reading.countDown();
            try {
              committed.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return parquet.readParquetFiles(files, schema, predicate);
        }

        @Override
        public CloseableIterator<DataFileStatus> writeParquetFiles(
            String directory, CloseableIterator<FilteredColumnarBatch> data, List<Column> stats)
            throws IOException {
          return parquet.writeParquetFiles(directory, data, stats);
        }

        @Override
        public void writeParquetFileAtomically(
            String filePath, CloseableIterator<FilteredColumnarBatch> data) throws IOException {
          parquet.writeParquetFileAtomically(filePath, data);
        }
      };
    }
  }
}

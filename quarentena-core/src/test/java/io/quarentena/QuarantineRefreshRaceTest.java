package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers racing many refreshes only ever get an answer of a snapshot that was current at some
 * moment of their call: never one of a half-built snapshot, never a mix of two.
 *
 * <p>The writer announces swap {@code s} before installing it and records it as installed after; a
 * reader that reads {@code installed = lo} before its call and {@code announced = hi} after it must
 * get the answer of one of the snapshots {@code lo..hi}. Consecutive snapshots answer differently
 * for every customer asked, so an answer from any other snapshot, or from none, shows.
 */
class QuarantineRefreshRaceTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final int SNAPSHOTS = 12;
  static final int CUSTOMERS = 64;

  /** Snapshot k: load date LOAD + k; customer i blocked on CRM iff (i + k) is even. */
  static QuarantineIndex snapshot(int k) {
    LocalDate load = LOAD.plusDays(k);
    QuarantineIndex.Builder b = QuarantineIndex.builder(QuarantinePolicy.defaults(), load);
    for (int i = 0; i < CUSTOMERS; i++) {
      if ((i + k) % 2 == 0) {
        LocalDate last = (i + k) % 4 == 0 ? null : load.plusDays(30 + k);
        b.add(numeric(i), Channel.CRM, load.minusDays(i % 3), last);
        b.add("CLI-" + i, Channel.CRM, load, last);
      }
      b.add(numeric(i), Channel.OFERTAS, load.minusDays(1), load.minusDays(1)); // never blocks
    }
    return b.build();
  }

  static String numeric(int i) {
    return Long.toString(12_345_678_900L + i);
  }

  @Test
  void everyAnswerBelongsToASnapshotCurrentDuringTheCall() throws Exception {
    List<QuarantineIndex> snapshots = new ArrayList<>();
    for (int k = 0; k < SNAPSHOTS; k++) {
      snapshots.add(snapshot(k));
    }
    Quarantine q = Quarantine.of(snapshots.get(0));
    AtomicLong announced = new AtomicLong();
    AtomicLong installed = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    AtomicLong checked = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      long seed = t;
      Thread reader =
          new Thread(
              () -> {
                Random random = new Random(seed);
                while (!stop.get() && failure.get() == null) {
                  int i = random.nextInt(CUSTOMERS);
                  LocalDate date = LOAD.plusDays(random.nextInt(SNAPSHOTS));
                  long lo = installed.get();
                  boolean byText = q.isSuppressed(numeric(i), Channel.MARKETING, date);
                  boolean byLong = q.isSuppressed(12_345_678_900L + i, Channel.MARKETING, date);
                  boolean alnum = q.isSuppressed("CLI-" + i, Channel.MARKETING, date);
                  SuppressionDecision d = q.check(numeric(i), Channel.MARKETING, date);
                  long hi = announced.get();
                  String problem = judge(snapshots, lo, hi, i, date, byText, byLong, alnum, d);
                  if (problem != null) {
                    failure.compareAndSet(null, problem);
                  }
                  checked.incrementAndGet();
                }
              });
      reader.start();
      readers.add(reader);
    }
    for (int s = 1; s <= 20_000 && failure.get() == null; s++) {
      announced.set(s);
      q.update(snapshots.get(s % SNAPSHOTS));
      installed.set(s);
      if (s % 500 == 0) {
        Thread.yield();
      }
    }
    stop.set(true);
    for (Thread r : readers) {
      r.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(checked.get()).isPositive();
  }

  /** Null if every answer is that of a snapshot among swaps lo..hi; else what went wrong. */
  private static String judge(
      List<QuarantineIndex> snapshots,
      long lo,
      long hi,
      int i,
      LocalDate date,
      boolean byText,
      boolean byLong,
      boolean alnum,
      SuppressionDecision d) {
    if (hi - lo >= SNAPSHOTS) {
      return null; // the call spanned every snapshot: any whole answer is possible
    }
    boolean textOk = false;
    boolean longOk = false;
    boolean alnumOk = false;
    boolean decisionOk = false;
    for (long s = lo; s <= hi; s++) {
      QuarantineIndex snap = snapshots.get((int) (s % SNAPSHOTS));
      textOk |= snap.isSuppressed(numeric(i), Channel.MARKETING, date, null) == byText;
      longOk |= snap.isSuppressed(numeric(i), Channel.MARKETING, date, null) == byLong;
      alnumOk |= snap.isSuppressed("CLI-" + i, Channel.MARKETING, date, null) == alnum;
      decisionOk |= snap.check(numeric(i), Channel.MARKETING, date, null).equals(d);
    }
    if (textOk && longOk && alnumOk && decisionOk) {
      return null;
    }
    return "customer "
        + i
        + " on "
        + date
        + " during swaps "
        + lo
        + ".."
        + hi
        + ": text "
        + byText
        + textOk
        + ", long "
        + byLong
        + longOk
        + ", alphanumeric "
        + alnum
        + alnumOk
        + ", decision "
        + d
        + decisionOk;
  }
}

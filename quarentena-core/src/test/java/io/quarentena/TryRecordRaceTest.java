package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Threads racing {@link Quarantine#tryRecord} for the same customers never pass a rule together:
 * under a cap of K Marketing sends per 14 days, a customer whose snapshot history already holds h
 * sends gets exactly K − h more (never more), however many threads try at once; under a CRM period
 * scoped to CRM, at most one CRM send. Sends applied from a log and readers run at the same time.
 */
class TryRecordRaceTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  static final int CUSTOMERS = 6;
  static final int THREADS = 4;
  static final int ATTEMPTS = 40;

  @Test
  void neverMoreSendsThanTheRulesAllow() {
    Seeds.forEach(
        60,
        random -> {
          int k = 1 + random.nextInt(3);
          QuarantinePolicy policy =
              QuarantinePolicy.builder("race")
                  .rule(QuarantineRule.frequencyCap(Channel.MARKETING, k, 14))
                  .rule(
                      QuarantineRule.fixedPeriod(Channel.CRM, 30).scopedTo(Scope.only(Channel.CRM)))
                  .build();
          int[] earlier = new int[CUSTOMERS];
          List<ContactEvent> history = new ArrayList<>();
          for (int c = 0; c < CUSTOMERS; c++) {
            earlier[c] = random.nextInt(k); // fewer than K: nobody is in quarantine yet
            for (int h = 0; h < earlier[c]; h++) {
              history.add(
                  ContactEvent.builder(id(c), Channel.MARKETING, LOAD.minusDays(1 + h))
                      .sendId("batch-" + h)
                      .build());
            }
          }
          Quarantine q = Quarantine.of(policy.evaluate(history, LOAD).toIndex());
          LocalDate day = LOAD.plusDays(random.nextInt(5));
          ConcurrentHashMap<String, AtomicInteger> recorded = new ConcurrentHashMap<>();
          AtomicReference<Throwable> failure = new AtomicReference<>();
          CyclicBarrier start = new CyclicBarrier(THREADS + 1);
          List<Thread> threads = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            long seed = random.nextLong();
            int thread = t;
            threads.add(
                new Thread(
                    () -> {
                      Random r = new Random(seed);
                      try {
                        start.await();
                        for (int i = 0; i < ATTEMPTS; i++) {
                          int c = r.nextInt(CUSTOMERS);
                          Channel channel = r.nextInt(3) == 0 ? Channel.CRM : Channel.MARKETING;
                          ContactEvent send =
                              ContactEvent.builder(id(c), channel, day)
                                  .sendId("t" + thread + "-" + i)
                                  .build();
                          if (r.nextInt(5) == 0) {
                            q.isSuppressed(id(c), channel, day); // a reader among the writers
                          }
                          if (q.tryRecord(send).recorded()) {
                            recorded
                                .computeIfAbsent(id(c) + "/" + channel, x -> new AtomicInteger())
                                .incrementAndGet();
                          }
                        }
                      } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                      }
                    }));
          }
          threads.forEach(Thread::start);
          start.await();
          for (Thread t : threads) {
            t.join();
          }
          assertThat(failure.get()).isNull();
          for (int c = 0; c < CUSTOMERS; c++) {
            int marketing = count(recorded, id(c) + "/" + Channel.MARKETING);
            int crm = count(recorded, id(c) + "/" + Channel.CRM);
            assertThat(marketing + earlier[c])
                .as("customer %d: Marketing sends under a cap of %d, %d before", c, k, earlier[c])
                .isEqualTo(k);
            assertThat(crm).as("customer %d: CRM sends", c).isLessThanOrEqualTo(1);
            assertThat(q.isSuppressed(id(c), Channel.MARKETING, day))
                .isEqualTo(marketing + earlier[c] == k);
          }
          assertThat(q.status().liveSends())
              .isEqualTo(recorded.values().stream().mapToInt(AtomicInteger::get).sum());
        });
  }

  private static int count(ConcurrentHashMap<String, AtomicInteger> recorded, String key) {
    AtomicInteger n = recorded.get(key);
    return n == null ? 0 : n.get();
  }

  private static String id(int c) {
    return Long.toString(12_345_678_900L + c);
  }
}

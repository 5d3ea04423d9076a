package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.EntryGenerator;
import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The audience call answers as {@code isSuppressed} asked of each id, in the input order: on the
 * compact index (batched probes), the map index, and through {@link Quarantine} with live sends. A
 * failure prints the seed; replay it with {@code -Dquarentena.seed=N -Dquarentena.trials=1}.
 */
class AudienceTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  @Test
  void theAudienceIsEveryCandidateThatIsNotSuppressedInOrder() {
    Seeds.forEach(
        150,
        random -> {
          QuarantinePolicy policy = new ContactGenerator(random).policy();
          List<QuarantineEntry> entries =
              new EntryGenerator(random).entries(policy, LOAD, 1 + random.nextInt(200));
          QuarantineIndex packed = QuarantineIndex.of(policy, LOAD, entries);
          QuarantineIndex map = MapQuarantineIndex.build(policy, LOAD, entries);
          long[] candidates = candidates(entries, random);
          for (Channel channel : policy.channels()) {
            for (int day = -1; day < 40; day += 7) {
              LocalDate date = LOAD.plusDays(day);
              String category = random.nextBoolean() ? null : "transactional";
              long[] expected = filter(packed, candidates, channel, date, category);
              assertThat(packed.contactable(candidates, channel, date, category))
                  .as("packed, %s on %s (%s)", channel, date, category)
                  .containsExactly(expected);
              assertThat(map.contactable(candidates, channel, date, category))
                  .as("map, %s on %s (%s)", channel, date, category)
                  .containsExactly(filter(map, candidates, channel, date, category));
            }
          }
        });
  }

  @Test
  void liveSendsNarrowTheAudienceAsTheyNarrowEachCheck() {
    Seeds.forEach(
        60,
        random -> {
          ContactGenerator gen = new ContactGenerator(random);
          QuarantinePolicy policy = gen.policy();
          QuarantineEvaluation batch = policy.evaluate(gen.events(policy, LOAD, 60), LOAD);
          Quarantine quarantine = Quarantine.of(batch.toIndex());
          List<Long> ids = new ArrayList<>();
          for (QuarantineEntry e : batch.entries()) {
            if (PackedQuarantineIndex.isCanonicalLong(e.customerId())) {
              ids.add(Long.parseLong(e.customerId()));
            }
          }
          for (int i = 0; i < 20; i++) {
            long id = 90_000_000_000L + random.nextInt(40);
            ids.add(id);
            if (random.nextBoolean()) {
              List<Channel> channels = new ArrayList<>(policy.channels());
              Channel channel = channels.get(random.nextInt(channels.size()));
              quarantine.record(
                  ContactEvent.builder(Long.toString(id), channel, LOAD.plusDays(random.nextInt(5)))
                      .sendId("s-" + i)
                      .build());
            }
          }
          long[] candidates = ids.stream().mapToLong(Long::longValue).toArray();
          for (Channel channel : policy.channels()) {
            for (int day = 0; day < 20; day += 3) {
              LocalDate date = LOAD.plusDays(day);
              List<Long> expected = new ArrayList<>();
              for (long id : candidates) {
                if (!quarantine.isSuppressed(id, channel, date, null)) {
                  expected.add(id);
                }
              }
              assertThat(quarantine.contactable(candidates, channel, date, null))
                  .as("%s on %s", channel, date)
                  .containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
            }
          }
        });
  }

  @Test
  void withoutASnapshotTheAudienceFollowsTheFailMode() {
    long[] candidates = {1L, 2L, 3L};
    assertThat(Quarantine.builder().build().contactable(candidates, Channel.CRM, LOAD, null))
        .isEmpty();
    assertThat(
            Quarantine.builder()
                .failOpenWithoutSnapshot()
                .build()
                .contactable(candidates, Channel.CRM, LOAD, null))
        .containsExactly(1L, 2L, 3L);
    QuarantineIndex index = QuarantineIndex.of(QuarantinePolicy.defaults(), LOAD, List.of());
    assertThatThrownBy(() -> index.contactable(candidates, Channel.of("Telefone"), LOAD, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Telefone");
    assertThat(index.contactable(new long[0], Channel.CRM, LOAD, null)).isEmpty();
  }

  private static long[] candidates(List<QuarantineEntry> entries, Random random) {
    List<Long> ids = new ArrayList<>();
    for (QuarantineEntry e : entries) {
      if (PackedQuarantineIndex.isCanonicalLong(e.customerId())) {
        ids.add(Long.parseLong(e.customerId()));
      }
    }
    for (int i = 0; i < 50; i++) {
      ids.add(random.nextInt(4) == 0 ? random.nextLong() : 10_000_000_000L + random.nextInt(500));
    }
    java.util.Collections.shuffle(ids, random);
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] filter(
      QuarantineIndex index, long[] ids, Channel channel, LocalDate date, String category) {
    return java.util.Arrays.stream(ids)
        .filter(id -> !index.isSuppressed(id, channel, date, category))
        .toArray();
  }
}

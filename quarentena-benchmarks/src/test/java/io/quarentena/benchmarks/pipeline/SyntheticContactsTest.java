package io.quarentena.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.benchmarks.pipeline.SyntheticContacts.Contact;
import io.quarentena.benchmarks.pipeline.SyntheticContacts.Source;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SyntheticContactsTest {

  private static final LocalDate AS_OF = LocalDate.parse("2024-05-28");
  private static final int N = 200_000;

  @Test
  void sameArgumentsGiveTheSameContacts() {
    SyntheticContacts a = new SyntheticContacts(7, 1_000_000, AS_OF);
    SyntheticContacts b = new SyntheticContacts(7, 1_000_000, AS_OF);
    for (Source s : Source.values()) {
      for (long i = 0; i < 1000; i++) {
        assertThat(a.contact(s, i)).isEqualTo(b.contact(s, i));
      }
    }
    assertThat(new SyntheticContacts(8, 1_000_000, AS_OF).contact(Source.CRM, 5))
        .isNotEqualTo(a.contact(Source.CRM, 5));
  }

  @Test
  void theDataHasTheSkewOfARealHistory() {
    SyntheticContacts model = new SyntheticContacts(1, 4L * N, AS_OF);
    Map<Long, Integer> perCustomer = new HashMap<>();
    int duplicates = 0;
    int nullIds = 0;
    int nullEmails = 0;
    int future = 0;
    int onBoundary = 0;
    int dayAfterBoundary = 0;
    int leadingZeros = 0;
    Contact previous = null;
    for (long i = 0; i < N; i++) {
      Contact c = model.contact(Source.MARKETING, i);
      perCustomer.merge(c.customer(), 1, Integer::sum);
      duplicates += Objects.equals(c, previous) ? 1 : 0;
      nullIds += c.id() == null ? 1 : 0;
      nullEmails += c.email() == null ? 1 : 0;
      leadingZeros += c.id() != null && c.id().startsWith("00") ? 1 : 0;
      if (c.date() != null) {
        long back = ChronoUnit.DAYS.between(c.date(), AS_OF);
        future += back < 0 ? 1 : 0;
        onBoundary += back == 7 ? 1 : 0;
        dayAfterBoundary += back == 8 ? 1 : 0;
      }
      previous = c;
    }
    // the hottest 1% of customers get about 10% of the contacts
    int hot =
        perCustomer.entrySet().stream()
            .filter(e -> e.getKey() < model.customers() / 100)
            .mapToInt(Map.Entry::getValue)
            .sum();
    assertThat(hot).isBetween(N / 12, N / 8);
    assertThat(perCustomer.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
        .isGreaterThan(50);
    assertThat(duplicates).isBetween(N * 2 / 100, N * 4 / 100);
    assertThat(nullIds).isBetween(N / 1000, N / 200);
    assertThat(nullEmails).isBetween(N / 100, N * 3 / 100);
    assertThat(future).isBetween(N / 100, N * 3 / 100);
    assertThat(onBoundary).isGreaterThan(N * 5 / 100);
    assertThat(dayAfterBoundary).isGreaterThan(N * 5 / 100);
    assertThat(leadingZeros).isGreaterThan(N * 2 / 100);
  }

  @Test
  void theSplitCapsTheSpreadsheet() {
    assertThat(BenchmarkData.sizes(10_000_000).crm()).isEqualTo(BenchmarkData.XLSX_CAP);
    assertThat(BenchmarkData.sizes(10_000_000).total()).isEqualTo(10_000_000);
    assertThat(BenchmarkData.sizes(2_000).crm()).isEqualTo(200);
    assertThat(BenchmarkData.sizes(2_000).total()).isEqualTo(2_000);
  }
}

package io.quarentena.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantinePolicy;
import io.quarentena.benchmarks.pipeline.SyntheticContacts.Contact;
import io.quarentena.benchmarks.pipeline.SyntheticContacts.Source;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The baseline is only a yardstick if it is right: it must give exactly what the core engine gives
 * for the same contacts, read back from the generated files (so the generator's formats are checked
 * too).
 */
class HandWrittenJobTest {

  @Test
  void theBaselineGivesWhatTheCoreEngineGivesForTheGeneratedContacts() {
    SparkSession spark = TestSpark.get();
    BenchmarkData.Sources files = TestSpark.sources();
    Path table = TestSpark.ROOT.resolve("oracle/baseline");
    LocalDate asOf = files.asOf();

    HandWrittenJob.write(HandWrittenJob.table(spark, files, asOf), table, asOf);
    // a rerun replaces the load date's rows
    HandWrittenJob.write(HandWrittenJob.table(spark, files, asOf), table, asOf);

    Map<String, String> actual = new TreeMap<>();
    for (Row r : PipelineBenchmark.loadDate(spark, table, asOf).collectAsList()) {
      String key = r.getString(0) + "|" + r.getString(1);
      assertThat(actual.put(key, line(r))).as("one row per key: " + key).isNull();
    }
    Map<String, String> expected = new TreeMap<>();
    for (QuarantineEntry e : QuarantinePolicy.defaults().evaluate(events(files), asOf).entries()) {
      expected.put(e.customerId() + "|" + e.channel().id(), line(e));
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(expected.keySet().stream().map(k -> k.substring(k.indexOf('|') + 1)).distinct())
        .hasSize(6);
  }

  /** The contacts the files hold, as the core engine takes them. */
  static List<ContactEvent> events(BenchmarkData.Sources files) {
    SyntheticContacts model =
        new SyntheticContacts(BenchmarkData.SEED, TestSpark.EVENTS, files.asOf());
    BenchmarkData.Sizes sizes = files.sizes();
    List<ContactEvent> out = new ArrayList<>();
    add(out, model, Source.CRM, sizes.crm(), Channel.CRM);
    add(out, model, Source.MARKETING, sizes.marketing(), Channel.MARKETING);
    add(out, model, Source.RECOMENDACAO, sizes.recomendacao(), Channel.RECOMENDACAO);
    add(out, model, Source.RESTRITOS, sizes.restritos(), Channel.RESTRITOS);
    add(out, model, Source.OFERTAS, sizes.ofertas(), Channel.OFERTAS);
    add(out, model, Source.FRAUDE, sizes.fraude(), Channel.FRAUDE);
    return out;
  }

  private static void add(
      List<ContactEvent> out, SyntheticContacts model, Source source, long rows, Channel channel) {
    for (long i = 0; i < rows; i++) {
      Contact c = model.contact(source, i);
      if (c.id() == null
          || c.date() == null
          || (source == Source.MARKETING && c.badDateText())
          || (source == Source.CRM && c.previousDataBase())) {
        continue;
      }
      out.add(
          ContactEvent.builder(c.id(), channel, c.date())
              .email(c.email())
              .phone(c.phone())
              .subject(source == Source.FRAUDE ? "suspeita de fraude" : c.subject())
              .revokedOn(c.revokedOn())
              .build());
    }
  }

  private static String line(Row r) {
    return String.join(
        "|",
        r.getString(0),
        r.getString(1),
        String.valueOf(r.get(2)),
        String.valueOf(r.get(3)),
        String.valueOf(r.get(4)),
        String.valueOf(r.get(5)),
        String.valueOf(r.get(6)),
        String.valueOf(r.get(7)),
        String.valueOf(r.get(8)));
  }

  private static String line(QuarantineEntry e) {
    return String.join(
        "|",
        e.customerId(),
        e.channel().id(),
        String.valueOf(e.email()),
        String.valueOf(e.phone()),
        String.valueOf(e.subject()),
        String.valueOf(e.contactDate()),
        String.valueOf(e.daysSinceContact()),
        String.valueOf(e.lastDay()),
        String.valueOf(e.loadDate()));
  }
}

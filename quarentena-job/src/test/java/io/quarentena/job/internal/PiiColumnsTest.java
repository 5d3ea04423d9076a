package io.quarentena.job.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.connectors.Secret;
import io.quarentena.job.JobConfig;
import io.quarentena.spark.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The PII hash key travels inside the hash function, never as a literal of the plan: no {@code
 * explain}, plan string or Spark UI page shows it. A literal ({@code lit(key)}) would.
 */
class PiiColumnsTest {

  @Test
  void theHashKeyIsInNoPlanAndTheHashIsTheKeyedHmac() {
    String key = "chave-do-plano-" + System.nanoTime();
    Dataset<Row> entries =
        SparkTestSession.get()
            .createDataFrame(
                List.of(RowFactory.create("1", "a@x.com", "11999")),
                org.apache.spark.sql.types.StructType.fromDDL(
                    "id_cliente STRING, email STRING, telefone STRING"));
    JobConfig.Pii pii =
        new JobConfig.Pii(JobConfig.PiiMode.HASH, JobConfig.PiiMode.DROP, "test:pii-key");

    Dataset<Row> minimised =
        PiiColumns.apply(entries, pii, reference -> Optional.of(Secret.of(key)));

    String plans =
        minimised.queryExecution().toString()
            + minimised.queryExecution().executedPlan().toString()
            + minimised.queryExecution().optimizedPlan().toJSON();
    assertThat(plans).contains("quarentena_pii_hash").doesNotContain(key);
    Row row = minimised.first();
    assertThat(row.<String>getAs("email"))
        .isEqualTo(PiiColumns.hash(key.getBytes(StandardCharsets.UTF_8), "a@x.com"));
    assertThat(row.<String>getAs("telefone")).isNull();
  }

  @Test
  void aRejectsRawValuesHaveTheirEmailHashedAndPhoneDroppedWhereverTheyAre() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    PiiColumns.RawScrubber scrub =
        new PiiColumns.RawScrubber(key, JobConfig.PiiMode.HASH, JobConfig.PiiMode.DROP);
    String json =
        "{\"id_cliente\":null,\"contatos\":{\"email\":\"a\\\"b@x.com\","
            + "\"numero_telefone\":1.1999999E10},\"motivos\":[\"a\\\"b@x.com\"]}";

    String out = scrub.call(json, "a\"b@x.com", "11999999000");

    String hashed = PiiColumns.hash(key, "a\"b@x.com");
    assertThat(out)
        .isEqualTo(
            "{\"id_cliente\":null,\"contatos\":{\"email\":\""
                + hashed
                + "\",\"numero_telefone\":null},\"motivos\":[\""
                + hashed
                + "\"]}");
    assertThat(scrub.call(json, null, null)).isEqualTo(json);
    assertThat(scrub.toString()).doesNotContain("k@").contains("HASH");
  }
}

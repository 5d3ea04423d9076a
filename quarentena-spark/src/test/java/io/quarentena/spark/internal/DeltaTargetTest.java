package io.quarentena.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Without Delta's SQL extension and catalog, Spark reads {@code delta.`/path`} as a table in a
 * database {@code delta} and calls the name invalid; the failure then says what the session lacks.
 */
class DeltaTargetTest {

  private static final String EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  private static final String CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  @Test
  void aPathTableOnASessionWithoutDeltaNamesTheMissingSettings() {
    RuntimeException spark =
        new IllegalArgumentException(
            "`delta`.`/tmp/q` is not a valid name for tables/databases. Valid names only contain"
                + " alphabet characters, numbers and _.");
    RuntimeException explained =
        DeltaTarget.withoutDelta(true, "", "", "quarantine", "/tmp/q", spark);
    assertThat(explained)
        .isInstanceOf(IllegalStateException.class)
        .hasCause(spark)
        .hasMessageContaining("/tmp/q")
        .hasMessageContaining("spark.sql.extensions=" + EXTENSION)
        .hasMessageContaining("spark.sql.catalog.spark_catalog=" + CATALOG);
  }

  @Test
  void otherFailuresAreLeftAsSparkGaveThem() {
    RuntimeException e = new IllegalStateException("disk full");
    assertThat(DeltaTarget.withoutDelta(true, EXTENSION, CATALOG, "quarantine", "/tmp/q", e))
        .isSameAs(e);
    assertThat(DeltaTarget.withoutDelta(false, "", "", "quarantine", "main.crm.q", e)).isSameAs(e);
  }
}

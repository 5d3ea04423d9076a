package io.quarentena.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkTestSessionTest {

  @Test
  void writesAndReadsADeltaTable() {
    SparkSession spark = SparkTestSession.get();
    String path = SparkTestSession.newDir("smoke").toString();
    spark.range(3).write().format("delta").save(path);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(3);
  }
}

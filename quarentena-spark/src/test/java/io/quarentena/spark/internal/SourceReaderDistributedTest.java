package io.quarentena.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A sheet's rows, read on the driver, reach Spark as a local relation when few (the quicker plan)
 * and spread over the session's slots when many, so their standardization is not evaluated on the
 * driver by the optimizer; either way every row arrives once, in order.
 */
class SourceReaderDistributedTest {

  private static final StructType SCHEMA = StructType.fromDDL("id_cliente STRING, _linha INT");

  @Test
  void aLargeSheetIsSpreadOverTasksAndLosesNoRow() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = rows(3 * SourceReader.ROWS_PER_SLICE + 7);

    Dataset<Row> ds = SourceReader.distributed(spark, "crm", rows, SCHEMA);

    assertThat(ds.queryExecution().analyzed()).isNotInstanceOf(LocalRelation.class);
    assertThat(ds.rdd().getNumPartitions())
        .isEqualTo(Math.max(spark.sparkContext().defaultParallelism(), 3));
    assertThat(ds.collectAsList()).containsExactlyElementsOf(rows);
  }

  @Test
  void aSmallSheetStaysALocalRelation() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = rows(100);

    Dataset<Row> ds = SourceReader.distributed(spark, "crm", rows, SCHEMA);

    assertThat(ds.queryExecution().analyzed()).isInstanceOf(LocalRelation.class);
    assertThat(ds.collectAsList()).containsExactlyElementsOf(rows);
  }

  private static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(String.valueOf(1_000_000_000L + i), i + 2));
    }
    return rows;
  }
}

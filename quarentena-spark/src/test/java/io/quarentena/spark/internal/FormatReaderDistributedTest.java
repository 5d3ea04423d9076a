package io.quarentena.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
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
class FormatReaderDistributedTest {

  private static final StructType SCHEMA = StructType.fromDDL("id_cliente STRING, _linha INT");

  @Test
  void aLargeSheetIsSpreadOverTasksAndLosesNoRow() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = rows(FormatReader.LOCAL_ROWS * 3 / 2 + 7);

    Dataset<Row> ds = FormatReader.distributed(spark, "crm", rows, SCHEMA);

    assertThat(ds.queryExecution().analyzed()).isNotInstanceOf(LocalRelation.class);
    int parallelism = spark.sparkContext().defaultParallelism();
    assertThat(ds.rdd().getNumPartitions())
        .isEqualTo(FormatReader.slices(rows, parallelism))
        .isGreaterThanOrEqualTo(parallelism);
    assertThat(ds.collectAsList()).containsExactlyElementsOf(rows);
  }

  @Test
  void eachTaskCarriesAboutHalfOfSparksLargeTaskSize() throws IOException {
    // A wide sheet (30 columns of 40 characters) needs far more tasks than a narrow one of the
    // same rows: the slices follow the rows' serialized size, not their number.
    List<Row> narrow = rows(50_000);
    List<Row> wide = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      Object[] values = new Object[30];
      for (int c = 0; c < values.length; c++) {
        values[c] = String.format("%040d", (long) i * 31 + c);
      }
      wide.add(RowFactory.create(values));
    }
    for (List<Row> rows : List.of(narrow, wide)) {
      int slices = FormatReader.slices(rows, 2);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(new ArrayList<>(rows));
      }
      double perTask = (double) bytes.size() / slices;
      assertThat(perTask)
          .as("%d slices of %d bytes", slices, bytes.size())
          .isBetween(FormatReader.BYTES_PER_SLICE / 2.0, FormatReader.BYTES_PER_SLICE * 1.1);
    }
    assertThat(FormatReader.slices(wide, 2)).isGreaterThan(10 * FormatReader.slices(narrow, 2));
    assertThat(FormatReader.slices(rows(3), 8)).isEqualTo(3); // never more tasks than rows
  }

  @Test
  void aSmallSheetStaysALocalRelation() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = rows(100);

    Dataset<Row> ds = FormatReader.distributed(spark, "crm", rows, SCHEMA);

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

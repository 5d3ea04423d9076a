package io.quarentena.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A source's rows with the spec that says how to read them: one input of {@link
 * QuarantinePipeline#run}.
 *
 * <pre>{@code
 * Dataset<Row> csv = spark.read().option("header", "true").option("sep", ";").csv(path);
 * SourceInput marketing = SourceInput.of(marketingSpec, csv);
 * }</pre>
 *
 * @param spec how to read the rows
 * @param rows the source's rows, as read (not yet mapped)
 */
public record SourceInput(SourceSpec spec, Dataset<Row> rows) {

  /** Validates the input. */
  public SourceInput {
    if (spec == null) {
      throw new IllegalArgumentException("source spec must not be null");
    }
    if (rows == null) {
      throw new IllegalArgumentException("rows of source '" + spec.name() + "' must not be null");
    }
  }

  /**
   * An input.
   *
   * @param spec how to read the rows
   * @param rows the source's rows
   * @return the input
   */
  public static SourceInput of(SourceSpec spec, Dataset<Row> rows) {
    return new SourceInput(spec, rows);
  }
}

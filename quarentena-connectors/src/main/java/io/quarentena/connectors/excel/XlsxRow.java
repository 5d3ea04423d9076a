package io.quarentena.connectors.excel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One data row of a sheet: its number as Excel shows it and one value per header column.
 *
 * <p>Values are text: integral numbers as integer text ({@code "1234567890"}), date cells as {@code
 * "yyyy-MM-dd"} (or {@code "yyyy-MM-dd HH:mm:ss"} with a time), other text trimmed. An empty or
 * missing cell is {@code null}. A cell that could not be read is {@code null} too, with its problem
 * in {@link #problems()}, when the reader was asked to {@linkplain
 * XlsxOptions.Builder#cellProblemsOnTheRow() report problems on the row} (otherwise it fails).
 *
 * <pre>{@code
 * XlsxRow row = new XlsxRow(7, Arrays.asList("0012345678", null, "2024-05-08"));
 * row.get(0);   // "0012345678"
 * row.get(1);   // null
 * }</pre>
 *
 * @param rowNumber the row number as Excel shows it (1-based)
 * @param values one value per header column; {@code null} for an empty cell
 * @param problems the cells of the row that could not be read, in column order; empty for a row
 *     read whole
 */
public record XlsxRow(
    int rowNumber, List<@Nullable String> values, List<XlsxCellProblem> problems) {

  /** Validates the row and copies the values and problems into unmodifiable lists. */
  public XlsxRow {
    if (rowNumber < 1) {
      throw new IllegalArgumentException("rowNumber must be 1 or more (as Excel shows it)");
    }
    Objects.requireNonNull(values, "values");
    values = Collections.unmodifiableList(new ArrayList<>(values));
    problems = List.copyOf(problems);
  }

  /**
   * A row read whole.
   *
   * @param rowNumber the row number as Excel shows it (1-based)
   * @param values one value per header column; {@code null} for an empty cell
   */
  public XlsxRow(int rowNumber, List<@Nullable String> values) {
    this(rowNumber, values, List.of());
  }

  /**
   * The value of a column.
   *
   * @param column the 0-based column index in the header
   * @return the value, or {@code null} for an empty cell
   * @throws IndexOutOfBoundsException when the header has no such column
   */
  public @Nullable String get(int column) {
    return values.get(column);
  }
}

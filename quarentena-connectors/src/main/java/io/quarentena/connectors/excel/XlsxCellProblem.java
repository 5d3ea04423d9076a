package io.quarentena.connectors.excel;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cell that could not be read, as data: with {@link XlsxOptions.Builder#cellProblemsOnTheRow()}
 * the reader leaves such a cell empty and puts this on its row ({@link XlsxRow#problems()}) instead
 * of failing, so the caller can reject the row with the reason and go on.
 *
 * <pre>{@code
 * for (XlsxRow row : reader) {
 *   if (!row.problems().isEmpty()) {
 *     XlsxCellProblem p = row.problems().get(0);
 *     reject(row.rowNumber(), p.cell(), p.message());   // "C7", "Cell C7 holds a formula ..."
 *     continue;
 *   }
 *   accept(row);
 * }
 * }</pre>
 *
 * @param cell the cell's reference, for example {@code "C7"}
 * @param header the header name of its column, or {@code null} right of the header
 * @param value the value as the file holds it (shortened when long), or {@code null}
 * @param kind what kind of value the cell failed to give
 * @param message the problem and its fix, naming the file, sheet, row, column and value
 */
public record XlsxCellProblem(
    String cell, @Nullable String header, @Nullable String value, Kind kind, String message) {

  /** What kind of value a cell failed to give. */
  public enum Kind {
    /** A value: an Excel error, a formula with no stored result, a number held inexactly, ... */
    VALUE,
    /** A date: text in none of the formats, a date-styled number that is no date. */
    DATE
  }

  /** Validates the problem. */
  public XlsxCellProblem {
    Objects.requireNonNull(cell, "cell");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if (cell.isBlank() || message.isBlank()) {
      throw new IllegalArgumentException("a cell problem needs its cell and a message");
    }
  }
}

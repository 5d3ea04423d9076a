package io.quarentena.connectors.excel;

import io.quarentena.connectors.SourceException;
import org.jspecify.annotations.Nullable;

/**
 * A spreadsheet could not be read: a corrupt file, a missing sheet or header, or a cell that cannot
 * become a value. The message names the file, sheet, row, column (letter and header name) and
 * value, then says what to do.
 *
 * <pre>{@code
 * try (XlsxReader reader = XlsxReader.open(file, options)) {
 *   reader.forEach(sink);
 * } catch (XlsxException e) {
 *   reject(e.sheet(), e.rowNumber(), e.column(), e.getMessage());
 * }
 * }</pre>
 */
public final class XlsxException extends SourceException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final @Nullable String sheet;
  private final int rowNumber;
  private final @Nullable String column;
  private final @Nullable String header;
  private final @Nullable String value;
  private final String problem;
  private final String fix;
  private final XlsxCellProblem.@Nullable Kind cellKind;

  /** A failure of the whole file (not of a sheet, row or cell). */
  static XlsxException ofFile(
      String sourceName, String file, String problem, String fix, @Nullable Throwable cause) {
    return new XlsxException(
        sourceName, file, null, 0, null, null, null, problem, fix, null, cause);
  }

  /** A failure in the file, sheet, row or cell given; a cell that could not be read has a kind. */
  XlsxException(
      String sourceName,
      String file,
      @Nullable String sheet,
      int rowNumber,
      @Nullable String column,
      @Nullable String header,
      @Nullable String value,
      String problem,
      String fix,
      XlsxCellProblem.@Nullable Kind cellKind,
      @Nullable Throwable cause) {
    super(
        sourceName,
        describe(file, sheet, rowNumber, column, header, value, problem, fix),
        false,
        cause);
    this.file = file;
    this.sheet = sheet;
    this.rowNumber = rowNumber;
    this.column = column;
    this.header = header;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
    this.cellKind = cellKind;
  }

  private static String describe(
      String file,
      @Nullable String sheet,
      int rowNumber,
      @Nullable String column,
      @Nullable String header,
      @Nullable String value,
      String problem,
      String fix) {
    StringBuilder b = new StringBuilder(problem).append(" (file ").append(file);
    if (sheet != null) {
      b.append(", sheet '").append(sheet).append('\'');
    }
    if (rowNumber > 0) {
      b.append(", row ").append(rowNumber);
    }
    if (column != null) {
      b.append(", column ").append(column);
      if (header != null) {
        b.append(" '").append(header).append('\'');
      }
    }
    if (value != null) {
      String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
      b.append(", value '").append(shown).append('\'');
    }
    return b.append("). ").append(fix).toString();
  }

  /**
   * The failure as data, when it is a cell that could not be read.
   *
   * @return the cell's problem, or {@code null} when the failure is not in one cell
   */
  @Nullable XlsxCellProblem cellProblem() {
    XlsxCellProblem.Kind kind = cellKind;
    String col = column;
    if (kind == null || col == null || rowNumber < 1) {
      return null;
    }
    return new XlsxCellProblem(
        col + rowNumber,
        header,
        value,
        kind,
        describe(file, sheet, rowNumber, col, header, value, problem, fix));
  }

  /**
   * The file that failed.
   *
   * @return the file's path as given
   */
  public String file() {
    return file;
  }

  /**
   * The sheet, when one was open.
   *
   * @return the sheet name, or {@code null}
   */
  public @Nullable String sheet() {
    return sheet;
  }

  /**
   * The row as Excel shows it.
   *
   * @return the 1-based row number, or 0 when the failure is not in a row
   */
  public int rowNumber() {
    return rowNumber;
  }

  /**
   * The column letter.
   *
   * @return for example {@code "C"}, or {@code null}
   */
  public @Nullable String column() {
    return column;
  }

  /**
   * The header name of the column.
   *
   * @return the header, or {@code null}
   */
  public @Nullable String header() {
    return header;
  }

  /**
   * The offending value, as the file holds it.
   *
   * @return the value, or {@code null}
   */
  public @Nullable String value() {
    return value;
  }
}

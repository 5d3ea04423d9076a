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

  /**
   * Where in the file a failure is: the file, then as much of sheet, row and column as is known.
   *
   * @param file the file's path as given
   * @param sheet the sheet, or null for the whole file
   * @param rowNumber the 1-based row, or 0 when not in a row
   * @param column the column letter, or null
   * @param header the column's header name, or null
   */
  record Place(
      String file,
      @Nullable String sheet,
      int rowNumber,
      @Nullable String column,
      @Nullable String header) {

    /** The whole file. */
    static Place file(String file) {
      return new Place(file, null, 0, null, null);
    }
  }

  /** A failure of the whole file (not of a sheet, row or cell). */
  static XlsxException ofFile(
      String sourceName, String file, String problem, String fix, @Nullable Throwable cause) {
    return new XlsxException(sourceName, Place.file(file), null, problem, fix, null, cause);
  }

  /** A failure at a place in the file (a sheet, a row, a column) that is not one cell's value. */
  static XlsxException at(
      String sourceName, Place place, String problem, String fix, @Nullable Throwable cause) {
    return new XlsxException(sourceName, place, null, problem, fix, null, cause);
  }

  /** A cell that could not be read, with its value as the file holds it and the kind of problem. */
  static XlsxException ofCell(
      String sourceName,
      Place place,
      @Nullable String value,
      XlsxCellProblem.Kind kind,
      String problem,
      String fix,
      @Nullable Throwable cause) {
    return new XlsxException(sourceName, place, value, problem, fix, kind, cause);
  }

  private XlsxException(
      String sourceName,
      Place place,
      @Nullable String value,
      String problem,
      String fix,
      XlsxCellProblem.@Nullable Kind cellKind,
      @Nullable Throwable cause) {
    super(
        sourceName,
        describe(
            place.file(),
            place.sheet(),
            place.rowNumber(),
            place.column(),
            place.header(),
            value,
            problem,
            fix),
        false,
        cause);
    this.file = place.file();
    this.sheet = place.sheet();
    this.rowNumber = place.rowNumber();
    this.column = place.column();
    this.header = place.header();
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

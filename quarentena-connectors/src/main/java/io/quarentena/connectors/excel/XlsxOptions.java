package io.quarentena.connectors.excel;

import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How to read a sheet: which sheet, where the header is, which columns hold dates written as text,
 * what a cell that cannot be read does, and the source name for messages. Immutable; make one with
 * {@link #builder()} or take {@link #defaults()} (first sheet, header on row 1, a cell that cannot
 * be read fails the read).
 *
 * <p>In a job file the same options are keys of the source's {@code options}: {@code sheet}, {@code
 * sheet-index}, {@code header-row}, {@code required-columns}, {@code date-columns} and {@code
 * text-date-formats}; messages name them so.
 *
 * <pre>{@code
 * XlsxOptions options =
 *     XlsxOptions.builder()
 *         .sheet("Contatos")                 // or .sheetIndex(0), the first sheet
 *         .headerRow(1)
 *         .requiredColumns("id_cliente", "data_envio")
 *         .dateColumns("data_envio", "data_base")
 *         .textDateFormats("dd/MM/yyyy", "yyyy-MM-dd")
 *         .sourceName("crm")
 *         .build();
 * }</pre>
 */
public final class XlsxOptions {
  private static final List<String> DEFAULT_TEXT_DATE_FORMATS =
      List.of("yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss");
  private static final XlsxOptions DEFAULTS = builder().build();

  private final @Nullable String sheetName;
  private final int sheetIndex;
  private final int headerRow;
  private final Set<String> requiredColumns;
  private final Set<String> dateColumns;
  private final List<String> textDateFormats;
  private final List<DateTimeFormatter> formatters;
  private final @Nullable String sourceName;
  private final boolean cellProblemsOnTheRow;

  private XlsxOptions(Builder b) {
    this.sheetName = b.sheetName;
    this.sheetIndex = b.sheetIndex;
    this.headerRow = b.headerRow;
    this.requiredColumns = Collections.unmodifiableSet(new LinkedHashSet<>(b.requiredColumns));
    this.dateColumns = Set.copyOf(b.dateColumns);
    this.textDateFormats = List.copyOf(b.textDateFormats);
    List<DateTimeFormatter> fs = new ArrayList<>();
    for (String pattern : textDateFormats) {
      fs.add(formatter(pattern));
    }
    this.formatters = List.copyOf(fs);
    this.sourceName = b.sourceName;
    this.cellProblemsOnTheRow = b.cellProblemsOnTheRow;
  }

  /**
   * First sheet, header on row 1, no text date columns.
   *
   * @return the default options
   */
  public static XlsxOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The sheet name, when the sheet is chosen by name.
   *
   * @return the name, or empty when chosen by index
   */
  public Optional<String> sheetName() {
    return Optional.ofNullable(sheetName);
  }

  /**
   * The 0-based sheet index, when the sheet is chosen by index.
   *
   * @return the index, or empty when chosen by name
   */
  public OptionalInt sheetIndex() {
    return sheetName == null ? OptionalInt.of(sheetIndex) : OptionalInt.empty();
  }

  /**
   * The row holding the header, as Excel numbers rows (1-based). Rows above it are skipped.
   *
   * @return the header row number
   */
  public int headerRow() {
    return headerRow;
  }

  /**
   * The header names that must be in the header row; a missing one fails {@link XlsxReader#open}.
   *
   * @return the column names, in the order given
   */
  public Set<String> requiredColumns() {
    return requiredColumns;
  }

  /**
   * The header names of the columns whose text cells are dates in one of {@link
   * #textDateFormats()}.
   *
   * @return the column names
   */
  public Set<String> dateColumns() {
    return dateColumns;
  }

  /**
   * The {@link DateTimeFormatter} patterns tried, in order, on text cells of the date columns.
   *
   * @return the patterns
   */
  public List<String> textDateFormats() {
    return textDateFormats;
  }

  /**
   * The source name used in messages.
   *
   * @return the name, or empty to use the file name
   */
  public Optional<String> sourceName() {
    return Optional.ofNullable(sourceName);
  }

  /**
   * Whether a cell that cannot be read leaves its value empty and its problem on the row ({@link
   * XlsxRow#problems()}) instead of failing the read.
   *
   * @return {@code true} when problems are reported on the row
   */
  public boolean cellProblemsOnTheRow() {
    return cellProblemsOnTheRow;
  }

  List<DateTimeFormatter> formatters() {
    return formatters;
  }

  @Override
  public String toString() {
    return "XlsxOptions[sheet="
        + (sheetName != null ? "'" + sheetName + "'" : "#" + sheetIndex)
        + ", headerRow="
        + headerRow
        + ", requiredColumns="
        + requiredColumns
        + ", dateColumns="
        + dateColumns
        + ", textDateFormats="
        + textDateFormats
        + (cellProblemsOnTheRow ? ", cellProblemsOnTheRow" : "")
        + "]";
  }

  /** Strict parsing, with {@code yyyy} meaning the proleptic year so no era is needed. */
  static DateTimeFormatter formatter(String pattern) {
    StringBuilder strict = new StringBuilder(pattern.length());
    boolean quoted = false;
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      strict.append(!quoted && c == 'y' ? 'u' : c);
    }
    try {
      return DateTimeFormatter.ofPattern(strict.toString(), Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "text-date-formats: '"
              + pattern
              + "' is not a date pattern ("
              + e.getMessage()
              + "). Write it as java.time.format.DateTimeFormatter does, for example dd/MM/yyyy.",
          e);
    }
  }

  /** Builds {@link XlsxOptions}; every setter validates its argument at once. */
  public static final class Builder {
    private @Nullable String sheetName;
    private int sheetIndex;
    private boolean sheetIndexSet;
    private int headerRow = 1;
    private final Set<String> requiredColumns = new LinkedHashSet<>();
    private final Set<String> dateColumns = new LinkedHashSet<>();
    private List<String> textDateFormats = DEFAULT_TEXT_DATE_FORMATS;
    private @Nullable String sourceName;
    private boolean cellProblemsOnTheRow;

    private Builder() {}

    /**
     * Reads the sheet with this name (as the tab shows it); {@code sheet} in a job file.
     *
     * @param name the sheet name
     * @return this builder
     */
    public Builder sheet(String name) {
      Objects.requireNonNull(name, "sheet");
      if (name.isBlank()) {
        throw new IllegalArgumentException("sheet is blank: give the tab's name");
      }
      if (sheetIndexSet) {
        throw bothSheetAndIndex(name, sheetIndex);
      }
      this.sheetName = name;
      return this;
    }

    /**
     * Reads the sheet at this 0-based position ({@code 0} is the first tab); {@code sheet-index} in
     * a job file.
     *
     * @param index the sheet index
     * @return this builder
     */
    public Builder sheetIndex(int index) {
      if (index < 0) {
        throw new IllegalArgumentException(
            "sheet-index " + index + " is negative: 0 is the first sheet");
      }
      if (sheetName != null) {
        throw bothSheetAndIndex(sheetName, index);
      }
      this.sheetIndex = index;
      this.sheetIndexSet = true;
      return this;
    }

    private static IllegalStateException bothSheetAndIndex(String name, int index) {
      return new IllegalStateException(
          "both sheet ('" + name + "') and sheet-index (" + index + ") are given: choose one");
    }

    /**
     * The row that holds the header, as Excel numbers rows (default 1); {@code header-row} in a job
     * file.
     *
     * @param rowNumber the 1-based row number
     * @return this builder
     */
    public Builder headerRow(int rowNumber) {
      if (rowNumber < 1) {
        throw new IllegalArgumentException(
            "header-row " + rowNumber + " is not a row: Excel numbers rows from 1");
      }
      this.headerRow = rowNumber;
      return this;
    }

    /**
     * Columns (by header name) the header must have: a sheet without one of them fails when it is
     * opened, naming the missing columns and the header it found, instead of yielding rows without
     * ids or dates. When a later row holds them all (the first rows are a title), the message says
     * to set {@code header-row} to it. {@code required-columns} in a job file.
     *
     * @param names header names
     * @return this builder
     */
    public Builder requiredColumns(String... names) {
      for (String name : names) {
        Objects.requireNonNull(name, "required-columns");
        if (name.isBlank()) {
          throw new IllegalArgumentException("required-columns: a column name is blank");
        }
        requiredColumns.add(name.trim());
      }
      return this;
    }

    /**
     * Columns (by header name) whose text cells hold dates in one of the {@link #textDateFormats};
     * date-formatted cells are dates in every column anyway. {@code date-columns} in a job file.
     *
     * @param names header names
     * @return this builder
     */
    public Builder dateColumns(String... names) {
      for (String name : names) {
        Objects.requireNonNull(name, "date-columns");
        dateColumns.add(name.trim());
      }
      return this;
    }

    /**
     * The patterns tried, in order, on text cells of the date columns (default {@code yyyy-MM-dd},
     * {@code yyyy-MM-dd HH:mm:ss}). Parsing is strict: 31/02/2024 is an error. {@code
     * text-date-formats} in a job file.
     *
     * @param patterns {@link DateTimeFormatter} patterns
     * @return this builder
     */
    public Builder textDateFormats(String... patterns) {
      if (patterns.length == 0) {
        throw new IllegalArgumentException("text-date-formats: give at least one pattern");
      }
      for (String p : patterns) {
        formatter(Objects.requireNonNull(p, "text-date-formats"));
      }
      this.textDateFormats = List.of(patterns);
      return this;
    }

    /**
     * The source name for messages (default: the file name).
     *
     * @param name the source name, for example {@code "crm"}
     * @return this builder
     */
    public Builder sourceName(String name) {
      this.sourceName = Objects.requireNonNull(name, "sourceName");
      return this;
    }

    /**
     * Reads on past a cell that cannot be read (an Excel error such as {@code #N/A}, a formula with
     * no stored result, a number the spreadsheet cannot hold exactly, a text date in none of the
     * formats, text longer than Excel allows): the cell's value is {@code null} and its problem is
     * on the row ({@link XlsxRow#problems()}), for the caller to reject the row with the reason.
     * Without it such a cell fails the read with an {@link XlsxException}. A damaged file, sheet or
     * header fails the read either way.
     *
     * @return this builder
     */
    public Builder cellProblemsOnTheRow() {
      this.cellProblemsOnTheRow = true;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public XlsxOptions build() {
      return new XlsxOptions(this);
    }
  }
}

package io.quarentena.connectors.excel;

import io.quarentena.connectors.excel.SheetParser.RawCell;
import io.quarentena.connectors.excel.SheetParser.RawRow;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one sheet of an {@code .xlsx} file as a stream of rows. The sheet's XML is pulled row by
 * row (StAX), never loaded whole, so the heap needed does not grow with the number of rows (the
 * shared-strings table, which Excel keeps for the whole workbook, is held in memory as plain
 * strings). A 1,000,000-row CRM sheet reads in a 256 MB heap (docs/benchmarks.md).
 *
 * <p>Cells become text: integral numbers as integer text ({@code 1234567890}, never {@code
 * 1.23456789E9} or {@code 1234567890.0}), other numbers as plain decimals rounded to the 15
 * significant digits Excel shows, date-formatted cells as {@code yyyy-MM-dd} (or {@code yyyy-MM-dd
 * HH:mm:ss} when there is a time), text in the {@linkplain XlsxOptions#dateColumns() date columns}
 * parsed with the {@linkplain XlsxOptions#textDateFormats() configured formats} and rewritten the
 * same way, booleans as {@code true}/{@code false}, other text trimmed. Blank rows are skipped.
 *
 * <p>A number of 16 digits or more keeps every digit the file holds, or is a cell that cannot be
 * read: a spreadsheet number is a binary floating-point number (a double), which holds whole
 * numbers exactly only up to 9,007,199,254,740,991, and Excel keeps only 15 significant digits of
 * what is typed. So such a number written out digit by digit ({@code 5318716614123456}, as tools
 * that write ids as numbers do) is read as written; written as a double ({@code
 * 5.318716614123456E15}, as POI and most libraries write them) it is read when it is a whole number
 * a double holds exactly, and not otherwise ({@code 5.3187166141234602E15}, {@code
 * 1.23456789012345677E18}: the last digits are a rounding); and in a workbook saved by Excel, one
 * whose digits from the 16th on are zeros ({@code 5318716614123450}, what Excel stores when {@code
 * 5318716614123456} is typed) cannot be read either, as its last digits were lost on entry.
 *
 * <p>A cell that cannot be read (an Excel error such as {@code #N/A}, a formula with no stored
 * result, a number the spreadsheet cannot hold exactly, a text date in no configured format, text
 * longer than the 32,767 characters Excel allows) throws an {@link XlsxException} naming the sheet,
 * row, column and value, or, with {@link XlsxOptions.Builder#cellProblemsOnTheRow()}, is {@code
 * null} with its problem on the row ({@link XlsxRow#problems()}). A file that is not a readable
 * workbook (corrupt, truncated, password-protected, an old {@code .xls}), a missing sheet, and a
 * header without the {@linkplain XlsxOptions#requiredColumns() required columns} always throw; when
 * a later row holds the required columns (the first rows are a title), the message says to set
 * {@code header-row} to it. Text is never reinterpreted: an id typed as the text {@code
 * 1.23457E+11} stays that text, for the pipeline to reject, since its digits are lost.
 *
 * <p>One pass only, and not thread-safe.
 *
 * <pre>{@code
 * try (XlsxReader reader = XlsxReader.open(Path.of("crm.xlsx"), XlsxOptions.defaults())) {
 *   int id = reader.header().indexOf("id_cliente");
 *   for (XlsxRow row : reader) {
 *     System.out.println(row.rowNumber() + ": " + row.get(id));
 *   }
 * }
 * }</pre>
 */
public final class XlsxReader implements AutoCloseable, Iterable<XlsxRow> {
  private static final Logger LOG = LoggerFactory.getLogger(XlsxReader.class);
  private static final MathContext EXCEL_PRECISION = new MathContext(15);

  /** The largest whole number a double holds exactly with its neighbours distinct: 2^53 - 1. */
  static final BigDecimal LARGEST_EXACT_WHOLE = BigDecimal.valueOf((1L << 53) - 1);

  /** A number written out digit by digit: no exponent, no fraction but zeros. */
  private static final Pattern WRITTEN_IN_FULL = Pattern.compile("[+-]?\\d+(\\.0*)?");

  /** How many rows after the configured header are searched for the real one, for the message. */
  private static final int HEADER_LOOK_AHEAD = 1_000;

  private static final String EXTENDED_PROPERTIES =
      "application/vnd.openxmlformats-officedocument.extended-properties+xml";

  private static final String TEXT_FIX =
      "Format the column as Text in the spreadsheet (or write it as text in the program that"
          + " exports it) and enter the values again: ids are text, not numbers.";

  /** The most characters Excel keeps in a cell; longer text is not something Excel wrote. */
  static final int MAX_CELL_CHARS = 32_767;

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

  private final String source;
  private final String file;
  private final String sheet;
  private final OPCPackage pkg;
  private final InputStream sheetStream;
  private final SheetParser parser;
  private final List<String> sharedStrings;
  private final @Nullable StylesTable styles;
  private final boolean date1904;
  private final boolean savedByExcel;
  private final boolean cellProblemsOnTheRow;
  private final List<DateTimeFormatter> formatters;
  private final List<String> textDateFormats;
  private final Map<Integer, Boolean> dateStyles = new HashMap<>();
  private final List<String> header;
  private final boolean[] isDateColumn;
  private boolean iterated;
  private boolean warnedWide;
  private boolean closed;

  private XlsxReader(
      String source,
      String file,
      String sheet,
      OPCPackage pkg,
      InputStream sheetStream,
      List<String> sharedStrings,
      @Nullable StylesTable styles,
      boolean date1904,
      boolean savedByExcel,
      XlsxOptions options)
      throws XMLStreamException {
    this.source = source;
    this.file = file;
    this.sheet = sheet;
    this.pkg = pkg;
    this.sheetStream = sheetStream;
    this.parser = new SheetParser(sheetStream);
    this.sharedStrings = sharedStrings;
    this.styles = styles;
    this.date1904 = date1904;
    this.savedByExcel = savedByExcel;
    this.cellProblemsOnTheRow = options.cellProblemsOnTheRow();
    this.formatters = options.formatters();
    this.textDateFormats = options.textDateFormats();
    this.header = readHeader(options.headerRow());
    Set<String> absent = new LinkedHashSet<>(options.requiredColumns());
    absent.removeAll(header);
    if (!absent.isEmpty()) {
      Set<String> required = options.requiredColumns();
      RawRow later = findRow(names -> names.containsAll(required));
      String lacks =
          "The header lacks the required column"
              + (absent.size() > 1 ? "s " : " ")
              + absent
              + "; it has "
              + header;
      throw later == null
          ? error(
              options.headerRow(),
              -1,
              null,
              lacks,
              "Check that this is the right file, sheet and header-row, or rename the column in"
                  + " the spreadsheet.",
              null)
          : error(
              options.headerRow(),
              -1,
              null,
              lacks + ". Row " + later.rowNumber() + " holds " + names(later) + ", the header",
              "Set header-row = "
                  + later.rowNumber()
                  + " in the source's options (the rows above it are not the header).",
              null);
    }
    this.isDateColumn = new boolean[header.size()];
    Set<String> missing = new LinkedHashSet<>(options.dateColumns());
    for (int i = 0; i < header.size(); i++) {
      if (options.dateColumns().contains(header.get(i))) {
        isDateColumn[i] = true;
        missing.remove(header.get(i));
      }
    }
    if (!missing.isEmpty()) {
      throw error(
          options.headerRow(),
          -1,
          null,
          "date-columns " + missing + " are not in the header " + header,
          "Fix the names in date-columns (they must match the header exactly).",
          null);
    }
  }

  /**
   * Opens a sheet and reads its header.
   *
   * @param file the {@code .xlsx} file
   * @param options which sheet and how to read it
   * @return a reader positioned after the header; close it
   * @throws XlsxException when the file is not a readable workbook, or the sheet or header is
   *     missing
   */
  public static XlsxReader open(Path file, XlsxOptions options) {
    String fileName = file.toString();
    String source =
        options.sourceName().orElse(file.getFileName() != null ? file.getFileName() + "" : "xlsx");
    if (!Files.isRegularFile(file)) {
      throw XlsxException.ofFile(
          source,
          fileName,
          "The spreadsheet does not exist or is not a file",
          "Check the path, or that the source's fetch step ran.",
          null);
    }
    notOle2(file, source, fileName);
    OPCPackage pkg;
    try {
      pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
    } catch (Exception | LinkageError e) {
      throw corrupt(source, fileName, e);
    }
    InputStream sheetStream = null;
    try {
      XSSFReader reader = new XSSFReader(pkg);
      List<String> strings;
      try (InputStream sst = sharedStringsData(pkg)) {
        strings = sst == null ? List.of() : SharedStringsParser.read(sst);
      }
      StylesTable styles = reader.getStylesTable();
      boolean date1904;
      try (InputStream workbook = reader.getWorkbookData()) {
        date1904 = isDate1904(workbook);
      }
      boolean savedByExcel = savedByExcel(pkg, fileName);
      XSSFReader.SheetIterator sheets = reader.getSheetIterator();
      List<String> names = new ArrayList<>();
      String chosen = null;
      int index = 0;
      while (sheets.hasNext()) {
        InputStream in = sheets.next();
        String name = sheets.getSheetName();
        names.add(name);
        boolean match =
            options.sheetName().map(name::equals).orElse(false)
                || options.sheetIndex().orElse(-1) == index;
        if (match && sheetStream == null) {
          sheetStream = in;
          chosen = name;
        } else {
          in.close();
        }
        index++;
      }
      if (sheetStream == null || chosen == null) {
        String wanted =
            options
                .sheetName()
                .map(n -> "No sheet named '" + n + "'")
                .orElseGet(() -> "No sheet at index " + options.sheetIndex().orElseThrow());
        throw XlsxException.ofFile(
            source,
            fileName,
            wanted + "; the workbook has " + names,
            "Set the sheet option to one of these names (or a 0-based index).",
            null);
      }
      return new XlsxReader(
          source,
          fileName,
          chosen,
          pkg,
          sheetStream,
          strings,
          styles,
          date1904,
          savedByExcel,
          options);
    } catch (XlsxException e) {
      closeQuietly(sheetStream, pkg);
      throw e;
    } catch (Exception | LinkageError e) {
      closeQuietly(sheetStream, pkg);
      throw corrupt(source, fileName, e);
    }
  }

  /**
   * An encrypted (password-protected) .xlsx and an Excel 97-2003 .xls are OLE2 files, not zips: say
   * which, since the fixes differ.
   */
  private static void notOle2(Path file, String source, String fileName) {
    FileMagic magic;
    try (InputStream in = FileMagic.prepareToCheckMagic(Files.newInputStream(file))) {
      magic = FileMagic.valueOf(in);
    } catch (IOException e) {
      throw corrupt(source, fileName, e);
    }
    if (magic != FileMagic.OLE2) {
      return;
    }
    boolean encrypted;
    try (POIFSFileSystem ole = new POIFSFileSystem(file.toFile(), true)) {
      encrypted = ole.getRoot().hasEntry("EncryptionInfo");
    } catch (IOException | RuntimeException e) {
      throw corrupt(source, fileName, e);
    }
    throw XlsxException.ofFile(
        source,
        fileName,
        encrypted
            ? "The workbook is password-protected (encrypted), so it cannot be read"
            : "The file is an Excel 97-2003 workbook (.xls) or another OLE2 document, not .xlsx",
        encrypted
            ? "Ask the owner for a copy without a password (in Excel: File > Info > Protect"
                + " Workbook > Encrypt with Password, then clear the password) or with the data"
                + " only; passwords are not read from the job file."
            : "Open it in Excel and save it as Excel Workbook (.xlsx).",
        null);
  }

  /** The shared-strings part, or {@code null}: a workbook without text cells may have none. */
  private static @Nullable InputStream sharedStringsData(OPCPackage pkg)
      throws IOException, InvalidFormatException {
    List<PackagePart> parts =
        pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
    return parts.isEmpty() ? null : parts.get(0).getInputStream();
  }

  static XlsxException corrupt(String source, String file, Throwable e) {
    LinkageError clash = linkageError(e);
    if (clash != null) {
      // Not the file's fault: POI met an older copy of one of its libraries (on Spark, usually
      // the runtime's own commons-compress or commons-io winning over the one POI needs).
      return XlsxException.ofFile(
          source,
          file,
          "A library conflict stopped the workbook from being read ("
              + clash.getClass().getSimpleName()
              + ": "
              + clash.getMessage()
              + ")"
              + jarOf(clash),
          "This is the classpath, not the file: Apache POI needs newer versions of its"
              + " libraries than this runtime put first (see 'Classpath' in docs/connectors.md)."
              + " Run the job jar (quarentena-job-bundle), which carries its own relocated copies, or"
              + " put the versions the connectors depend on ahead of the runtime's.",
          e);
    }
    return XlsxException.ofFile(
        source,
        file,
        "Not a readable .xlsx workbook: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
        "Save or export the file again as an Excel Workbook (.xlsx); .xls, .xlsb and .csv files"
            + " are not read by this reader.",
        e);
  }

  private static @Nullable LinkageError linkageError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LinkageError l) {
        return l;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /**
   * " — org.example.Type comes from /path/lib-1.0.jar", for a NoSuchMethodError or NoSuchFieldError
   * whose message names the type that lacks the member; empty when that cannot be told.
   */
  static String jarOf(LinkageError e) {
    String msg = e.getMessage();
    if (msg == null || !(e instanceof NoSuchMethodError || e instanceof NoSuchFieldError)) {
      return "";
    }
    String text = msg.replace("'", "");
    int paren = text.indexOf('(');
    String member = (paren >= 0 ? text.substring(0, paren) : text).trim();
    member = member.substring(member.lastIndexOf(' ') + 1);
    int dot = member.lastIndexOf('.');
    if (dot <= 0) {
      return "";
    }
    String owner = member.substring(0, dot);
    try {
      Class<?> type = Class.forName(owner, false, XlsxReader.class.getClassLoader());
      java.security.CodeSource code = type.getProtectionDomain().getCodeSource();
      return code == null || code.getLocation() == null
          ? ""
          : "; " + owner + " was loaded from " + code.getLocation();
    } catch (ClassNotFoundException | LinkageError | SecurityException notFound) {
      return "";
    }
  }

  /**
   * Whether the workbook says it was saved by Excel ({@code docProps/app.xml}). Libraries that
   * write files the way Excel does may say so too; a file that does not say is not taken for
   * Excel's.
   */
  private static boolean savedByExcel(OPCPackage pkg, String file) {
    try {
      List<PackagePart> parts = pkg.getPartsByContentType(EXTENDED_PROPERTIES);
      if (parts.isEmpty()) {
        return false;
      }
      try (InputStream in = parts.get(0).getInputStream()) {
        XMLStreamReader xml = SheetParser.FACTORY.createXMLStreamReader(in);
        try {
          while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT
                && xml.getLocalName().equals("Application")) {
              String app = xml.getElementText();
              return app.contains("Microsoft") && app.contains("Excel");
            }
          }
          return false;
        } finally {
          xml.close();
        }
      }
    } catch (IOException | XMLStreamException | RuntimeException e) {
      LOG.debug("{}: no readable docProps/app.xml; not taken for a file saved by Excel", file, e);
      return false;
    }
  }

  private static boolean isDate1904(InputStream workbook) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader xml = f.createXMLStreamReader(workbook);
    try {
      while (xml.hasNext()) {
        if (xml.next() == XMLStreamConstants.START_ELEMENT) {
          String name = xml.getLocalName();
          if (name.equals("workbookPr")) {
            String v = xml.getAttributeValue(null, "date1904");
            return "1".equals(v) || "true".equalsIgnoreCase(v);
          }
          if (name.equals("sheets")) {
            return false;
          }
        }
      }
      return false;
    } finally {
      xml.close();
    }
  }

  private List<String> readHeader(int headerRow) throws XMLStreamException {
    RawRow row;
    do {
      row = parser.next();
    } while (row != null && row.rowNumber() < headerRow);
    if (row == null || row.rowNumber() != headerRow) {
      RawRow later =
          row != null && !names(row).isEmpty() ? row : findRow(names -> !names.isEmpty());
      throw noHeader(headerRow, " is empty or missing", later);
    }
    List<String> names = new ArrayList<>();
    for (RawCell cell : row.cells()) {
      String v = decode(cell, false, row.rowNumber(), null);
      while (names.size() < cell.column()) {
        names.add("");
      }
      names.add(v == null ? "" : v);
    }
    int width = names.size();
    while (width > 0 && names.get(width - 1).isEmpty()) {
      width--;
    }
    names = new ArrayList<>(names.subList(0, width));
    if (names.isEmpty()) {
      throw noHeader(headerRow, " has no column names", findRow(found -> !found.isEmpty()));
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isEmpty()) {
        throw error(
            headerRow,
            i,
            null,
            "A header cell is empty between named columns",
            "Name the column in the header row, or delete the column.",
            null);
      }
      if (!seen.add(name)) {
        throw error(
            headerRow,
            i,
            name,
            "The column name '" + name + "' appears twice in the header",
            "Rename one of the columns.",
            null);
      }
    }
    return List.copyOf(names);
  }

  /** The header row holds no names; {@code later} is the first row after it with values. */
  private XlsxException noHeader(int headerRow, String what, @Nullable RawRow later) {
    if (later == null) {
      return error(
          headerRow,
          -1,
          null,
          "The header row " + headerRow + what,
          "Set header-row to the row that holds the column names.",
          null);
    }
    return error(
        headerRow,
        -1,
        null,
        "The header row "
            + headerRow
            + what
            + "; the first row with values after it is row "
            + later.rowNumber()
            + ", holding "
            + names(later),
        "Set header-row = "
            + later.rowNumber()
            + " in the source's options if that row holds the column names.",
        null);
  }

  /**
   * The first of the next rows (up to {@value #HEADER_LOOK_AHEAD}) whose values pass the test, to
   * say where the header is when it is not where the options say; {@code null} when none does. The
   * rows read are gone: call it only on the way to an error.
   */
  private @Nullable RawRow findRow(Predicate<Set<String>> test) {
    for (int i = 0; i < HEADER_LOOK_AHEAD; i++) {
      RawRow row;
      try {
        row = parser.next();
      } catch (XMLStreamException | RuntimeException e) {
        return null;
      }
      if (row == null) {
        return null;
      }
      if (test.test(names(row))) {
        return row;
      }
    }
    return null;
  }

  /** A row's values as text, read as a header is: cells that cannot be read are left out. */
  private Set<String> names(RawRow row) {
    Set<String> names = new LinkedHashSet<>();
    for (RawCell cell : row.cells()) {
      try {
        String v = decode(cell, false, row.rowNumber(), null);
        if (v != null) {
          names.add(v);
        }
      } catch (XlsxException e) {
        // not a column name
      }
    }
    return names;
  }

  /**
   * The column names of the header row, trimmed, in sheet order.
   *
   * @return the header
   */
  public List<String> header() {
    return header;
  }

  /**
   * The name of the sheet being read.
   *
   * @return the sheet name
   */
  public String sheetName() {
    return sheet;
  }

  /**
   * The data rows after the header, blank rows skipped. Can be called once: the file is read as a
   * stream.
   *
   * @return the rows
   * @throws IllegalStateException on a second call
   */
  @Override
  public Iterator<XlsxRow> iterator() {
    if (iterated) {
      throw new IllegalStateException(
          "XlsxReader reads its sheet once, as a stream: open the file again to read it twice.");
    }
    iterated = true;
    return new Iterator<>() {
      private @Nullable XlsxRow next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = advance();
        }
        return next != null;
      }

      @Override
      public XlsxRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more rows in sheet '" + sheet + "'");
        }
        XlsxRow row = next;
        next = null;
        return row;
      }
    };
  }

  private @Nullable XlsxRow advance() {
    if (closed) {
      throw new IllegalStateException("XlsxReader for " + file + " is closed");
    }
    while (true) {
      RawRow raw;
      try {
        raw = parser.next();
      } catch (XMLStreamException | RuntimeException e) {
        throw error(
            parser.lastRowNumber(),
            -1,
            null,
            "The sheet's XML is damaged: " + e.getMessage(),
            "Open the file in Excel, save it again as .xlsx, and re-run.",
            e);
      }
      if (raw == null) {
        return null;
      }
      String[] values = new String[header.size()];
      List<XlsxCellProblem> problems = new ArrayList<>();
      boolean blank = true;
      for (RawCell cell : raw.cells()) {
        int col = cell.column();
        if (col >= values.length) {
          if (cell.value() != null && !cell.value().isBlank() && !warnedWide) {
            warnedWide = true;
            LOG.warn(
                "source '{}': {} sheet '{}' row {} has a value in column {}, right of the last"
                    + " named header column; such cells are ignored. Name the column in the"
                    + " header to read it, or, if the header is on a later row (the rows above"
                    + " it a title), set header-row to that row.",
                source,
                file,
                sheet,
                raw.rowNumber(),
                SheetParser.columnLetter(col));
          }
          continue;
        }
        String v;
        try {
          v = decode(cell, isDateColumn[col], raw.rowNumber(), header.get(col));
        } catch (XlsxException e) {
          XlsxCellProblem problem = cellProblemsOnTheRow ? e.cellProblem() : null;
          if (problem == null) {
            throw e;
          }
          problems.add(problem);
          blank = false;
          continue;
        }
        values[col] = v;
        if (v != null) {
          blank = false;
        }
      }
      if (!blank) {
        return new XlsxRow(raw.rowNumber(), Arrays.asList(values), problems);
      }
    }
  }

  /** The cell as text, or {@code null} when it is empty. */
  private @Nullable String decode(
      RawCell cell, boolean dateColumn, int rowNumber, @Nullable String headerName) {
    String raw = cell.value();
    if (raw == null) {
      String formula = cell.formula();
      if (formula != null) {
        throw cellError(
            XlsxCellProblem.Kind.VALUE,
            rowNumber,
            cell.column(),
            headerName,
            formula.isEmpty() ? null : "=" + formula,
            "Cell "
                + SheetParser.columnLetter(cell.column())
                + rowNumber
                + " holds a formula with no stored result: the file was saved without calculating"
                + " it (as programs that write spreadsheets without Excel do), so there is no"
                + " value to read",
            "Open the file in Excel and save it (Excel stores each formula's result), or replace"
                + " the formulas by their values (copy, then Paste Special > Values) before the"
                + " export.",
            null);
      }
      return null;
    }
    String type = cell.type() == null ? "n" : cell.type();
    String text;
    switch (type) {
      case "s" -> {
        int idx;
        try {
          idx = Integer.parseInt(raw.trim());
          text = sharedStrings.get(idx);
        } catch (RuntimeException e) {
          throw cellError(
              XlsxCellProblem.Kind.VALUE,
              rowNumber,
              cell.column(),
              headerName,
              raw,
              "The cell points at shared string " + raw.trim() + ", which the workbook lacks",
              "The file is damaged: save it again from Excel.",
              e);
        }
      }
      case "inlineStr", "str" -> text = raw;
      case "b" -> text = "1".equals(raw.trim()) || "true".equals(raw.trim()) ? "true" : "false";
      case "e" ->
          throw cellError(
              XlsxCellProblem.Kind.VALUE,
              rowNumber,
              cell.column(),
              headerName,
              raw,
              "The cell holds the Excel error " + raw,
              "Fix the formula or value in the spreadsheet.",
              null);
      case "d" -> {
        return isoDate(raw.trim(), rowNumber, cell.column(), headerName);
      }
      default -> {
        return number(raw.trim(), cell.style(), dateColumn, rowNumber, cell.column(), headerName);
      }
    }
    if (text.length() > MAX_CELL_CHARS) {
      throw cellError(
          XlsxCellProblem.Kind.VALUE,
          rowNumber,
          cell.column(),
          headerName,
          text.substring(0, 80) + "... (" + text.length() + " characters)",
          "The cell holds "
              + text.length()
              + " characters, more than the "
              + MAX_CELL_CHARS
              + " Excel allows in a cell: the file was not written by Excel or is damaged",
          "Fix the cell in the spreadsheet, or export the data again.",
          null);
    }
    text = text.trim();
    if (text.isEmpty()) {
      return null;
    }
    return dateColumn ? textDate(text, rowNumber, cell.column(), headerName) : text;
  }

  private @Nullable String number(
      String raw, int style, boolean dateColumn, int rowNumber, int col, @Nullable String hdr) {
    if (raw.isEmpty()) {
      return null;
    }
    double d;
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(raw);
      d = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw cellError(
          XlsxCellProblem.Kind.VALUE,
          rowNumber,
          col,
          hdr,
          raw,
          "The cell is marked numeric but holds no number",
          "Retype the value in the spreadsheet.",
          e);
    }
    if (isDateStyle(style)) {
      if (!DateUtil.isValidExcelDate(d)) {
        throw cellError(
            XlsxCellProblem.Kind.DATE,
            rowNumber,
            col,
            hdr,
            raw,
            "The cell is formatted as a date but its value is not a valid Excel date",
            "Retype the date in the spreadsheet.",
            null);
      }
      return format(DateUtil.getLocalDateTime(d, date1904, true));
    }
    String text;
    // Digits before the decimal point: from 16 on, a spreadsheet may not hold every one.
    if (decimal.precision() - decimal.scale() >= 16) {
      String inexact = inexact(raw, decimal, savedByExcel);
      if (inexact != null) {
        throw cellError(
            XlsxCellProblem.Kind.VALUE, rowNumber, col, hdr, raw, inexact, TEXT_FIX, null);
      }
      text = decimal.stripTrailingZeros().toPlainString();
    } else {
      text = plain(decimal);
    }
    return dateColumn ? textDate(text, rowNumber, col, hdr) : text;
  }

  /**
   * Why a number of 16 digits or more cannot be read as the whole number it stands for, or {@code
   * null} when it can (its digits are then exactly the file's).
   *
   * @param raw the number as the file writes it
   * @param decimal its exact value
   * @param savedByExcel whether Excel saved the workbook
   * @return the problem, or {@code null}
   */
  static @Nullable String inexact(String raw, BigDecimal decimal, boolean savedByExcel) {
    BigDecimal stripped = decimal.stripTrailingZeros();
    int digits = decimal.abs().toBigInteger().toString().length();
    boolean whole = stripped.scale() <= 0;
    if (savedByExcel && whole && stripped.precision() <= 15) {
      return "The number "
          + raw
          + " has "
          + digits
          + " digits, and Excel keeps only 15 significant digits of a number: a longer number"
          + " typed or pasted into a number cell is stored with its digits from the 16th on as"
          + " zeros, so the spreadsheet cannot hold that many digits exactly and this is not the"
          + " value that was entered";
    }
    boolean heldByADouble = whole && stripped.abs().compareTo(LARGEST_EXACT_WHOLE) <= 0;
    boolean writtenInFull = !savedByExcel && whole && WRITTEN_IN_FULL.matcher(raw).matches();
    if (heldByADouble || writtenInFull) {
      return null;
    }
    return "The number "
        + raw
        + " has "
        + digits
        + " digits before the decimal point, and the file holds it as a floating-point number (a"
        + " double), which holds whole numbers exactly only up to "
        + LARGEST_EXACT_WHOLE.toPlainString()
        + ": the spreadsheet cannot hold that many digits exactly, so its last digits are a"
        + " rounding, not the value that was entered";
  }

  /**
   * A number of up to 15 digits before the decimal point: integral numbers as integer text, others
   * plain, to Excel's 15 significant digits.
   */
  static String plain(BigDecimal decimal) {
    BigDecimal shown = decimal.round(EXCEL_PRECISION).stripTrailingZeros();
    if (shown.signum() == 0) {
      return "0";
    }
    return shown.toPlainString();
  }

  private String textDate(String text, int rowNumber, int col, @Nullable String hdr) {
    for (DateTimeFormatter f : formatters) {
      try {
        TemporalAccessor t = f.parseBest(text, LocalDateTime::from, LocalDate::from);
        return t instanceof LocalDateTime ldt ? format(ldt) : t.toString();
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    throw cellError(
        XlsxCellProblem.Kind.DATE,
        rowNumber,
        col,
        hdr,
        text,
        "The text is not a date in any of the formats " + textDateFormats,
        "Fix the date in the spreadsheet, or add its format to text-date-formats.",
        null);
  }

  private String isoDate(String raw, int rowNumber, int col, @Nullable String hdr) {
    try {
      if (raw.contains("T")) {
        return format(
            LocalDateTime.parse(raw.endsWith("Z") ? raw.substring(0, raw.length() - 1) : raw));
      }
      return LocalDate.parse(raw).toString();
    } catch (DateTimeParseException e) {
      throw cellError(
          XlsxCellProblem.Kind.DATE,
          rowNumber,
          col,
          hdr,
          raw,
          "The cell is typed as an ISO 8601 date but does not parse as one",
          "Retype the date in the spreadsheet.",
          e);
    }
  }

  private static String format(LocalDateTime t) {
    return t.toLocalTime().equals(LocalTime.MIDNIGHT)
        ? t.toLocalDate().toString()
        : DATE_TIME.format(t);
  }

  private boolean isDateStyle(int style) {
    StylesTable styles = this.styles;
    if (styles == null) {
      return false;
    }
    return dateStyles.computeIfAbsent(
        style,
        s -> {
          try {
            XSSFCellStyle cs = styles.getStyleAt(s);
            if (cs == null) {
              return false;
            }
            String fmt = cs.getDataFormatString();
            return fmt != null && DateUtil.isADateFormat(cs.getDataFormat(), fmt);
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  /** A cell that cannot be read: an error, or a problem on its row when so configured. */
  private XlsxException cellError(
      XlsxCellProblem.Kind kind,
      int rowNumber,
      int column,
      @Nullable String headerName,
      @Nullable String value,
      String problem,
      String fix,
      @Nullable Throwable cause) {
    return XlsxException.ofCell(
        source,
        new XlsxException.Place(
            file, sheet, rowNumber, SheetParser.columnLetter(column), headerName),
        value,
        kind,
        problem,
        fix,
        cause);
  }

  private XlsxException error(
      int rowNumber,
      int column,
      @Nullable String headerName,
      String problem,
      String fix,
      @Nullable Throwable cause) {
    return XlsxException.at(
        source,
        new XlsxException.Place(
            file,
            sheet,
            rowNumber,
            column >= 0 ? SheetParser.columnLetter(column) : null,
            headerName),
        problem,
        fix,
        cause);
  }

  /** Closes the sheet stream and the package. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        parser.close();
      } catch (XMLStreamException e) {
        LOG.debug("closing the sheet parser of {}", file, e);
      }
      closeQuietly(sheetStream, pkg);
    }
  }

  private static void closeQuietly(@Nullable InputStream in, OPCPackage pkg) {
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException e) {
      LOG.debug("closing a sheet stream", e);
    } finally {
      pkg.revert();
    }
  }
}

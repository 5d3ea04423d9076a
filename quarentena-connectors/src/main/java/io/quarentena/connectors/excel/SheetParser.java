package io.quarentena.connectors.excel;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Pulls rows out of a worksheet part ({@code xl/worksheets/sheetN.xml}) one at a time with StAX, so
 * memory stays flat whatever the number of rows. Element names are matched by local name, so
 * transitional and strict OOXML both read.
 */
final class SheetParser implements AutoCloseable {

  /**
   * A cell as the XML holds it: no decoding yet. {@code formula} is the cell's formula ({@code ""}
   * for a cell of a shared formula), {@code null} when it has none.
   */
  record RawCell(
      int column,
      @Nullable String type,
      int style,
      @Nullable String value,
      @Nullable String formula) {}

  /** A row's cells in document order. */
  record RawRow(int rowNumber, List<RawCell> cells) {}

  static final XMLInputFactory FACTORY = secureFactory();

  private final XMLStreamReader xml;
  private int lastRowNumber;
  private boolean done;

  SheetParser(InputStream in) throws XMLStreamException {
    this.xml = FACTORY.createXMLStreamReader(in);
  }

  private static XMLInputFactory secureFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    // No DTDs, no external entities: a spreadsheet is untrusted input.
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  int lastRowNumber() {
    return lastRowNumber;
  }

  /** The next {@code <row>}, or {@code null} at the end of the sheet data. */
  @Nullable RawRow next() throws XMLStreamException {
    if (done) {
      return null;
    }
    List<RawCell> cells = new ArrayList<>();
    int rowNumber = -1;
    int column = -1;
    @Nullable String type = null;
    int style = 0;
    @Nullable String value = null;
    @Nullable String formula = null;
    while (xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        switch (xml.getLocalName()) {
          case "row" -> {
            String r = xml.getAttributeValue(null, "r");
            rowNumber = r != null ? parseInt(r) : lastRowNumber + 1;
            lastRowNumber = rowNumber;
            cells.clear();
            column = -1;
          }
          case "c" -> {
            String ref = xml.getAttributeValue(null, "r");
            column = ref != null ? columnIndex(ref) : column + 1;
            type = xml.getAttributeValue(null, "t");
            String s = xml.getAttributeValue(null, "s");
            style = s != null ? parseInt(s) : 0;
            value = null;
            formula = null;
          }
          case "v" -> value = xml.getElementText();
          case "is" -> value = richText(xml);
          case "f" -> formula = xml.getElementText(); // its cached result, if any, is in <v>
          default -> {
            // other elements (sheetPr, cols, mergeCells, extLst, ...) carry no cell values
          }
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        switch (xml.getLocalName()) {
          case "c" -> cells.add(new RawCell(column, type, style, value, formula));
          case "row" -> {
            return new RawRow(rowNumber, cells);
          }
          case "sheetData" -> {
            done = true;
            return null;
          }
          default -> {
            // nothing to do
          }
        }
      }
    }
    done = true;
    return null;
  }

  /**
   * The text of an {@code <is>} or {@code <si>} element the reader is positioned on: every {@code
   * <t>}, rich-text runs joined, phonetic runs skipped. Leaves the reader on its end tag.
   */
  static String richText(XMLStreamReader xml) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    int depth = 1;
    int phonetic = 0;
    while (depth > 0 && xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
        String name = xml.getLocalName();
        if (name.equals("rPh")) {
          phonetic++;
        } else if (name.equals("t") && phonetic == 0) {
          text.append(xml.getElementText());
          depth--;
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
        if (xml.getLocalName().equals("rPh")) {
          phonetic--;
        }
      }
    }
    return text.toString();
  }

  private static int parseInt(String s) throws XMLStreamException {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new XMLStreamException("not a number: '" + s + "'", e);
    }
  }

  /** {@code "AB12"} gives 27 (0-based). */
  static int columnIndex(String ref) throws XMLStreamException {
    int col = 0;
    int i = 0;
    while (i < ref.length() && Character.isLetter(ref.charAt(i))) {
      col = col * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
      i++;
    }
    if (i == 0 || col > 16_384) {
      throw new XMLStreamException("not a cell reference: '" + ref + "'");
    }
    return col - 1;
  }

  /** 27 gives {@code "AB"}. */
  static String columnLetter(int index) {
    StringBuilder b = new StringBuilder();
    int n = index + 1;
    while (n > 0) {
      int rem = (n - 1) % 26;
      b.append((char) ('A' + rem));
      n = (n - 1) / 26;
    }
    return b.reverse().toString();
  }

  @Override
  public void close() throws XMLStreamException {
    xml.close();
  }
}

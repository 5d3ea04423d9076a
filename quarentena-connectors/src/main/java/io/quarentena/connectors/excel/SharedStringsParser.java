package io.quarentena.connectors.excel;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads {@code xl/sharedStrings.xml} into plain strings. Excel writes every text cell there, so a
 * sheet of a million e-mails holds close to a million entries, each looked up once per cell. POI's
 * read-only table fits the same heap but hands out a new rich-text object per lookup; plain strings
 * read a 1,000,000-row sheet about a quarter faster (docs/benchmarks.md). Rich-text runs are joined
 * and phonetic runs skipped exactly as for inline strings, with the same hardened StAX factory (no
 * DTDs, no external entities).
 */
final class SharedStringsParser {
  private SharedStringsParser() {}

  static List<String> read(InputStream in) throws XMLStreamException {
    List<String> strings = new ArrayList<>();
    XMLStreamReader xml = SheetParser.FACTORY.createXMLStreamReader(in);
    try {
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = xml.getLocalName();
          if (name.equals("sst")) {
            String unique = xml.getAttributeValue(null, "uniqueCount");
            if (unique != null && unique.matches("\\d{1,8}")) {
              ((ArrayList<String>) strings).ensureCapacity(Integer.parseInt(unique));
            }
          } else if (name.equals("si")) {
            strings.add(SheetParser.richText(xml));
          }
        }
      }
    } finally {
      xml.close();
    }
    return strings;
  }
}

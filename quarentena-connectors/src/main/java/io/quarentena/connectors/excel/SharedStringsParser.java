package io.quarentena.connectors.excel;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads {@code xl/sharedStrings.xml} into plain strings. Excel writes every text cell there, so a
 * sheet of a million distinct e-mails holds a million entries; POI's read-only table keeps each as
 * a rich-text object, several times the size of the string, which does not fit a 256 MB heap.
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

package io.quarentena.spark.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file's text into records, as Spark's readers do when they open the file: at line breaks
 * ({@code \r\n}, {@code \n} or {@code \r}), except inside a quoted field when a quote character is
 * given. A doubled quote inside a quoted field (RFC 4180) closes and reopens the quotes, so it
 * never ends a record; a quote left open takes the rest of the text into its record, as Spark's
 * multi-line CSV reader does; a {@code \r\n} inside quotes becomes {@code \n}, as there. A line
 * break at the end of the text ends the last record; it does not start an empty one.
 *
 * <pre>{@code
 * TextRecords.split("a;b\n1;\"x\ny\"\n", '"', '"');   // ["a;b", "1;\"x\ny\""]
 * TextRecords.split("{}\r\n{}", (char) 0, (char) 0);      // ["{}", "{}"]
 * }</pre>
 */
final class TextRecords {

  private TextRecords() {}

  /**
   * The records of a text.
   *
   * @param text the decoded text
   * @param quote the quote character, or 0 to split at every line break
   * @param escape the escape character inside quotes ({@code escape}); when it is not the quote
   *     itself, the character after it never opens or closes quotes
   * @return the records, without their line breaks
   */
  static List<String> split(String text, char quote, char escape) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (quoted && escape != quote && c == escape && i + 1 < n) {
        i += 2;
      } else if (quote != 0 && c == quote) {
        quoted = !quoted;
        i++;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        out.add(record(text.substring(start, i), quote));
        i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
        start = i;
      } else {
        i++;
      }
    }
    if (start < n) {
      out.add(record(text.substring(start), quote));
    }
    return out;
  }

  /**
   * A record as Spark's multi-line CSV reader gives it: a {@code \r\n} inside quotes becomes {@code
   * \n} (its parser normalizes line endings within quoted values).
   */
  private static String record(String text, char quote) {
    return quote != 0 && text.indexOf('\r') >= 0 ? text.replace("\r\n", "\n") : text;
  }
}

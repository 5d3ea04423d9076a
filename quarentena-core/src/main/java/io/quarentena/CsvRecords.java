package io.quarentena;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * A streaming RFC 4180 record reader: fields separated by one character, optionally quoted with
 * {@code "} (a quote inside doubled), quoted fields may span lines, {@code \n} or {@code \r\n} ends
 * a record, blank lines are skipped. Fields are unescaped into one reusable buffer, so a record
 * costs no allocation until a caller asks for a field as a {@code String}.
 */
final class CsvRecords implements Closeable {

  /** A malformed record; the caller adds the file name. */
  static final class MalformedException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  private final Reader in;
  private final char separator;
  private final char[] input = new char[1 << 16];
  private int pos;
  private int limit;

  private char[] chars = new char[256];
  private int length;
  private int[] ends = new int[16];
  private boolean[] quoted = new boolean[16];
  private int count;

  private long line = 1;
  private long recordLine;
  private boolean first = true;

  CsvRecords(Reader in, char separator) {
    this.in = in;
    this.separator = separator;
  }

  /** Reads the next non-blank record; false at the end of the input. */
  boolean next() throws IOException {
    while (true) {
      count = 0;
      length = 0;
      recordLine = line;
      int c = read();
      if (first) {
        first = false;
        if (c == '\uFEFF') { // a byte order mark, as some spreadsheet tools write
          c = read();
        }
      }
      if (c < 0) {
        return false;
      }
      if (c == '\n' || c == '\r') {
        if (c == '\r' && peek() == '\n') {
          read();
        }
        line++;
        continue; // a blank line
      }
      readRecord(c);
      return true;
    }
  }

  private void readRecord(int c) throws IOException {
    while (true) {
      boolean isQuoted = false;
      if (c == '"') {
        isQuoted = true;
        long startLine = line;
        while (true) {
          c = read();
          if (c < 0) {
            throw new MalformedException(
                "line "
                    + startLine
                    + ": a quoted field is never closed; every \" that opens a field must be"
                    + " closed, and a \" inside a field doubled (\"\")");
          }
          if (c == '"') {
            c = read();
            if (c != '"') {
              break;
            }
          } else if (c == '\n') {
            line++;
          }
          append((char) c);
        }
        if (c >= 0 && c != separator && c != '\n' && c != '\r') {
          throw new MalformedException(
              "line "
                  + line
                  + ", field "
                  + (count + 1)
                  + ": '"
                  + (char) c
                  + "' after a closing quote; a \" inside a quoted field must be doubled (\"\")."
                  + " Spark writes this with .option(\"escape\", \"\\\"\")");
        }
      } else {
        while (c >= 0 && c != separator && c != '\n' && c != '\r') {
          append((char) c);
          c = read();
        }
      }
      endField(isQuoted);
      if (c == separator) {
        c = read();
        continue;
      }
      if (c == '\r' && peek() == '\n') {
        read();
      }
      if (c >= 0) {
        line++;
      }
      return;
    }
  }

  private void append(char c) {
    if (length == chars.length) {
      chars = java.util.Arrays.copyOf(chars, length * 2);
    }
    chars[length++] = c;
  }

  private void endField(boolean isQuoted) {
    if (count == ends.length) {
      ends = java.util.Arrays.copyOf(ends, count * 2);
      quoted = java.util.Arrays.copyOf(quoted, count * 2);
    }
    quoted[count] = isQuoted;
    ends[count++] = length;
  }

  private int read() throws IOException {
    if (pos == limit) {
      limit = in.read(input, 0, input.length);
      pos = 0;
      if (limit <= 0) {
        limit = 0;
        return -1;
      }
    }
    return input[pos++];
  }

  private int peek() throws IOException {
    int c = read();
    if (c >= 0) {
      pos--;
    }
    return c;
  }

  /** The number of fields of the current record. */
  int size() {
    return count;
  }

  /** The physical line the current record starts on (1-based). */
  long line() {
    return recordLine;
  }

  /** Whether a field is empty and was not quoted: how Spark writes a null. */
  boolean isNull(int field) {
    return !quoted[field] && start(field) == ends[field];
  }

  String field(int field) {
    int start = start(field);
    return new String(chars, start, ends[field] - start);
  }

  int fieldLength(int field) {
    return ends[field] - start(field);
  }

  char charAt(int field, int index) {
    return chars[start(field) + index];
  }

  private int start(int field) {
    return field == 0 ? 0 : ends[field - 1];
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

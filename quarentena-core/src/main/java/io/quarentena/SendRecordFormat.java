package io.quarentena;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The value of a send's record in a send log (the Kafka topic of {@code quarentena-kafka}, read by
 * services and by the batch job alike): one flat JSON object in UTF-8, with a format version and
 * the standard columns of the contact, absent when null. One definition for every reader and
 * writer, so the services and the job never disagree on what a record says.
 *
 * <pre>{@code
 * {"v":1,"id_cliente":"0012345678","canal":"CRM","data_envio":"2024-05-08",
 *  "id_envio":"sfmc-7781","email":"cliente@exemplo.com","assunto":"Campanha"}
 * }</pre>
 *
 * <p>Version 1 has the keys {@code v} (the number 1), {@code id_cliente}, {@code canal}, {@code
 * data_envio} (required), and {@code email}, {@code telefone}, {@code assunto}, {@code categoria},
 * {@code data_exclus} and {@code id_envio} (optional); dates are ISO ({@code yyyy-MM-dd}), every
 * other value a JSON string. A reader ignores the keys it does not know, so a writer may add an
 * optional key without a new version; a change a reader must understand takes a new version, and a
 * reader refuses a version it does not know rather than guess. The record's key is the customer id
 * in UTF-8, so one customer's sends stay in one partition, in order.
 *
 * <pre>{@code
 * byte[] value = SendRecordFormat.encode(send);
 * ContactEvent same = SendRecordFormat.decode(value);   // equal to send
 * }</pre>
 */
public final class SendRecordFormat {

  /** The version this class writes, and the only one it reads. */
  public static final int VERSION = 1;

  private static final Set<String> REQUIRED = Set.of("v", "id_cliente", "canal", "data_envio");

  private SendRecordFormat() {}

  /**
   * The record value of a send.
   *
   * @param send the send
   * @return its value, UTF-8 JSON
   */
  public static byte[] encode(ContactEvent send) {
    StringBuilder out = new StringBuilder(128);
    out.append("{\"v\":").append(VERSION);
    field(out, "id_cliente", send.customerId());
    field(out, "canal", send.channel().id());
    field(out, "data_envio", send.contactDate().toString());
    field(out, "id_envio", send.sendId());
    field(out, "email", send.email());
    field(out, "telefone", send.phone());
    field(out, "assunto", send.subject());
    field(out, "categoria", send.category());
    field(out, "data_exclus", send.revokedOn() == null ? null : send.revokedOn().toString());
    return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a record value written by {@link #encode} (or by any writer of the documented format).
   *
   * @param value the record's value
   * @return the send
   * @throws IllegalArgumentException if the value is not a send of a known version: the message
   *     says what is wrong (the caller adds where the record is)
   */
  public static ContactEvent decode(byte @Nullable [] value) {
    if (value == null) {
      throw new IllegalArgumentException("the record has no value (a tombstone), not a send");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(value))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the record's value is not UTF-8 text", e);
    }
    Map<String, @Nullable Object> fields = new Parser(text).object();
    Object v = fields.get("v");
    if (!(v instanceof Long version) || version != VERSION) {
      throw new IllegalArgumentException(
          v == null
              ? "the record has no format version 'v': not a send of the send record format: "
                  + clip(text)
              : "the record is of send format version "
                  + v
                  + ", which this reader does not know (it reads version "
                  + VERSION
                  + "): upgrade Quarentena on this reader");
    }
    for (String key : REQUIRED) {
      if (fields.get(key) == null) {
        throw new IllegalArgumentException(
            "the record has no '" + key + "': not a send of the send record format: " + clip(text));
      }
    }
    String customer = text(fields, "id_cliente");
    try {
      return new ContactEvent(
          customer,
          Channel.of(text(fields, "canal")),
          date(fields, "data_envio"),
          optionalText(fields, "email"),
          optionalText(fields, "telefone"),
          optionalText(fields, "assunto"),
          optionalText(fields, "categoria"),
          optionalDate(fields, "data_exclus"),
          optionalText(fields, "id_envio"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("the record is not a valid send: " + e.getMessage(), e);
    }
  }

  private static void field(StringBuilder out, String key, @Nullable String value) {
    if (value == null) {
      return;
    }
    out.append(",\"").append(key).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String text(Map<String, @Nullable Object> fields, String key) {
    String s = optionalText(fields, key);
    if (s == null) {
      throw new IllegalArgumentException("the record has no '" + key + "'");
    }
    return s;
  }

  private static @Nullable String optionalText(Map<String, @Nullable Object> fields, String key) {
    Object value = fields.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException(
        "the record's '" + key + "' is " + value + ", a number; a string is expected");
  }

  private static LocalDate date(Map<String, @Nullable Object> fields, String key) {
    LocalDate d = optionalDate(fields, key);
    if (d == null) {
      throw new IllegalArgumentException("the record has no '" + key + "'");
    }
    return d;
  }

  private static @Nullable LocalDate optionalDate(
      Map<String, @Nullable Object> fields, String key) {
    String s = optionalText(fields, key);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "the record's '" + key + "' is '" + s + "', not a date yyyy-MM-dd", e);
    }
  }

  private static String clip(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  /** A strict reader of one flat JSON object whose values are strings, integers or null. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Map<String, @Nullable Object> object() {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      space();
      expect('{');
      space();
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          space();
          String key = string();
          space();
          expect(':');
          space();
          Object value = value();
          if (out.containsKey(key)) {
            throw error("the key '" + key + "' appears twice");
          }
          out.put(key, value);
          space();
          char c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw error("',' or '}' expected");
          }
        }
      }
      space();
      if (i != s.length()) {
        throw error("text after the object");
      }
      return out;
    }

    private @Nullable Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        int start = i;
        if (c == '-') {
          i++;
        }
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        if (i < s.length() && ".eE".indexOf(s.charAt(i)) >= 0) {
          throw error("only whole numbers are expected");
        }
        try {
          return Long.parseLong(s.substring(start, i));
        } catch (NumberFormatException e) {
          throw error("a number out of range");
        }
      }
      throw error("a string, a whole number or null expected (objects, arrays, booleans are not)");
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw error("a control character inside a string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("a cut \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("a bad \\u escape");
            }
            i += 4;
          }
          default -> throw error("an unknown escape \\" + e);
        }
      }
    }

    private void space() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw error("the text ends too early");
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        i--;
        throw error("'" + c + "' expected");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "the record's value is not a send's JSON object: "
              + what
              + " at character "
              + i
              + " of "
              + clip(s));
    }
  }
}

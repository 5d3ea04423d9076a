package io.quarentena.connectors.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Just enough JSON to read OAuth2 token responses and Microsoft Graph metadata (RFC 8259 objects,
 * arrays, strings, numbers, literals). A JSON library would be the usual choice, but every one of
 * them is already on a Spark cluster in some version, and a second copy is the kind of clash
 * (Jackson 2.15 vs 2.18) this module must not bring; the responses read here are small.
 *
 * <pre>{@code
 * Map<String, Object> token = Json.parseObject(body);
 * String accessToken = Json.string(token, "access_token").orElseThrow();
 * }</pre>
 */
public final class Json {
  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses a JSON object.
   *
   * @param text the JSON text
   * @return the object; nested objects are maps, arrays lists, numbers {@link BigDecimal}
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static Map<String, Object> parseObject(String text) {
    Json p = new Json(text);
    p.skipWhitespace();
    Object v = p.value();
    p.skipWhitespace();
    if (!(v instanceof Map<?, ?>) || p.pos != text.length()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) v;
    return map;
  }

  /**
   * A string member, following a dotted path ({@code "file.hashes.quickXorHash"}).
   *
   * @param object the object
   * @param path the member's dotted path
   * @return the string, or empty when absent or not a string
   */
  public static Optional<String> string(Map<String, Object> object, String path) {
    return member(object, path).filter(String.class::isInstance).map(String.class::cast);
  }

  /**
   * A numeric member, following a dotted path.
   *
   * @param object the object
   * @param path the member's dotted path
   * @return the number, or empty when absent or not a number (numbers in strings are accepted)
   */
  public static Optional<BigDecimal> number(Map<String, Object> object, String path) {
    return member(object, path)
        .flatMap(
            v -> {
              if (v instanceof BigDecimal d) {
                return Optional.of(d);
              }
              try {
                return v instanceof String s ? Optional.of(new BigDecimal(s)) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static Optional<Object> member(Map<String, Object> object, String path) {
    Object current = object;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return Optional.empty();
      }
      current = m.get(part);
    }
    return Optional.ofNullable(current);
  }

  private @Nullable Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
          pos++;
          return map;
        }
        while (true) {
          skipWhitespace();
          if (peek() != '"') {
            throw error("expected a member name");
          }
          String key = string();
          skipWhitespace();
          expect(':');
          skipWhitespace();
          map.put(key, value());
          skipWhitespace();
          if (peek() == ',') {
            pos++;
          } else {
            expect('}');
            return map;
          }
        }
      }
      case '[' -> {
        pos++;
        List<@Nullable Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
          pos++;
          return list;
        }
        while (true) {
          skipWhitespace();
          list.add(value());
          skipWhitespace();
          if (peek() == ',') {
            pos++;
          } else {
            expect(']');
            return list;
          }
        }
      }
      case '"' -> {
        return string();
      }
      case 't' -> {
        literal("true");
        return Boolean.TRUE;
      }
      case 'f' -> {
        literal("false");
        return Boolean.FALSE;
      }
      case 'n' -> {
        literal("null");
        return null;
      }
      default -> {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
          pos++;
        }
        try {
          return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
          throw error("bad value");
        }
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("bad unicode escape");
          }
          try {
            b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad unicode escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape");
      }
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("bad literal");
    }
    pos += word.length();
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    // Never echo the text: it may be a token response.
    return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
  }
}

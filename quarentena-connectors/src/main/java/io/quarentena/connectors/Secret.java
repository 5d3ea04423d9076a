package io.quarentena.connectors;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value (password, key, token). It never shows itself: {@link #toString()} is {@code
 * "Secret[***]"}; call {@link #value()} only where the value is handed to the library that uses it.
 *
 * <pre>{@code
 * Secret password = secrets.require("env:SFTP_PASSWORD");
 * session.setPassword(password.value());
 * }</pre>
 */
public final class Secret {
  private final char[] chars;

  private Secret(char[] chars) {
    this.chars = chars;
  }

  /**
   * Wraps a value.
   *
   * @param value the secret value
   * @return the secret
   */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value").toCharArray());
  }

  /**
   * Wraps a copy of a character array; the caller may clear its array afterwards.
   *
   * @param value the secret value
   * @return the secret
   */
  public static Secret of(char[] value) {
    return new Secret(Objects.requireNonNull(value, "value").clone());
  }

  /**
   * The value, to hand to the library that needs it. Never log it.
   *
   * @return the value
   */
  public String value() {
    return new String(chars);
  }

  /**
   * The value as UTF-8 bytes (a fresh copy the caller may clear).
   *
   * @return the bytes
   */
  public byte[] utf8() {
    var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /**
   * Whether the value is empty or only white space.
   *
   * @return {@code true} for a blank value
   */
  public boolean isBlank() {
    for (char c : chars) {
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  /** Overwrites the value in memory. The secret is unusable afterwards. */
  public void clear() {
    Arrays.fill(chars, '\0');
  }

  /** Returns {@code "Secret[***]"}, whatever the value. */
  @Override
  public String toString() {
    return "Secret[***]";
  }
}

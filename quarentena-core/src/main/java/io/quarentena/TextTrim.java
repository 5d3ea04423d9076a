package io.quarentena;

/**
 * The one definition of trimming for keys: customer ids, channel ids read from a column, and
 * categories are compared with these characters removed at both ends (never inside). Every engine
 * and loader uses it: the contact events and entries of the core, the snapshot loaders and the
 * in-process queries, and the Spark columns (which pass {@link #characters()} to Spark's trim and
 * are tested against {@link #trim(String)}).
 *
 * <p>The characters trimmed are those a value can carry at its ends without anyone seeing them:
 *
 * <ul>
 *   <li>U+0000–U+0020: the ASCII controls and the space ({@link String#trim()}'s set), so tabs and
 *       line breaks go too;
 *   <li>the rest of Unicode's {@code White_Space} property: U+0085 (next line), U+00A0 (no-break
 *       space), U+1680, U+2000–U+200A (the typographic spaces, among them U+2007 figure space),
 *       U+2028, U+2029, U+202F (narrow no-break space), U+205F and U+3000;
 *   <li>invisible format characters: U+180E (Mongolian vowel separator, white space before Unicode
 *       6.3), U+200B–U+200D (zero width space, non-joiner, joiner), U+200E–U+200F (the
 *       left-to-right and right-to-left marks), U+2060 (word joiner) and U+FEFF (the byte order
 *       mark, or zero width no-break space).
 * </ul>
 *
 * <p>Other characters stay, visible or not (DEL and the other C1 controls are not white space: a
 * value holding one is damaged, not padded). Within ASCII the set is exactly {@link
 * String#trim()}'s.
 *
 * <pre>{@code
 * TextTrim.trim("0012345678" + (char) 0x00A0);  // "0012345678": a no-break space from a sheet
 * TextTrim.trim((char) 0xFEFF + "0012345678");  // "0012345678": a byte order mark
 * TextTrim.trim("00123 45678");                 // unchanged: only the ends are trimmed
 * }</pre>
 */
public final class TextTrim {

  private static final String CHARACTERS;

  static {
    StringBuilder sb = new StringBuilder();
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      if (isTrimmed(c)) {
        sb.append(c);
      }
    }
    CHARACTERS = sb.toString();
  }

  private TextTrim() {}

  /**
   * Whether a character is removed from the ends of a value.
   *
   * @param c a UTF-16 character (every trimmed character is in the Basic Multilingual Plane)
   * @return true for the characters listed in the class documentation
   */
  public static boolean isTrimmed(char c) {
    if (c <= ' ') {
      return true;
    }
    if (c < '\u0085') {
      return false;
    }
    return c == '\u0085'
        || c == '\u00a0'
        || c == '\u1680'
        || c == '\u180e'
        || (c >= '\u2000' && c <= '\u200f')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u202f'
        || c == '\u205f'
        || c == '\u2060'
        || c == '\u3000'
        || c == '\ufeff';
  }

  /**
   * The value without the trimmed characters at its ends.
   *
   * @param value a value
   * @return the trimmed value; the same instance when there is nothing to trim
   */
  public static String trim(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && isTrimmed(value.charAt(from))) {
      from++;
    }
    while (to > from && isTrimmed(value.charAt(to - 1))) {
      to--;
    }
    return from == 0 && to == value.length() ? value : value.substring(from, to);
  }

  /**
   * Every trimmed character, in code point order: the set an engine's own trim function is given.
   *
   * @return a string of the characters
   */
  public static String characters() {
    return CHARACTERS;
  }
}

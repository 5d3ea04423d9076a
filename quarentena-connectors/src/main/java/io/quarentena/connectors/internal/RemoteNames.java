package io.quarentena.connectors.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remote file names with the load date in them ({@code marketing_{yyyyMMdd}.csv}) and globs ({@code
 * marketing_*.csv}: the newest match wins).
 *
 * <pre>{@code
 * RemoteNames.expand("/out/marketing_{yyyyMMdd}.csv", LocalDate.of(2024, 5, 28));
 * // "/out/marketing_20240528.csv"
 * }</pre>
 */
public final class RemoteNames {
  private static final Pattern TOKEN = Pattern.compile("\\{([^{}]+)}");

  private RemoteNames() {}

  /**
   * Checks every {@code {pattern}} token once, so a bad pattern fails when the source is created.
   *
   * @param template the remote name template
   * @return the template
   * @throws IllegalArgumentException naming the bad token
   */
  public static String validate(String template) {
    Matcher m = TOKEN.matcher(template);
    while (m.find()) {
      try {
        DateTimeFormatter.ofPattern(m.group(1), Locale.ROOT).format(LocalDate.of(2024, 5, 28));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "the date token {"
                + m.group(1)
                + "} in '"
                + template
                + "' is not a date pattern: write it as DateTimeFormatter does, e.g. {yyyyMMdd}",
            e);
      }
    }
    return template;
  }

  /**
   * Replaces each {@code {pattern}} with the load date in that pattern.
   *
   * @param template the remote name template
   * @param loadDate the load date
   * @return the remote name
   */
  public static String expand(String template, LocalDate loadDate) {
    Matcher m = TOKEN.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String formatted = DateTimeFormatter.ofPattern(m.group(1), Locale.ROOT).format(loadDate);
      m.appendReplacement(out, Matcher.quoteReplacement(formatted));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Whether a name is a glob ({@code *} or {@code ?}).
   *
   * @param name a file name
   * @return {@code true} for a glob
   */
  public static boolean isGlob(String name) {
    return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
  }

  /**
   * A glob as a regular expression over one path segment.
   *
   * @param glob for example {@code marketing_*.csv}
   * @return the pattern
   */
  public static Pattern globPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /**
   * The directory part of a path ({@code "/a/b/c.csv"} gives {@code "/a/b"}, {@code "c.csv"} gives
   * {@code "."}).
   *
   * @param path a slash-separated path
   * @return the directory
   */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
  }

  /**
   * The last segment of a path.
   *
   * @param path a slash-separated path
   * @return the file name
   */
  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}

package io.quarentena.spark.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.api.java.UDF1;
import org.jspecify.annotations.Nullable;

/**
 * Parses a text date with a source's formats, as a Spark UDF returning the day number since
 * 1970-01-01 (so no time zone is involved in handing the date back to Spark). A value with an
 * offset or zone ({@code 2024-03-02T01:30:00Z}) is an instant, and its date is taken in the
 * configured zone; a value without one is a wall-clock date and is kept as written. A value that
 * matches no format is null: a reject, never a failed job.
 *
 * <p>Formats are {@link DateTimeFormatter} patterns, parsed strictly (no 2024-02-30); {@code y} is
 * read as the proleptic year ({@code u}), as users expect. The name {@value #ISO} stands for
 * ISO-8601 dates and date-times, with {@code T} or a space between date and time and an optional
 * offset.
 */
public final class DateParser implements UDF1<String, Integer> {

  private static final long serialVersionUID = 1L;

  /** The format name for ISO-8601 dates and date-times. */
  public static final String ISO = "iso";

  /** The formats used when a source names none. */
  public static final List<String> DEFAULT_FORMATS = List.of(ISO);

  private final List<String> patterns;
  private final String zone;
  private transient @Nullable List<DateTimeFormatter> formatters;
  private transient @Nullable ZoneId zoneId;

  /**
   * A parser.
   *
   * @param patterns the formats, tried in order
   * @param zone the zone an instant's date is taken in
   */
  public DateParser(List<String> patterns, ZoneId zone) {
    this.patterns = List.copyOf(patterns);
    this.zone = zone.getId();
    this.zoneId = zone;
    this.formatters = compile(this.patterns);
  }

  /**
   * Checks that a pattern is a valid format, for a config error at build time rather than at run
   * time.
   *
   * @param pattern the pattern
   * @throws IllegalArgumentException with the parser's reason
   */
  public static void validate(String pattern) {
    compile(List.of(pattern));
  }

  @Override
  public @Nullable Integer call(@Nullable String value) {
    LocalDate date = parse(value);
    return date == null ? null : Math.toIntExact(date.toEpochDay());
  }

  /**
   * Parses a value.
   *
   * @param value the text, or null
   * @return the date, or null when the value is null, blank or matches no format
   */
  public @Nullable LocalDate parse(@Nullable String value) {
    return parse(value, true);
  }

  /**
   * Parses a value with the formatters only, without the ISO fast paths: what the fast paths must
   * agree with.
   *
   * @param value the text, or null
   * @return the date, or null
   */
  @Nullable LocalDate parseWithFormatters(@Nullable String value) {
    return parse(value, false);
  }

  private @Nullable LocalDate parse(@Nullable String value, boolean fastPaths) {
    if (value == null) {
      return null;
    }
    String text = value.strip();
    if (text.isEmpty()) {
      return null;
    }
    List<DateTimeFormatter> compiled = formatters;
    if (compiled == null) {
      compiled = compile(patterns);
      formatters = compiled;
    }
    for (int i = 0; i < compiled.size(); i++) {
      if (fastPaths && patterns.get(i).equalsIgnoreCase(ISO)) {
        LocalDate fast = plainIsoDate(text);
        if (fast == null) {
          fast = isoDateTime(text, zoneId());
        }
        if (fast != null) {
          return fast;
        }
      }
      String candidate = text;
      if (patterns.get(i).equalsIgnoreCase(ISO) && text.length() > 10 && text.charAt(10) == ' ') {
        candidate = text.substring(0, 10) + 'T' + text.substring(11);
      }
      try {
        TemporalAccessor parsed = compiled.get(i).parse(candidate);
        if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
          return LocalDate.ofInstant(Instant.from(parsed), zoneId());
        }
        return LocalDate.from(parsed);
      } catch (DateTimeException e) {
        // try the next format
      }
    }
    return null;
  }

  /**
   * The common case without the formatter: exactly {@code yyyy-MM-dd}, a valid date. Anything else
   * (another shape, an invalid date) returns null and goes through the formatters, so the result is
   * the one the strict ISO formatter gives. The formatter costs a parse context and, on a miss, an
   * exception per row; this costs a few character checks.
   */
  static @Nullable LocalDate plainIsoDate(String text) {
    return text.length() == 10 ? isoDatePrefix(text) : null;
  }

  /** The {@code yyyy-MM-dd} at the start of a text of 10 characters or more, or null. */
  private static @Nullable LocalDate isoDatePrefix(String text) {
    if (text.charAt(4) != '-' || text.charAt(7) != '-') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    if (year < 0 || month < 0 || day < 0) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The other common case without the formatter: {@code yyyy-MM-dd}, then {@code T}, {@code t} or a
   * space, then {@code HH:mm:ss}, an optional fraction of 1 to 9 digits, and an optional offset
   * {@code Z} or {@code ±HH:MM}; every field valid. Without an offset the date is the one written;
   * with one, the instant's date in {@code zone}. Anything else returns null and goes through the
   * formatters, so the result is the one the strict ISO formatter gives (a seeded test compares
   * them). Timestamps as text are how JSON and CSV exports carry contact dates, so this runs on
   * most rows of such a source.
   */
  static @Nullable LocalDate isoDateTime(String text, ZoneId zone) {
    int n = text.length();
    if (n < 19) {
      return null;
    }
    char separator = text.charAt(10);
    if (separator != 'T' && separator != 't' && separator != ' ') {
      return null;
    }
    LocalDate date = isoDatePrefix(text);
    if (date == null || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        nanos = nanos * 10 + (text.charAt(i) - '0');
        i++;
      }
      if (i == start) {
        return null;
      }
      for (int k = i - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i == n) {
      return date;
    }
    ZoneOffset offset;
    char sign = text.charAt(i);
    if ((sign == 'Z' || sign == 'z') && i + 1 == n) {
      offset = ZoneOffset.UTC;
    } else if ((sign == '+' || sign == '-') && i + 6 == n && text.charAt(i + 3) == ':') {
      int oh = digits(text, i + 1, i + 3);
      int om = digits(text, i + 4, i + 6);
      if (oh < 0 || om < 0 || oh > 18 || om > 59) {
        return null;
      }
      try {
        offset =
            sign == '+' ? ZoneOffset.ofHoursMinutes(oh, om) : ZoneOffset.ofHoursMinutes(-oh, -om);
      } catch (DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    long epochSecond =
        LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos)).toEpochSecond(offset);
    return LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond, nanos), zone);
  }

  private ZoneId zoneId() {
    ZoneId z = zoneId;
    if (z == null) {
      z = ZoneId.of(zone);
      zoneId = z;
    }
    return z;
  }

  private static int digits(String text, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static List<DateTimeFormatter> compile(List<String> patterns) {
    List<DateTimeFormatter> out = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      if (pattern.equalsIgnoreCase(ISO)) {
        out.add(
            new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .optionalStart()
                .appendLiteral('T')
                .append(DateTimeFormatter.ISO_LOCAL_TIME)
                .optionalStart()
                .appendOffsetId()
                .optionalEnd()
                .optionalStart()
                .appendLiteral('[')
                .parseCaseSensitive()
                .appendZoneRegionId()
                .appendLiteral(']')
                .optionalEnd()
                .optionalEnd()
                .toFormatter(Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT)
                .withChronology(IsoChronology.INSTANCE));
        continue;
      }
      try {
        out.add(
            new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(yearOfEraAsYear(pattern))
                .toFormatter(Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT)
                .withChronology(IsoChronology.INSTANCE));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid date format '"
                + pattern
                + "': "
                + e.getMessage()
                + "; expected a java.time DateTimeFormatter pattern such as 'dd/MM/yyyy', or '"
                + ISO
                + "'",
            e);
      }
    }
    return out;
  }

  /** Replaces {@code y} (year of era, which strict parsing cannot resolve without an era) by u. */
  static String yearOfEraAsYear(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length());
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      out.append(!quoted && c == 'y' ? 'u' : c);
    }
    return out.toString();
  }
}

package io.quarentena;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * "Today" for a load date, always from an injected {@link Clock} and an explicit zone: the library
 * never reads the default time zone, so a rerun or a backfill gives the same answer.
 *
 * <pre>{@code
 * LocalDate asOf = LoadDates.today(Clock.systemUTC());   // today in America/Sao_Paulo
 * }</pre>
 */
public final class LoadDates {

  /** The documented default zone for "today": {@code America/Sao_Paulo}. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/Sao_Paulo");

  private LoadDates() {}

  /**
   * Today in the default zone.
   *
   * @param clock the time source
   * @return today's date in {@link #DEFAULT_ZONE}
   */
  public static LocalDate today(Clock clock) {
    return today(clock, DEFAULT_ZONE);
  }

  /**
   * Today in a zone.
   *
   * @param clock the time source
   * @param zone the zone whose calendar day is wanted
   * @return today's date in that zone
   */
  public static LocalDate today(Clock clock, ZoneId zone) {
    Errors.checkNotNull(clock, "clock");
    Errors.checkNotNull(zone, "zone");
    return LocalDate.ofInstant(clock.instant(), zone);
  }
}

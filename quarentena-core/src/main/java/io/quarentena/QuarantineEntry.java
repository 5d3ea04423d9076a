package io.quarentena;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * A customer in quarantine for one channel on one load date: one row of the {@code
 * quarentena_global} table.
 *
 * <pre>{@code
 * QuarantineEntry e = QuarantineEntry.of("1234567890", Channel.CRM,
 *     LocalDate.parse("2024-05-08"), LocalDate.parse("2024-06-07"), LocalDate.parse("2024-05-28"));
 * e.daysSinceContact();                        // 20
 * e.blocks(LocalDate.parse("2024-06-07"));     // true, the last day
 * }</pre>
 *
 * @param customerId {@code id_cliente}, {@link TextTrim trimmed}
 * @param channel {@code canal}: the channel whose rule made the entry
 * @param contactDate {@code data_envio}: the latest counted contact
 * @param daysSinceContact {@code qtd_dias}: days from the contact to the load date
 * @param lastDay {@code saida_prevista}: the last day of quarantine, or null when open-ended
 * @param loadDate {@code data_carga}: the day this entry was computed for
 * @param email {@code email} of the latest contact, or null
 * @param phone {@code telefone} of the latest contact, or null
 * @param subject {@code assunto} of the latest contact, or null
 */
public record QuarantineEntry(
    String customerId,
    Channel channel,
    LocalDate contactDate,
    int daysSinceContact,
    @Nullable LocalDate lastDay,
    LocalDate loadDate,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String subject) {

  /** Validates the entry. */
  public QuarantineEntry {
    customerId = Errors.checkKey(customerId, "customerId (id_cliente)");
    Errors.checkNotNull(channel, "channel (canal) of customer " + customerId);
    Errors.checkNotNull(contactDate, "contactDate (data_envio) of customer " + customerId);
    Errors.checkNotNull(loadDate, "loadDate (data_carga) of customer " + customerId);
    if (daysSinceContact < 0) {
      throw Errors.invalid(
          "daysSinceContact (qtd_dias) of customer " + customerId,
          daysSinceContact,
          "zero or more: a contact after the load date does not count");
    }
  }

  /**
   * An entry without contact details; {@code qtd_dias} is derived from the dates.
   *
   * @param customerId the customer
   * @param channel the channel
   * @param contactDate the latest counted contact
   * @param lastDay the last day of quarantine, or null when open-ended
   * @param loadDate the load date
   * @return the entry
   */
  public static QuarantineEntry of(
      String customerId,
      Channel channel,
      LocalDate contactDate,
      @Nullable LocalDate lastDay,
      LocalDate loadDate) {
    return new QuarantineEntry(
        customerId,
        channel,
        contactDate,
        daysBetween(contactDate, loadDate),
        lastDay,
        loadDate,
        null,
        null,
        null);
  }

  /**
   * Whether the entry has no last day.
   *
   * @return true if open-ended
   */
  public boolean isOpenEnded() {
    return lastDay == null;
  }

  /**
   * Whether this entry blocks a send on a date: every date up to and including its last day, and
   * every date when open-ended. (A snapshot stays useful after its load date: an entry whose last
   * day has passed no longer blocks.)
   *
   * @param date the day of the send
   * @return true if blocked
   */
  public boolean blocks(LocalDate date) {
    return lastDay == null || !date.isAfter(lastDay);
  }

  static int daysBetween(LocalDate from, LocalDate to) {
    return Math.toIntExact(ChronoUnit.DAYS.between(from, to));
  }
}

package io.quarentena;

import java.time.LocalDate;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * One contact with a customer on a channel: a row of a source after mapping to the standard
 * columns.
 *
 * <pre>{@code
 * ContactEvent e = ContactEvent.builder("0012345678", Channel.CRM, LocalDate.parse("2024-05-08"))
 *     .email("cliente@exemplo.com")
 *     .subject("Campanha")
 *     .build();
 * }</pre>
 *
 * @param customerId {@code id_cliente}: a non-blank string, never a number (leading zeros kept);
 *     white space and invisible characters at its ends are removed ({@link TextTrim})
 * @param channel the channel ({@code canal})
 * @param contactDate {@code data_envio}: the day of the contact (for an open-ended rule, the day
 *     the record was included)
 * @param email the e-mail used, or null
 * @param phone the phone number used ({@code telefone}), or null
 * @param subject the subject ({@code assunto}), or null
 * @param category the category, for example {@code transactional}, or null
 * @param revokedOn for open-ended records, the exclusion date ({@code data_exclus}), or null
 */
public record ContactEvent(
    String customerId,
    Channel channel,
    LocalDate contactDate,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String subject,
    @Nullable String category,
    @Nullable LocalDate revokedOn) {

  /**
   * The order in which the latest contact of a (customer, channel) is chosen: latest date first; on
   * the same date, by subject, e-mail, phone and category in code-point order (the order of their
   * UTF-8 bytes, as Spark compares strings), nulls last. Both engines use this order, so the row
   * kept for a tie is deterministic.
   */
  public static final Comparator<ContactEvent> LATEST_FIRST =
      Comparator.comparing(ContactEvent::contactDate, Comparator.reverseOrder())
          .thenComparing(ContactEvent::subject, ContactEvent::compareNullsLast)
          .thenComparing(ContactEvent::email, ContactEvent::compareNullsLast)
          .thenComparing(ContactEvent::phone, ContactEvent::compareNullsLast)
          .thenComparing(ContactEvent::category, ContactEvent::compareNullsLast);

  /** Validates the event. */
  public ContactEvent {
    customerId = Errors.checkKey(customerId, "customerId (id_cliente)");
    Errors.checkNotNull(channel, "channel (canal) of customer " + customerId);
    Errors.checkNotNull(contactDate, "contactDate (data_envio) of customer " + customerId);
  }

  /**
   * A contact with no details.
   *
   * @param customerId the customer
   * @param channel the channel
   * @param contactDate the day of the contact
   * @return the event
   */
  public static ContactEvent of(String customerId, Channel channel, LocalDate contactDate) {
    return new ContactEvent(customerId, channel, contactDate, null, null, null, null, null);
  }

  /**
   * A builder for an event with details.
   *
   * @param customerId the customer
   * @param channel the channel
   * @param contactDate the day of the contact
   * @return a builder
   */
  public static Builder builder(String customerId, Channel channel, LocalDate contactDate) {
    return new Builder(customerId, channel, contactDate);
  }

  /**
   * Compares two strings by code point (the order of their UTF-8 bytes), nulls last.
   *
   * @param a a string or null
   * @param b a string or null
   * @return a negative number, zero or a positive number
   */
  static int compareNullsLast(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Builds a {@link ContactEvent}; optional fields default to null. */
  public static final class Builder {
    private final String customerId;
    private final Channel channel;
    private final LocalDate contactDate;
    private @Nullable String email;
    private @Nullable String phone;
    private @Nullable String subject;
    private @Nullable String category;
    private @Nullable LocalDate revokedOn;

    private Builder(String customerId, Channel channel, LocalDate contactDate) {
      this.customerId = customerId;
      this.channel = channel;
      this.contactDate = contactDate;
    }

    /**
     * Sets the e-mail.
     *
     * @param value the e-mail or null
     * @return this builder
     */
    public Builder email(@Nullable String value) {
      this.email = value;
      return this;
    }

    /**
     * Sets the phone.
     *
     * @param value the phone or null
     * @return this builder
     */
    public Builder phone(@Nullable String value) {
      this.phone = value;
      return this;
    }

    /**
     * Sets the subject.
     *
     * @param value the subject or null
     * @return this builder
     */
    public Builder subject(@Nullable String value) {
      this.subject = value;
      return this;
    }

    /**
     * Sets the category.
     *
     * @param value the category or null
     * @return this builder
     */
    public Builder category(@Nullable String value) {
      this.category = value;
      return this;
    }

    /**
     * Sets the revocation (exclusion) date of an open-ended record.
     *
     * @param value the date or null
     * @return this builder
     */
    public Builder revokedOn(@Nullable LocalDate value) {
      this.revokedOn = value;
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws IllegalArgumentException if the customer id is blank
     */
    public ContactEvent build() {
      return new ContactEvent(
          customerId, channel, contactDate, email, phone, subject, category, revokedOn);
    }
  }
}

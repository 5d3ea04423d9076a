package io.quarentena;

import java.time.LocalDate;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * One contact with a customer on a channel: a row of a source after mapping to the standard
 * columns.
 *
 * <p>A contact is one send, and rows that are the same send count once toward a rule ({@link
 * #isSameContactAs}): rows with a send id ({@code id_envio}) are the same send when their customer,
 * channel and send id are equal, whatever their other values (the same send reported by a live-send
 * log and by the channel's export); rows without one are the same send when they are equal in every
 * standard column (customer, channel, date, e-mail, phone, subject and category: a repeated export
 * line). A row with a send id and a row without one are never the same send. The revocation date
 * plays no part: it only decides whether an open-ended record counts at all.
 *
 * <pre>{@code
 * ContactEvent e = ContactEvent.builder("0012345678", Channel.CRM, LocalDate.parse("2024-05-08"))
 *     .email("cliente@exemplo.com")
 *     .subject("Campanha")
 *     .sendId("sfmc-7781")                        // optional: identifies the send
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
 * @param sendId the send's id ({@code id_envio}), trimmed (the characters up to U+0020 at either
 *     end, as {@link String#trim()}), or null when the source has none; a blank id is null
 */
public record ContactEvent(
    String customerId,
    Channel channel,
    LocalDate contactDate,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String subject,
    @Nullable String category,
    @Nullable LocalDate revokedOn,
    @Nullable String sendId) {

  /**
   * The order in which the latest contact of a (customer, channel) is chosen: latest date first; on
   * the same date, by subject, e-mail, phone and category in code-point order (the order of their
   * UTF-8 bytes, as Spark compares strings), nulls last. Both engines use this order, so the row
   * kept for a tie is deterministic. A contact reported by several rows (one send id) takes the
   * date and values of its first row in this order. Rows this order ties differ only in their send
   * id or revocation date, which an entry does not show.
   */
  public static final Comparator<ContactEvent> LATEST_FIRST =
      Comparator.comparing(ContactEvent::contactDate, Comparator.reverseOrder())
          .thenComparing(ContactEvent::subject, ContactEvent::compareNullsLast)
          .thenComparing(ContactEvent::email, ContactEvent::compareNullsLast)
          .thenComparing(ContactEvent::phone, ContactEvent::compareNullsLast)
          .thenComparing(ContactEvent::category, ContactEvent::compareNullsLast);

  /** Validates the event and trims the send id (blank: none). */
  public ContactEvent {
    customerId = Errors.checkKey(customerId, "customerId (id_cliente)");
    Errors.checkNotNull(channel, "channel (canal) of customer " + customerId);
    Errors.checkNotNull(contactDate, "contactDate (data_envio) of customer " + customerId);
    if (sendId != null) {
      sendId = sendId.trim();
      if (sendId.isEmpty()) {
        sendId = null;
      }
    }
  }

  /**
   * An event without a send id, as before send ids existed.
   *
   * @param customerId the customer
   * @param channel the channel
   * @param contactDate the day of the contact
   * @param email the e-mail or null
   * @param phone the phone or null
   * @param subject the subject or null
   * @param category the category or null
   * @param revokedOn the exclusion date of an open-ended record, or null
   */
  public ContactEvent(
      String customerId,
      Channel channel,
      LocalDate contactDate,
      @Nullable String email,
      @Nullable String phone,
      @Nullable String subject,
      @Nullable String category,
      @Nullable LocalDate revokedOn) {
    this(customerId, channel, contactDate, email, phone, subject, category, revokedOn, null);
  }

  /**
   * Whether two rows are one contact, which counts once toward a rule: the same customer and
   * channel, and either the same send id, or no send id on either and the same date, e-mail, phone,
   * subject and category.
   *
   * <pre>{@code
   * ContactEvent line = ContactEvent.of("1", Channel.MARKETING, LocalDate.parse("2024-06-03"));
   * line.isSameContactAs(line);                                        // true: a repeated line
   * }</pre>
   *
   * @param other another event
   * @return true if both rows are the same send
   */
  public boolean isSameContactAs(ContactEvent other) {
    return customerId.equals(other.customerId)
        && channel.equals(other.channel)
        && identity().equals(other.identity());
  }

  /**
   * What identifies the contact within its customer and channel: the send id when there is one,
   * otherwise the date and the descriptive values. Equal identities are one contact.
   */
  Object identity() {
    return sendId != null
        ? new SendId(sendId)
        : new SameValues(contactDate, email, phone, subject, category);
  }

  private record SendId(String id) {}

  private record SameValues(
      LocalDate contactDate,
      @Nullable String email,
      @Nullable String phone,
      @Nullable String subject,
      @Nullable String category) {}

  /**
   * A contact with no details.
   *
   * @param customerId the customer
   * @param channel the channel
   * @param contactDate the day of the contact
   * @return the event
   */
  public static ContactEvent of(String customerId, Channel channel, LocalDate contactDate) {
    return new ContactEvent(customerId, channel, contactDate, null, null, null, null, null, null);
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
    private @Nullable String sendId;

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
     * Sets the send id ({@code id_envio}): rows with the same send id for a customer and channel
     * are one contact.
     *
     * @param value the id, trimmed; null or blank for none
     * @return this builder
     */
    public Builder sendId(@Nullable String value) {
      this.sendId = value;
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
          customerId, channel, contactDate, email, phone, subject, category, revokedOn, sendId);
    }
  }
}

package io.quarentena;

/**
 * Why a source row was not used. Shared by both engines and written to the rejects output, so that
 * rows read = rows accepted + rows rejected, per source.
 *
 * <pre>{@code
 * String motivo = RejectReason.MALFORMED_RECORD.code(); // the rejects' motivo column
 * RejectReason back = RejectReason.valueOf(motivo);
 * }</pre>
 */
public enum RejectReason {
  /** The customer id ({@code id_cliente}) is null or blank. */
  MISSING_CUSTOMER_ID,
  /** The contact date ({@code data_envio}) is null or blank. */
  MISSING_CONTACT_DATE,
  /** A date could not be parsed with any of the source's formats. */
  UNPARSEABLE_DATE,
  /**
   * The contact date is after the load date: it does not count for that load date, and is kept here
   * rather than lost.
   */
  FUTURE_CONTACT_DATE,
  /** A value has the wrong type or shape (for example an id in scientific notation). */
  INVALID_VALUE,
  /** The source's row filter excluded the row (for example a CRM row of another data_base). */
  EXCLUDED_BY_SOURCE_FILTER,
  /**
   * The reader could not parse the record: a JSON line that is not exactly one JSON object, a CSV
   * row that does not split into the header's fields. Its raw text is kept with the reject.
   */
  MALFORMED_RECORD;

  /**
   * The code written to the rejects output.
   *
   * @return the enum name
   */
  public String code() {
    return name();
  }
}

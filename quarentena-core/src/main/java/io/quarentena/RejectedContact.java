package io.quarentena;

/**
 * A contact event the engine did not count, with the reason. Nothing is dropped silently.
 *
 * <pre>{@code
 * for (RejectedContact r : evaluation.rejects()) {
 *   log.warn("{} {}: {}", r.event().customerId(), r.reason(), r.detail());
 * }
 * }</pre>
 *
 * @param event the contact as it was given
 * @param reason why it was not counted
 * @param detail a sentence naming the value and what was expected
 */
public record RejectedContact(ContactEvent event, RejectReason reason, String detail) {

  /** Validates the reject. */
  public RejectedContact {
    Errors.checkNotNull(event, "rejected event");
    Errors.checkNotNull(reason, "reject reason");
    Errors.checkNotNull(detail, "reject detail");
  }
}

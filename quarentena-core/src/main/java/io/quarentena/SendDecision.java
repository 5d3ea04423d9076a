package io.quarentena;

/**
 * The outcome of a check-and-record ({@link Quarantine#tryRecord}): whether the send was recorded
 * and, either way, the decision that was made, so a caller sees why a send was refused. A value,
 * never an exception.
 *
 * <pre>{@code
 * SendDecision d = quarantine.tryRecord(ContactEvent.builder(id, Channel.MARKETING, today)
 *     .sendId("campanha-42/" + id).build());
 * if (d.recorded()) {
 *   send();
 * } else {
 *   log.info("not sent ({}): {}", d.outcome(), d.decision().explain());
 * }
 * }</pre>
 *
 * @param outcome what happened
 * @param send the send that was asked for
 * @param decision the check the outcome rests on: for {@link Outcome#RECORDED}, the decision before
 *     the send was recorded (not suppressed); for {@link Outcome#SUPPRESSED}, the blocking entries
 *     and {@code contactableFrom}; for {@link Outcome#ALREADY_RECORDED}, the decision now, with the
 *     earlier recording counted
 */
public record SendDecision(Outcome outcome, ContactEvent send, SuppressionDecision decision) {

  /** What a check-and-record did. */
  public enum Outcome {
    /** The customer could be contacted: the send is recorded and counts from now on. */
    RECORDED,
    /** A rule (or the lack of a snapshot, failing closed) blocks the send: nothing recorded. */
    SUPPRESSED,
    /**
     * The same send (same send id, or the same standard columns without one) was recorded before:
     * it counts once, so nothing changed. A retry of a send that was made. The sends recognised are
     * the live ones and the snapshot's history; a send that a load counted under a rule of one
     * contact is known only by its entry, so its retry is {@link #SUPPRESSED} by that entry.
     */
    ALREADY_RECORDED
  }

  /** Validates the outcome. */
  public SendDecision {
    Errors.checkNotNull(outcome, "outcome");
    Errors.checkNotNull(send, "send");
    Errors.checkNotNull(decision, "decision");
  }

  /**
   * Whether the send was recorded now, so the caller may make it.
   *
   * @return true for {@link Outcome#RECORDED}
   */
  public boolean recorded() {
    return outcome == Outcome.RECORDED;
  }
}

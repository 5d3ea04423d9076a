package io.quarentena;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a contact came from, identified by the exact {@code canal} value of the quarantine table.
 *
 * <p>Six channels are built in, matching the table's values. Any team can define its own with
 * {@link #of(String)}; a channel needs no change in the library, only a rule in the policy.
 *
 * <pre>{@code
 * Channel push = Channel.of("Push");
 * QuarantinePolicy policy = QuarantinePolicy.builder("with-push")
 *     .rules(QuarantinePolicy.defaults().rules())
 *     .rule(QuarantineRule.fixedPeriod(push, 3))
 *     .build();
 * }</pre>
 *
 * @param id the channel's id, as stored in the table's {@code canal} column: letters, digits,
 *     {@code _} and {@code -}, case-sensitive
 */
public record Channel(String id) implements Comparable<Channel> {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** CRM campaigns (SharePoint spreadsheet in the article): 30 days by default. */
  public static final Channel CRM = new Channel("CRM");

  /** Marketing e-mail (Salesforce Marketing Cloud in the article): 7 days by default. */
  public static final Channel MARKETING = new Channel("Marketing");

  /** Product recommendations: 15 days by default. */
  public static final Channel RECOMENDACAO = new Channel("Recomendacao");

  /** Restricted customers, counted from the request date: 90 days by default. */
  public static final Channel RESTRITOS = new Channel("Restritos");

  /** Offers: 5 days by default. */
  public static final Channel OFERTAS = new Channel("Ofertas");

  /** Fraud suspects: open-ended, until the record is excluded at the source. */
  public static final Channel FRAUDE = new Channel("Fraude");

  private static final List<Channel> BUILT_INS =
      List.of(CRM, MARKETING, RECOMENDACAO, RESTRITOS, OFERTAS, FRAUDE);

  /** Validates the id. */
  public Channel {
    Errors.checkNotNull(id, "channel id");
    if (!VALID.matcher(id).matches()) {
      throw Errors.invalid(
          "channel id",
          id,
          "1 to 64 letters, digits, '_' or '-', starting with a letter or digit (for example"
              + " 'Marketing')");
    }
  }

  /**
   * Returns the channel with this id: the built-in constant when the id is one of the six, a new
   * value otherwise.
   *
   * @param id the channel id
   * @return the channel
   */
  public static Channel of(String id) {
    for (Channel c : BUILT_INS) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    return new Channel(id);
  }

  /**
   * The six channels of the article, in the table's order.
   *
   * @return an immutable list
   */
  public static List<Channel> builtIns() {
    return BUILT_INS;
  }

  @Override
  public int compareTo(Channel other) {
    return id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return id;
  }
}

package io.quarentena.testing;

import io.quarentena.Channel;
import io.quarentena.QuarantineRule;
import io.quarentena.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * Names that keep the trials of one property apart when an engine evaluates many trials at once
 * (one Spark job, one table): each trial's customers and channels carry the trial's number, and
 * each trial's rules are the same rules on its renamed channels.
 *
 * <pre>{@code
 * String customer = Trials.tagged("1234567890", trial);      // "t7:1234567890"
 * QuarantineRule rule = Trials.renamed(policy.rule(Channel.CRM), trial);  // on "CRM-t7"
 * }</pre>
 */
public final class Trials {

  private Trials() {}

  /**
   * A customer id of one trial.
   *
   * @param customer the trial's own id
   * @param trial the trial's number
   * @return {@code t<trial>:<customer>}
   */
  public static String tagged(String customer, int trial) {
    return "t" + trial + ":" + customer;
  }

  /**
   * The trial's own id of a tagged customer id.
   *
   * @param customer an id made by {@link #tagged(String, int)}
   * @return the id without its trial
   */
  public static String untagged(String customer) {
    return customer.substring(customer.indexOf(':') + 1);
  }

  /**
   * A channel of one trial.
   *
   * @param channel the trial's own channel
   * @param trial the trial's number
   * @return the channel {@code <id>-t<trial>}
   */
  public static Channel tagged(Channel channel, int trial) {
    return Channel.of(channel.id() + "-t" + trial);
  }

  /**
   * The trial of a tagged channel id.
   *
   * @param taggedChannel a channel id made by {@link #tagged(Channel, int)}
   * @return the trial's number
   */
  public static int trialOf(String taggedChannel) {
    return Integer.parseInt(taggedChannel.substring(taggedChannel.lastIndexOf("-t") + 2));
  }

  /**
   * The same rule on the trial's renamed channels: its kind, period or cap, scope and exemptions.
   *
   * @param rule a rule
   * @param trial the trial's number
   * @return the rule on {@link #tagged(Channel, int)} channels
   */
  public static QuarantineRule renamed(QuarantineRule rule, int trial) {
    Channel channel = tagged(rule.channel(), trial);
    Scope scope = rule.scope();
    if (!scope.isGlobal()) {
      List<Channel> channels = new ArrayList<>();
      for (Channel c : scope.channels()) {
        channels.add(tagged(c, trial));
      }
      scope = Scope.only(channels);
    }
    QuarantineRule copy;
    if (rule instanceof QuarantineRule.FixedPeriod f) {
      copy = QuarantineRule.fixedPeriod(channel, f.days());
    } else if (rule instanceof QuarantineRule.FrequencyCap c) {
      copy = QuarantineRule.frequencyCap(channel, c.maxContacts(), c.windowDays());
    } else {
      copy = QuarantineRule.openEnded(channel);
    }
    return copy.scopedTo(scope).exempting(rule.exemptCategories().toArray(String[]::new));
  }
}

package io.quarentena.simulation;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The difference of two policies' rules in words, generated from the rule objects. */
final class RuleDifferences {

  private RuleDifferences() {}

  static List<String> between(QuarantinePolicy current, QuarantinePolicy candidate) {
    Set<Channel> channels = new LinkedHashSet<>(current.channels());
    channels.addAll(candidate.channels());
    List<String> out = new ArrayList<>();
    for (Channel channel : channels) {
      Optional<QuarantineRule> was = current.findRule(channel);
      Optional<QuarantineRule> now = candidate.findRule(channel);
      if (was.isEmpty()) {
        out.add(channel.id() + ": added (" + full(now.orElseThrow()) + ")");
      } else if (now.isEmpty()) {
        out.add(channel.id() + ": removed (was " + full(was.get()) + ")");
      } else {
        out.addAll(changes(channel, was.get(), now.get()));
      }
    }
    return List.copyOf(out);
  }

  private static List<String> changes(Channel channel, QuarantineRule was, QuarantineRule now) {
    List<String> out = new ArrayList<>();
    String a = period(was);
    String b = period(now);
    if (!a.equals(b)) {
      out.add(channel.id() + ": " + a + " → " + b);
    }
    if (!was.scope().equals(now.scope())) {
      out.add(channel.id() + ": blocks " + scope(was.scope()) + " → " + scope(now.scope()));
    }
    if (!was.exemptCategories().equals(now.exemptCategories())) {
      out.add(
          channel.id()
              + ": exempts "
              + exemptions(was.exemptCategories())
              + " → "
              + exemptions(now.exemptCategories()));
    }
    return out;
  }

  /** The period in a few words: "7 days", "at most 2 in 10 days", "until revoked". */
  static String period(QuarantineRule rule) {
    if (rule instanceof QuarantineRule.FixedPeriod f) {
      return f.days() == 1 ? "1 day" : f.days() + " days";
    }
    if (rule instanceof QuarantineRule.FrequencyCap c) {
      return "at most " + c.maxContacts() + " in " + c.windowDays() + " days";
    }
    return "until revoked";
  }

  private static String full(QuarantineRule rule) {
    String s = period(rule);
    if (!rule.scope().isGlobal()) {
      s += ", blocks " + scope(rule.scope());
    }
    if (!rule.exemptCategories().isEmpty()) {
      s += ", exempts " + exemptions(rule.exemptCategories());
    }
    return s;
  }

  private static String scope(Scope scope) {
    return scope.isGlobal() ? "every channel" : scope.toString().replace(",", ", ");
  }

  private static String exemptions(Set<String> categories) {
    return categories.isEmpty() ? "nothing" : String.join(", ", new TreeSet<>(categories));
  }
}

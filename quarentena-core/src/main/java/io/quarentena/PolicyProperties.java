package io.quarentena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads and writes the properties form of a {@link QuarantinePolicy}. */
final class PolicyProperties {

  static final String NAME = "name";
  static final String BASE = "base";
  static final String RULE_PREFIX = "rule.";

  static final String KIND = "kind";
  static final String DAYS = "days";
  static final String MAX_CONTACTS = "max-contacts";
  static final String WINDOW_DAYS = "window-days";
  static final String SCOPE = "scope";
  static final String EXEMPT = "exempt-categories";

  static final String FIXED = "fixed-period";
  static final String CAP = "frequency-cap";
  static final String OPEN = "open-ended";

  private static final Map<String, Set<String>> KEYS_BY_KIND =
      Map.of(
          FIXED, Set.of(KIND, DAYS, SCOPE, EXEMPT),
          CAP, Set.of(KIND, MAX_CONTACTS, WINDOW_DAYS, SCOPE, EXEMPT),
          OPEN, Set.of(KIND, SCOPE, EXEMPT));

  private PolicyProperties() {}

  static QuarantinePolicy parse(Map<String, String> props) {
    Errors.checkNotNull(props, "policy properties");
    String name = props.getOrDefault(NAME, "custom").trim();
    QuarantinePolicy.Builder builder = QuarantinePolicy.builder(name);
    String base = props.get(BASE);
    if (base != null) {
      if (!base.trim().equals("defaults")) {
        throw Errors.invalid("policy key '" + BASE + "'", base, "'defaults' or no key");
      }
      builder.rules(QuarantinePolicy.defaults().rules());
    }
    // Group rule.<channel>.<option> keys by channel, in a stable order.
    Map<String, Map<String, String>> byChannel = new LinkedHashMap<>();
    for (String key : new TreeSet<>(props.keySet())) {
      if (key.equals(NAME) || key.equals(BASE)) {
        continue;
      }
      if (!key.startsWith(RULE_PREFIX) || key.indexOf('.', RULE_PREFIX.length()) < 0) {
        throw new IllegalArgumentException(
            "unknown policy key '"
                + key
                + "'; allowed: name, base, rule.<channel>.<option> with option one of "
                + "kind, days, max-contacts, window-days, scope, exempt-categories");
      }
      String rest = key.substring(RULE_PREFIX.length());
      int dot = rest.lastIndexOf('.');
      byChannel
          .computeIfAbsent(rest.substring(0, dot), c -> new LinkedHashMap<>())
          .put(rest.substring(dot + 1), props.get(key).trim());
    }
    for (Map.Entry<String, Map<String, String>> e : byChannel.entrySet()) {
      builder.replace(rule(e.getKey(), e.getValue()));
    }
    return builder.build();
  }

  private static QuarantineRule rule(String channelId, Map<String, String> options) {
    String prefix = RULE_PREFIX + channelId + ".";
    Channel channel;
    try {
      channel = Channel.of(channelId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "policy key '" + prefix + KIND + "': " + e.getMessage(), e);
    }
    String kind = options.get(KIND);
    if (kind == null) {
      throw new IllegalArgumentException(
          "policy key '"
              + prefix
              + KIND
              + "' is required; allowed: "
              + FIXED
              + ", "
              + CAP
              + ", "
              + OPEN);
    }
    Set<String> allowed = KEYS_BY_KIND.get(kind);
    if (allowed == null) {
      throw Errors.invalid(
          "policy key '" + prefix + KIND + "'", kind, FIXED + ", " + CAP + " or " + OPEN);
    }
    for (String option : options.keySet()) {
      if (!allowed.contains(option)) {
        throw new IllegalArgumentException(
            "policy key '"
                + prefix
                + option
                + "' does not apply to kind "
                + kind
                + "; options of "
                + kind
                + ": "
                + new TreeSet<>(allowed));
      }
    }
    QuarantineRule rule =
        switch (kind) {
          case FIXED -> QuarantineRule.fixedPeriod(channel, intOption(prefix, options, DAYS));
          case CAP ->
              QuarantineRule.frequencyCap(
                  channel,
                  intOption(prefix, options, MAX_CONTACTS),
                  intOption(prefix, options, WINDOW_DAYS));
          default -> QuarantineRule.openEnded(channel);
        };
    String scope = options.get(SCOPE);
    if (scope != null && !scope.equalsIgnoreCase("all")) {
      List<Channel> channels = new ArrayList<>();
      for (String id : list(scope)) {
        channels.add(Channel.of(id));
      }
      if (channels.isEmpty()) {
        throw Errors.invalid(
            "policy key '" + prefix + SCOPE + "'",
            scope,
            "'all' or a comma-separated list of channels");
      }
      rule = rule.scopedTo(Scope.only(channels));
    }
    String exempt = options.get(EXEMPT);
    if (exempt != null) {
      rule = rule.exempting(list(exempt).toArray(String[]::new));
    }
    return rule;
  }

  private static int intOption(String prefix, Map<String, String> options, String option) {
    String value = options.get(option);
    if (value == null) {
      throw new IllegalArgumentException(
          "policy key '" + prefix + option + "' is required for kind " + options.get(KIND));
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw Errors.invalid("policy key '" + prefix + option + "'", value, "a whole number");
    }
  }

  private static List<String> list(String csv) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return new ArrayList<>(out);
  }

  static Map<String, String> write(QuarantinePolicy policy) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(NAME, policy.name());
    for (QuarantineRule r : policy.rules()) {
      String prefix = RULE_PREFIX + r.channel().id() + ".";
      if (r instanceof QuarantineRule.FixedPeriod f) {
        out.put(prefix + KIND, FIXED);
        out.put(prefix + DAYS, Integer.toString(f.days()));
      } else if (r instanceof QuarantineRule.FrequencyCap c) {
        out.put(prefix + KIND, CAP);
        out.put(prefix + MAX_CONTACTS, Integer.toString(c.maxContacts()));
        out.put(prefix + WINDOW_DAYS, Integer.toString(c.windowDays()));
      } else {
        out.put(prefix + KIND, OPEN);
      }
      out.put(prefix + SCOPE, r.scope().toString());
      if (!r.exemptCategories().isEmpty()) {
        out.put(prefix + EXEMPT, String.join(",", new TreeSet<>(r.exemptCategories())));
      }
    }
    return out;
  }
}

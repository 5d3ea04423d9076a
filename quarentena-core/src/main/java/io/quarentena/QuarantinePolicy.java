package io.quarentena;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A named, immutable set of rules, exactly one per channel. The policy is the list of channels the
 * library knows: a contact or a check on a channel without a rule is an error, never a silent pass.
 *
 * <pre>{@code
 * QuarantinePolicy policy = QuarantinePolicy.builder("campaigns")
 *     .rules(QuarantinePolicy.defaults().rules())
 *     .replace(QuarantineRule.frequencyCap(Channel.MARKETING, 3, 14).exempting("transactional"))
 *     .build();
 * QuarantineEvaluation result = policy.evaluate(events, LocalDate.parse("2024-05-28"));
 * }</pre>
 *
 * <p>A policy can also be read from a properties file; see {@link #fromProperties(Map)} and {@code
 * docs/configuration.md}.
 */
public final class QuarantinePolicy {

  private static final QuarantinePolicy DEFAULTS =
      builder("default")
          .rule(QuarantineRule.fixedPeriod(Channel.CRM, 30))
          .rule(QuarantineRule.fixedPeriod(Channel.MARKETING, 7))
          .rule(QuarantineRule.fixedPeriod(Channel.RECOMENDACAO, 15))
          .rule(QuarantineRule.fixedPeriod(Channel.RESTRITOS, 90))
          .rule(QuarantineRule.fixedPeriod(Channel.OFERTAS, 5))
          .rule(QuarantineRule.openEnded(Channel.FRAUDE))
          .build();

  private final String name;
  private final Map<Channel, QuarantineRule> rules;

  private QuarantinePolicy(String name, Map<Channel, QuarantineRule> rules) {
    this.name = name;
    this.rules = rules;
  }

  /**
   * The six rules of the article, all global: CRM 30 days, Marketing 7, Recomendacao 15, Restritos
   * 90 (from the request date), Ofertas 5, Fraude open-ended.
   *
   * @return the default policy, named {@code default}
   */
  public static QuarantinePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A builder for a policy.
   *
   * @param name the policy's name, for messages and the run summary
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Reads a policy from properties; every key is documented in {@code docs/configuration.md}.
   *
   * <pre>
   * name = campaigns
   * base = defaults                      # optional: start from the six default rules
   * rule.Marketing.kind = frequency-cap  # fixed-period | frequency-cap | open-ended
   * rule.Marketing.max-contacts = 3
   * rule.Marketing.window-days = 14
   * rule.Marketing.scope = Marketing     # "all" (default) or a comma-separated channel list
   * rule.Marketing.exempt-categories = transactional
   * rule.Push.kind = fixed-period
   * rule.Push.days = 3
   * </pre>
   *
   * @param properties the keys and values, without any prefix
   * @return the policy
   * @throws IllegalArgumentException naming the key and what is allowed, on any bad or unknown key
   */
  public static QuarantinePolicy fromProperties(Map<String, String> properties) {
    return PolicyProperties.parse(properties);
  }

  /**
   * Reads a policy from a {@code .properties} file (UTF-8).
   *
   * @param file the file
   * @return the policy
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and key on any bad or unknown key
   */
  public static QuarantinePolicy load(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read policy file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String key : props.stringPropertyNames()) {
      map.put(key, props.getProperty(key));
    }
    try {
      return fromProperties(map);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The properties that {@link #fromProperties(Map)} reads back into an equal policy.
   *
   * @return the keys and values, in rule order
   */
  public Map<String, String> toProperties() {
    return PolicyProperties.write(this);
  }

  /**
   * Computes the quarantine entries for a load date from contact events, as docs/rules.md defines:
   * per customer and channel, the latest counted contact on or before the load date; contacts after
   * the load date are reported as rejects ({@link RejectReason#FUTURE_CONTACT_DATE}).
   *
   * @param events the contacts, in any order
   * @param loadDate the day the quarantine is computed for ({@code data_carga})
   * @return the entries and the rejects
   * @throws IllegalArgumentException if an event's channel has no rule in this policy
   */
  public QuarantineEvaluation evaluate(Iterable<ContactEvent> events, LocalDate loadDate) {
    return Evaluator.evaluate(this, events, loadDate);
  }

  /**
   * The policy's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The rules, in the order they were added.
   *
   * @return an immutable list
   */
  public List<QuarantineRule> rules() {
    return List.copyOf(rules.values());
  }

  /**
   * The channels that have a rule.
   *
   * @return an immutable set, in rule order
   */
  public Set<Channel> channels() {
    return rules.keySet();
  }

  /**
   * The rule for a channel.
   *
   * @param channel the channel
   * @return its rule
   * @throws IllegalArgumentException naming the channel and the known ones, if it has no rule
   */
  public QuarantineRule rule(Channel channel) {
    QuarantineRule rule = rules.get(channel);
    if (rule == null) {
      throw Errors.unknownChannel(channel, name, rules.keySet());
    }
    return rule;
  }

  /**
   * The rule for a channel, if there is one.
   *
   * @param channel the channel
   * @return its rule, or empty
   */
  public Optional<QuarantineRule> findRule(Channel channel) {
    return Optional.ofNullable(rules.get(channel));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuarantinePolicy other
        && name.equals(other.name)
        && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + rules.hashCode();
  }

  @Override
  public String toString() {
    List<String> described = new ArrayList<>();
    for (QuarantineRule r : rules.values()) {
      described.add(r.describe());
    }
    return "QuarantinePolicy[" + name + ": " + String.join("; ", described) + "]";
  }

  /** Builds a {@link QuarantinePolicy}: one rule per channel, at least one rule. */
  public static final class Builder {
    private final String name;
    private final Map<Channel, QuarantineRule> rules = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Errors.checkNotBlank(name, "policy name");
    }

    /**
     * Adds a rule for a channel that has none yet.
     *
     * @param rule the rule
     * @return this builder
     * @throws IllegalArgumentException if the channel already has a rule
     */
    public Builder rule(QuarantineRule rule) {
      Errors.checkNotNull(rule, "rule");
      QuarantineRule existing = rules.putIfAbsent(rule.channel(), rule);
      if (existing != null) {
        throw new IllegalArgumentException(
            "policy '"
                + name
                + "': channel "
                + rule.channel()
                + " already has a rule ("
                + existing.describe()
                + "), cannot add ("
                + rule.describe()
                + "). A policy holds one rule per channel: use replace(rule) to change it.");
      }
      return this;
    }

    /**
     * Adds several rules, as {@link #rule(QuarantineRule)}.
     *
     * @param more the rules
     * @return this builder
     */
    public Builder rules(Collection<? extends QuarantineRule> more) {
      more.forEach(this::rule);
      return this;
    }

    /**
     * Sets the rule for a channel, replacing any rule it had.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder replace(QuarantineRule rule) {
      Errors.checkNotNull(rule, "rule");
      rules.put(rule.channel(), rule);
      return this;
    }

    /**
     * Removes the rule of a channel.
     *
     * @param channel the channel
     * @return this builder
     */
    public Builder remove(Channel channel) {
      rules.remove(channel);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if there is no rule, or a scope names a channel without a
     *     rule
     */
    public QuarantinePolicy build() {
      if (rules.isEmpty()) {
        throw new IllegalArgumentException(
            "policy '" + name + "' has no rules; add at least one rule (one per channel)");
      }
      for (QuarantineRule r : rules.values()) {
        for (Channel scoped : r.scope().channels()) {
          if (!rules.containsKey(scoped)) {
            throw new IllegalArgumentException(
                "policy '"
                    + name
                    + "': the rule of channel "
                    + r.channel()
                    + " is scoped to channel '"
                    + scoped
                    + "', which has no rule. Known channels: "
                    + rules.keySet()
                    + ". Add a rule for it or fix the scope (ids are case-sensitive).");
          }
        }
      }
      return new QuarantinePolicy(
          name, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules)));
    }
  }
}

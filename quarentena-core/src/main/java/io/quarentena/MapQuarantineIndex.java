package io.quarentena;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The straightforward snapshot: a hash map from customer id to that customer's entries. */
final class MapQuarantineIndex implements QuarantineIndex {

  private static final Logger LOG = LoggerFactory.getLogger(MapQuarantineIndex.class);
  private static final QuarantineEntry[] NONE = new QuarantineEntry[0];

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final Map<String, QuarantineEntry[]> byCustomer;
  private final Map<Channel, QuarantineRule> rules;
  private final long size;
  private final ContactHistory history;

  private MapQuarantineIndex(
      QuarantinePolicy policy,
      LocalDate loadDate,
      Map<String, QuarantineEntry[]> byCustomer,
      Map<Channel, QuarantineRule> rules,
      long size,
      ContactHistory history) {
    this.policy = policy;
    this.loadDate = loadDate;
    this.byCustomer = byCustomer;
    this.rules = rules;
    this.size = size;
    this.history = history;
  }

  static MapQuarantineIndex build(
      QuarantinePolicy policy, LocalDate loadDate, Collection<QuarantineEntry> entries) {
    return build(policy, loadDate, entries, ContactHistory.EMPTY);
  }

  static MapQuarantineIndex build(
      QuarantinePolicy policy,
      LocalDate loadDate,
      Collection<QuarantineEntry> entries,
      ContactHistory history) {
    Errors.checkNotNull(policy, "policy");
    Errors.checkNotNull(loadDate, "loadDate");
    Map<Channel, QuarantineRule> rules = rulesFor(policy, entries);
    Map<String, List<QuarantineEntry>> grouped = new HashMap<>();
    for (QuarantineEntry e : entries) {
      if (!e.loadDate().equals(loadDate)) {
        throw new IllegalArgumentException(
            "entry of customer "
                + e.customerId()
                + " on "
                + e.channel()
                + " has load date "
                + e.loadDate()
                + ", the snapshot is for "
                + loadDate
                + ": a snapshot holds one load date");
      }
      List<QuarantineEntry> list = grouped.computeIfAbsent(e.customerId(), k -> new ArrayList<>(1));
      for (QuarantineEntry other : list) {
        if (other.channel().equals(e.channel())) {
          throw new IllegalArgumentException(
              "two entries for customer "
                  + e.customerId()
                  + " on channel "
                  + e.channel()
                  + ": the table holds one row per (id_cliente, canal) per data_carga");
        }
      }
      list.add(e);
    }
    Map<String, QuarantineEntry[]> byCustomer = new HashMap<>(grouped.size() * 2);
    grouped.forEach((k, v) -> byCustomer.put(k, v.toArray(NONE)));
    return new MapQuarantineIndex(policy, loadDate, byCustomer, rules, entries.size(), history);
  }

  /**
   * The rule of each channel, including a fail-closed stand-in for channels the policy does not
   * know: a global rule, so such entries block every channel until their last day.
   */
  static Map<Channel, QuarantineRule> rulesFor(
      QuarantinePolicy policy, Collection<QuarantineEntry> entries) {
    Map<Channel, QuarantineRule> rules = new HashMap<>();
    for (QuarantineRule r : policy.rules()) {
      rules.put(r.channel(), r);
    }
    Set<Channel> unknown = new TreeSet<>();
    for (QuarantineEntry e : entries) {
      if (!rules.containsKey(e.channel())) {
        unknown.add(e.channel());
        rules.put(e.channel(), QuarantineRule.openEnded(e.channel()));
      }
    }
    if (!unknown.isEmpty()) {
      LOG.warn(
          "The snapshot has entries for channels without a rule in policy '{}': {}. They block"
              + " every channel until their last day (fail closed). Add rules for them.",
          policy.name(),
          unknown);
    }
    return rules;
  }

  @Override
  public QuarantinePolicy policy() {
    return policy;
  }

  @Override
  public LocalDate loadDate() {
    return loadDate;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean isSuppressed(
      String customerId, Channel channel, LocalDate date, @Nullable String category) {
    policy.rule(channel); // an unknown outbound channel is an error, never a silent pass
    for (QuarantineEntry e : byCustomer.getOrDefault(TextTrim.trim(customerId), NONE)) {
      if (blocks(rules.get(e.channel()), e, channel, date, category)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public SuppressionDecision check(
      String customerId, Channel channel, LocalDate date, @Nullable String category) {
    policy.rule(channel);
    List<SuppressionDecision.Block> blocks = new ArrayList<>(1);
    for (QuarantineEntry e : byCustomer.getOrDefault(TextTrim.trim(customerId), NONE)) {
      QuarantineRule rule = rules.get(e.channel());
      if (blocks(rule, e, channel, date, category)) {
        blocks.add(new SuppressionDecision.Block(e, rule));
      }
    }
    return SuppressionDecision.of(TextTrim.trim(customerId), channel, date, blocks, loadDate);
  }

  static boolean blocks(
      QuarantineRule rule,
      QuarantineEntry entry,
      Channel channel,
      LocalDate date,
      @Nullable String category) {
    return rule.scope().covers(channel) && !rule.exempts(category) && entry.blocks(date);
  }

  @Override
  public List<QuarantineEntry> entries(String customerId) {
    return List.of(byCustomer.getOrDefault(TextTrim.trim(customerId), NONE));
  }

  @Override
  public List<ContactEvent> history(String customerId) {
    return List.of(history.of(TextTrim.trim(customerId)));
  }

  @Override
  public long historySize() {
    return history.size();
  }

  @Override
  public String toString() {
    return "QuarantineIndex[" + policy.name() + ", " + loadDate + ", " + size + " entries]";
  }
}

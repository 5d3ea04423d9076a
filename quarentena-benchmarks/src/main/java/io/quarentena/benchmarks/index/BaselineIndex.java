package io.quarentena.benchmarks.index;

import io.quarentena.Channel;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.SuppressionDecision;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The baseline the compact index is measured against: the straightforward snapshot, a {@code
 * HashMap<String, List<QuarantineEntry>>} answering with the same rule objects (scope, exemptions,
 * last day), as the core did before the compact index.
 *
 * <pre>{@code
 * Quarantine baseline = Quarantine.of(BaselineIndex.of(policy, loadDate, entries));
 * }</pre>
 */
public final class BaselineIndex implements QuarantineIndex {

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final Map<String, List<QuarantineEntry>> byCustomer;
  private final Map<Channel, QuarantineRule> rules = new HashMap<>();
  private final long size;

  private BaselineIndex(
      QuarantinePolicy policy, LocalDate loadDate, Map<String, List<QuarantineEntry>> byCustomer) {
    this.policy = policy;
    this.loadDate = loadDate;
    this.byCustomer = byCustomer;
    for (QuarantineRule r : policy.rules()) {
      rules.put(r.channel(), r);
    }
    long n = 0;
    for (List<QuarantineEntry> list : byCustomer.values()) {
      n += list.size();
    }
    this.size = n;
  }

  /**
   * Groups the entries by customer.
   *
   * @param policy the policy
   * @param loadDate the load date
   * @param entries the entries
   * @return the baseline snapshot
   */
  public static BaselineIndex of(
      QuarantinePolicy policy, LocalDate loadDate, Collection<QuarantineEntry> entries) {
    Map<String, List<QuarantineEntry>> map = new HashMap<>();
    for (QuarantineEntry e : entries) {
      map.computeIfAbsent(e.customerId(), k -> new ArrayList<>(1)).add(e);
    }
    return new BaselineIndex(policy, loadDate, map);
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
    policy.rule(channel); // an unknown channel is an error, as in the core
    List<QuarantineEntry> list = byCustomer.get(customerId);
    if (list == null) {
      return false;
    }
    for (QuarantineEntry e : list) {
      QuarantineRule rule = rules.get(e.channel());
      if (rule.scope().covers(channel) && !rule.exempts(category) && e.blocks(date)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public SuppressionDecision check(
      String customerId, Channel channel, LocalDate date, @Nullable String category) {
    List<SuppressionDecision.Block> blocks = new ArrayList<>();
    for (QuarantineEntry e : entries(customerId)) {
      QuarantineRule rule = rules.get(e.channel());
      if (rule.scope().covers(channel) && !rule.exempts(category) && e.blocks(date)) {
        blocks.add(new SuppressionDecision.Block(e, rule));
      }
    }
    return SuppressionDecision.of(customerId, channel, date, blocks, loadDate);
  }

  @Override
  public List<QuarantineEntry> entries(String customerId) {
    return byCustomer.getOrDefault(customerId, List.of());
  }
}

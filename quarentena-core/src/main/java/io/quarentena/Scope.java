package io.quarentena;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which outbound channels a rule blocks: every channel (a global quarantine, the default) or only
 * the listed ones.
 *
 * <pre>{@code
 * QuarantineRule.fixedPeriod(Channel.MARKETING, 7).scopedTo(Scope.only(Channel.MARKETING));
 * }</pre>
 *
 * @param channels the blocked channels; empty means every channel
 */
public record Scope(Set<Channel> channels) {

  private static final Scope GLOBAL = new Scope(Set.of());

  /** Copies the set. */
  public Scope {
    Errors.checkNotNull(channels, "scope channels");
    channels = Set.copyOf(channels);
  }

  /**
   * Every channel: a global quarantine.
   *
   * @return the global scope
   */
  public static Scope global() {
    return GLOBAL;
  }

  /**
   * Only these channels.
   *
   * @param first a channel
   * @param more further channels
   * @return a scope listing the channels
   */
  public static Scope only(Channel first, Channel... more) {
    Set<Channel> set = new TreeSet<>();
    set.add(Errors.checkNotNull(first, "scope channel"));
    set.addAll(Arrays.asList(more));
    return new Scope(set);
  }

  /**
   * Only these channels; an empty collection is refused (use {@link #global()} for all).
   *
   * @param channels the channels
   * @return a scope listing the channels
   */
  public static Scope only(Collection<Channel> channels) {
    if (channels.isEmpty()) {
      throw Errors.invalid(
          "scope", "[]", "at least one channel, or Scope.global() for every channel");
    }
    return new Scope(Set.copyOf(channels));
  }

  /**
   * Whether the scope blocks every channel.
   *
   * @return true for a global scope
   */
  public boolean isGlobal() {
    return channels.isEmpty();
  }

  /**
   * Whether a send on this channel is blocked by a rule of this scope.
   *
   * @param channel the outbound channel
   * @return true if the scope covers the channel
   */
  public boolean covers(Channel channel) {
    return channels.isEmpty() || channels.contains(channel);
  }

  @Override
  public String toString() {
    return isGlobal()
        ? "all"
        : channels.stream().map(Channel::id).sorted().collect(Collectors.joining(","));
  }
}

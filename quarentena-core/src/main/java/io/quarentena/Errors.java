package io.quarentena;

import java.util.Collection;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Every user-facing error of the core is made here, so messages keep one shape: what is wrong, with
 * which value, and what is allowed.
 */
final class Errors {

  private Errors() {}

  static <T> T checkNotNull(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  static String checkNotBlank(@Nullable String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (TextTrim.trim(value).isEmpty()) {
      throw new IllegalArgumentException(field + " must not be blank, got: '" + value + "'");
    }
    return value;
  }

  /**
   * A key (a customer id) in the form every engine compares it in: {@link TextTrim trimmed}, and
   * not blank.
   */
  static String checkKey(@Nullable String value, String field) {
    return TextTrim.trim(checkNotBlank(value, field));
  }

  static IllegalArgumentException invalid(String field, @Nullable Object value, String allowed) {
    return new IllegalArgumentException(
        "invalid " + field + ": '" + value + "'; expected " + allowed);
  }

  static IllegalArgumentException unknownChannel(
      Channel channel, String policyName, Collection<Channel> known) {
    return new IllegalArgumentException(
        "unknown channel '"
            + channel.id()
            + "': policy '"
            + policyName
            + "' has rules for "
            + known.stream().map(Channel::id).sorted().collect(Collectors.joining(", "))
            + ". Add a rule for it to the policy (channel ids are case-sensitive).");
  }
}

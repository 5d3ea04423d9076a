package io.quarentena.connectors;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The location and string options of one source, as a job file gives them, with typed getters whose
 * errors name the source, the key and what is allowed. Immutable.
 *
 * <pre>{@code
 * SourceSettings s = SourceSettings.of("marketing",
 *     "sftp://mc.example.com/export/marketing_{yyyyMMdd}.csv",
 *     Map.of("user", "quarentena", "connectTimeout", "15s", "retries", "3"));
 * s.required("user");                                   // "quarentena"
 * s.duration("connectTimeout", Duration.ofSeconds(30)); // PT15S
 * s.integer("retries", 3, 1, 10);                       // 3
 * s.checkKnownKeys(Set.of("user", "connectTimeout", "retries"));
 * }</pre>
 */
public final class SourceSettings {
  /** The option every source accepts: the name used in messages. */
  public static final String NAME = "name";

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private final String name;
  private final String location;
  private final String scheme;
  private final Map<String, String> options;

  private SourceSettings(String name, String location, Map<String, String> options) {
    this.name = name;
    this.location = location;
    int colon = location.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "source '"
              + name
              + "': location has no scheme: write it as sftp://host/path, sharepoint://host/sites/"
              + "site/path or file:///path");
    }
    this.scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
    this.options = Map.copyOf(new TreeMap<>(options));
  }

  /**
   * Settings with an explicit name.
   *
   * @param name the source's name, for messages
   * @param location the location, for example {@code sftp://host/dir/file_{yyyyMMdd}.csv}
   * @param options string options; values naming secrets are secret references
   * @return the settings
   */
  public static SourceSettings of(String name, String location, Map<String, String> options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(options, "options");
    if (name.isBlank()) {
      throw new IllegalArgumentException("source name is blank: give each source a short name");
    }
    return new SourceSettings(name, location, options);
  }

  /**
   * The source's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The location as given.
   *
   * @return the location
   */
  public String location() {
    return location;
  }

  /**
   * The location's scheme, lower case.
   *
   * @return for example {@code "sftp"}
   */
  public String scheme() {
    return scheme;
  }

  /**
   * All options.
   *
   * @return an immutable map
   */
  public Map<String, String> options() {
    return options;
  }

  /**
   * Fails when an option is not one the source knows: a typo in a job file should not silently fall
   * back to a default.
   *
   * @param known the keys the source reads ({@link #NAME} is always allowed)
   * @throws IllegalArgumentException naming the unknown keys and the known ones
   */
  public void checkKnownKeys(Collection<String> known) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(known);
    unknown.remove(NAME);
    if (!unknown.isEmpty()) {
      Set<String> allowed = new TreeSet<>(known);
      allowed.add(NAME);
      throw invalid(
          String.join(", ", unknown),
          "is not an option of " + scheme + " sources; the options are " + allowed);
    }
  }

  /**
   * An option that must be present and not blank.
   *
   * @param key the option key
   * @return the value
   * @throws IllegalArgumentException naming the source and key when it is missing
   */
  public String required(String key) {
    return optional(key).orElseThrow(() -> invalid(key, "is required"));
  }

  /**
   * An option that may be absent; a blank value counts as absent.
   *
   * @param key the option key
   * @return the value, or empty
   */
  public Optional<String> optional(String key) {
    String v = options.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /**
   * A whole-number option within bounds.
   *
   * @param key the option key
   * @param defaultValue the value when absent
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return the value
   */
  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> v = optional(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw invalid(key, "is " + n + "; allowed: " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(
          key, "is '" + v.get() + "', not a whole number; allowed: " + min + " to " + max);
    }
  }

  /**
   * A duration option: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601
   * ({@code PT30S}).
   *
   * @param key the option key
   * @param defaultValue the value when absent
   * @return the value, never negative
   */
  public Duration duration(String key, Duration defaultValue) {
    Optional<String> v = optional(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String text = v.get();
    Duration d;
    Matcher m = SIMPLE_DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw invalid(key, "is '" + text + "', not a duration; write 250ms, 30s, 5m, 1h or PT30S");
      }
    }
    if (d.isNegative()) {
      throw invalid(key, "is negative; give a duration of 0 or more");
    }
    return d;
  }

  /**
   * A boolean option: {@code true} or {@code false}, nothing else.
   *
   * @param key the option key
   * @param defaultValue the value when absent
   * @return the value
   */
  public boolean bool(String key, boolean defaultValue) {
    Optional<String> v = optional(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, "is '" + v.get() + "'; allowed: true or false");
    };
  }

  /**
   * Resolves an option that holds a secret reference. The error never repeats the option's value:
   * it might be a pasted secret rather than a reference.
   *
   * @param key the option key
   * @param secrets the provider that resolves the reference
   * @return the secret, or empty when the option is absent
   * @throws IllegalArgumentException when the reference is malformed or resolves to nothing
   */
  public Optional<Secret> secret(String key, SecretProvider secrets) {
    Optional<String> reference = optional(key);
    if (reference.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(secrets.require(reference.get()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "source '" + name + "', option '" + key + "': " + e.getMessage(), e);
    }
  }

  /**
   * An error about one option, in the shape every source uses.
   *
   * @param key the option key
   * @param problem what is wrong and what is allowed
   * @return the exception to throw
   */
  public IllegalArgumentException invalid(String key, String problem) {
    return new IllegalArgumentException("source '" + name + "', option '" + key + "' " + problem);
  }

  /** Shows the name, scheme and option keys; never option values. */
  @Override
  public String toString() {
    return "SourceSettings[name="
        + name
        + ", scheme="
        + scheme
        + ", keys="
        + options.keySet()
        + "]";
  }
}

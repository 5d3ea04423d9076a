package io.quarentena.connectors;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link ContactSource} from a location and options, choosing the provider by the
 * location's scheme. Providers come from {@link ServiceLoader} (the built-in {@code sftp}, {@code
 * sharepoint} and {@code file}, and any on the classpath) and from {@link #register}; a registered
 * provider wins over a discovered one for the same scheme.
 *
 * <pre>{@code
 * ContactSources.register(new HttpsSourceProvider());       // optional: your own scheme
 * try (ContactSource crm = ContactSources.open(
 *     "sharepoint://contoso.sharepoint.com/sites/crm/Exports/crm_{yyyyMMdd}.xlsx",
 *     Map.of("name", "crm", "tenantId", "...", "clientId", "...",
 *            "clientSecret", "databricks:quarentena/graph-secret"),
 *     SecretProviders.defaults())) {
 *   crm.fetch(new FetchRequest(staging, loadDate));
 * }
 * }</pre>
 */
public final class ContactSources {
  private static final Logger LOG = LoggerFactory.getLogger(ContactSources.class);
  private static final Map<String, ContactSourceProvider> REGISTERED = new ConcurrentHashMap<>();

  private ContactSources() {}

  /**
   * Registers a provider for its scheme, replacing any earlier registration.
   *
   * @param provider the provider
   */
  public static void register(ContactSourceProvider provider) {
    Objects.requireNonNull(provider, "provider");
    String scheme = provider.scheme().toLowerCase(Locale.ROOT);
    ContactSourceProvider previous = REGISTERED.put(scheme, provider);
    if (previous != null && previous != provider) {
      LOG.info(
          "contact source scheme '{}': {} replaces {}",
          scheme,
          provider.getClass().getName(),
          previous.getClass().getName());
    }
  }

  /**
   * Opens a source. The option {@code name} names it in messages; without it the name is the
   * location without credentials.
   *
   * @param location for example {@code sftp://host/export/marketing_{yyyyMMdd}.csv}
   * @param options the source's options; secrets are given as references
   * @param secrets resolves the references
   * @return the source; the caller closes it
   * @throws IllegalArgumentException when no provider handles the scheme, or the options are
   *     invalid
   */
  public static ContactSource open(
      String location, Map<String, String> options, SecretProvider secrets) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(secrets, "secrets");
    String name = defaultName(location); // also refuses a password written in the location
    String given = options.get(SourceSettings.NAME);
    if (given != null && !given.isBlank()) {
      name = given.trim();
    }
    SourceSettings settings = SourceSettings.of(name, location, options);
    return provider(settings).create(settings, secrets);
  }

  /**
   * Opens a source from settings made in code.
   *
   * @param settings the source's settings
   * @param secrets resolves the references
   * @return the source; the caller closes it
   */
  public static ContactSource open(SourceSettings settings, SecretProvider secrets) {
    return provider(settings).create(settings, secrets);
  }

  private static ContactSourceProvider provider(SourceSettings settings) {
    ContactSourceProvider provider = REGISTERED.get(settings.scheme());
    if (provider != null) {
      return provider;
    }
    TreeSet<String> known = new TreeSet<>(REGISTERED.keySet());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (ContactSourceProvider p :
        ServiceLoader.load(
            ContactSourceProvider.class,
            loader != null ? loader : ContactSources.class.getClassLoader())) {
      String scheme = p.scheme().toLowerCase(Locale.ROOT);
      known.add(scheme);
      if (scheme.equals(settings.scheme())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "source '"
            + settings.name()
            + "': no contact source handles the scheme '"
            + settings.scheme()
            + "'. Known schemes: "
            + known
            + ". Fix the location, or put the provider's jar on the classpath or register it with"
            + " ContactSources.register.");
  }

  /** The location without any user information, so no credential ends up in a message. */
  static String defaultName(String location) {
    int start = location.indexOf("://");
    if (start < 0) {
      return location;
    }
    int hostStart = start + 3;
    int slash = location.indexOf('/', hostStart);
    int at = location.lastIndexOf('@', slash < 0 ? location.length() : slash);
    if (at >= hostStart) {
      if (location.substring(hostStart, at).contains(":")) {
        throw new IllegalArgumentException(
            "a source location holds a password (user:password@host). Remove it from the location"
                + " and give the password as a secret reference in the 'password' option.");
      }
      return location.substring(0, hostStart) + location.substring(at + 1);
    }
    return location;
  }
}

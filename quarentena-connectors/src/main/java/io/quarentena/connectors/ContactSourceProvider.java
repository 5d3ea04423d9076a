package io.quarentena.connectors;

/**
 * Makes {@link ContactSource}s for one URI scheme. Implementations are found with {@link
 * java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/io.quarentena.connectors.ContactSourceProvider}) or registered with {@link
 * ContactSources#register}. A provider needs a public no-argument constructor for the former.
 *
 * <pre>{@code
 * public final class HttpsSourceProvider implements ContactSourceProvider {
 *   public String scheme() { return "https"; }
 *   public ContactSource create(SourceSettings settings, SecretProvider secrets) {
 *     return new HttpsSource(settings.name(), settings.location(),
 *         secrets.require(settings.required("token")));
 *   }
 * }
 * }</pre>
 */
public interface ContactSourceProvider {

  /**
   * The URI scheme this provider handles, in lower case.
   *
   * @return for example {@code "sftp"}
   */
  String scheme();

  /**
   * Creates a source. Validates the settings eagerly (unknown keys, missing options, unresolvable
   * secrets) so a bad job file fails before any transfer starts.
   *
   * @param settings the location and options of the source
   * @param secrets resolves the secret references in the options
   * @return a new source; the caller closes it
   * @throws IllegalArgumentException when the settings are invalid, naming the source and key
   */
  ContactSource create(SourceSettings settings, SecretProvider secrets);
}

package io.quarentena.connectors;

import io.quarentena.connectors.internal.DatabricksSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The built-in secret providers, chained by the reference's prefix.
 *
 * <table>
 *   <caption>Reference forms</caption>
 *   <tr><th>reference</th><th>resolves to</th></tr>
 *   <tr><td>{@code env:SFTP_PASSWORD}</td><td>an environment variable</td></tr>
 *   <tr><td>{@code sysprop:sftp.password}</td><td>a JVM system property</td></tr>
 *   <tr><td>{@code file:/run/secrets/sftp}</td><td>a file's content (UTF-8, one trailing line
 *       break removed)</td></tr>
 *   <tr><td>{@code databricks:scope/key}</td><td>{@code dbutils.secrets.get(scope, key)}, found
 *       reflectively; an error outside Databricks</td></tr>
 * </table>
 *
 * <pre>{@code
 * SecretProvider secrets = SecretProviders.defaults();
 * // add a backend of your own under a prefix of your choice:
 * SecretProvider withVault = SecretProviders.byPrefix(Map.of(
 *     "env", SecretProviders.environment(System::getenv),
 *     "vault", path -> Optional.ofNullable(vault.read(path)).map(Secret::of)));
 * }</pre>
 */
public final class SecretProviders {
  private static final SecretProvider DEFAULTS =
      byPrefix(
          Map.of(
              "env", environment(System::getenv),
              "sysprop", systemProperties(),
              "file", files(),
              "databricks", new DatabricksSecrets()));

  private SecretProviders() {}

  /**
   * Environment variables, system properties, files and Databricks secrets, by prefix.
   *
   * @return the default chain
   */
  public static SecretProvider defaults() {
    return DEFAULTS;
  }

  /**
   * Dispatches {@code prefix:rest} to the provider registered for {@code prefix}, which receives
   * {@code rest}.
   *
   * @param providers providers by lower-case prefix
   * @return the chained provider
   */
  public static SecretProvider byPrefix(Map<String, SecretProvider> providers) {
    Map<String, SecretProvider> copy = new LinkedHashMap<>();
    providers.forEach(
        (prefix, provider) ->
            copy.put(prefix.toLowerCase(Locale.ROOT), Objects.requireNonNull(provider, prefix)));
    return reference -> {
      Objects.requireNonNull(reference, "reference");
      int colon = reference.indexOf(':');
      SecretProvider delegate =
          colon > 0 ? copy.get(reference.substring(0, colon).toLowerCase(Locale.ROOT)) : null;
      if (delegate == null || colon == reference.length() - 1) {
        // Never echo the reference: a malformed one may be a secret pasted in its place.
        throw new IllegalArgumentException(
            "the value is not a secret reference. Write prefix:name with a prefix of "
                + copy.keySet()
                + ", for example env:SFTP_PASSWORD, and keep the secret itself out of the job"
                + " file.");
      }
      return delegate.lookup(reference.substring(colon + 1));
    };
  }

  /**
   * Environment variables; the reference is the variable name.
   *
   * @param environment the environment, {@code System::getenv} in production
   * @return the provider
   */
  public static SecretProvider environment(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    return name -> Optional.ofNullable(environment.apply(name)).map(Secret::of);
  }

  /**
   * JVM system properties; the reference is the property name.
   *
   * @return the provider
   */
  public static SecretProvider systemProperties() {
    return name -> Optional.ofNullable(System.getProperty(name)).map(Secret::of);
  }

  /**
   * Files (for example Kubernetes or Docker secrets); the reference is the path. The content is
   * read as UTF-8 and one trailing line break is removed.
   *
   * @return the provider
   */
  public static SecretProvider files() {
    return path -> {
      Path file = Path.of(path);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (content.endsWith("\r\n")) {
          content = content.substring(0, content.length() - 2);
        } else if (content.endsWith("\n")) {
          content = content.substring(0, content.length() - 1);
        }
        return Optional.of(Secret.of(content));
      } catch (IOException e) {
        throw new IllegalStateException(
            "secret file "
                + path
                + " exists but cannot be read ("
                + e.getClass().getSimpleName()
                + "): give the job's user read permission on it",
            e);
      }
    };
  }
}

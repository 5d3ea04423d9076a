package io.quarentena.connectors.sftp;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSourceProvider;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.internal.Retry;

/**
 * Makes {@code sftp://[user@]host[:port]/path/file_{yyyyMMdd}.csv} sources.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@code user}</td><td>login (or {@code user@} in the location)</td></tr>
 *   <tr><td>{@code password}</td><td>secret reference to the password</td></tr>
 *   <tr><td>{@code privateKey}</td><td>secret reference to a PEM/OpenSSH private key</td></tr>
 *   <tr><td>{@code privateKeyPassphrase}</td><td>secret reference to the key's passphrase</td></tr>
 *   <tr><td>{@code knownHosts}</td><td>path of a known_hosts file holding the server's key</td></tr>
 *   <tr><td>{@code hostKeyFingerprint}</td><td>the server key's {@code SHA256:...}
 *       fingerprint</td></tr>
 *   <tr><td>{@code insecureSkipHostKeyCheck}</td><td>{@code true} turns verification off (logged
 *       as an error on every fetch)</td></tr>
 *   <tr><td>{@code connectTimeout}, {@code readTimeout}</td><td>default 30s and 60s</td></tr>
 *   <tr><td>{@code retries}, {@code retryBackoff}, {@code maxRetryWait}</td><td>default 3, 2s,
 *       2m; transient failures only</td></tr>
 * </table>
 *
 * <p>A remote name whose file part holds {@code *} or {@code ?} takes the newest matching file.
 *
 * <pre>{@code
 * ContactSource marketing = ContactSources.open(
 *     "sftp://quarentena@mc.example.com/Export/marketing_{yyyyMMdd}.csv",
 *     Map.of("password", "env:SFTP_PASSWORD", "knownHosts", "/etc/quarentena/known_hosts"),
 *     SecretProviders.defaults());
 * }</pre>
 */
public final class SftpSourceProvider implements ContactSourceProvider {

  /** For {@link java.util.ServiceLoader}. */
  public SftpSourceProvider() {}

  @Override
  public String scheme() {
    return "sftp";
  }

  @Override
  public ContactSource create(SourceSettings settings, SecretProvider secrets) {
    return SftpSource.create(settings, secrets, Retry.Sleeper.SYSTEM);
  }
}

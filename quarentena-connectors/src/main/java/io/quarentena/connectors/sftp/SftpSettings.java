package io.quarentena.connectors.sftp;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.quarentena.connectors.Secret;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.internal.RemoteNames;
import io.quarentena.connectors.internal.Retry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an SFTP source is told, parsed and checked, apart from the transport that uses it: where the
 * file is, who logs in and with what, how the server's key is checked, and the timeouts. Every
 * problem is found here and names its option ({@code source 'crm', option 'user' ...}); nothing
 * here opens a connection. The secrets stay {@link Secret}s, which never show themselves.
 *
 * @param name the source's name
 * @param host the server
 * @param port its port (22 unless the location names one)
 * @param user the login
 * @param path the remote file, a template with the load date's tokens
 * @param password the password, or null for key login only
 * @param privateKey the private key, or null for password login only
 * @param privateKeyPassphrase the key's passphrase, when it is encrypted
 * @param knownHosts a readable known_hosts file, or null
 * @param hostKeyFingerprint the server key's OpenSSH SHA-256 fingerprint, or null
 * @param insecureSkipHostKeyCheck true when the server's key is not checked (logged as an error)
 * @param connectTimeout the connect timeout
 * @param readTimeout the read timeout, also the longest silence of a download
 */
record SftpSettings(
    String name,
    String host,
    int port,
    String user,
    String path,
    @Nullable Secret password,
    @Nullable Secret privateKey,
    @Nullable Secret privateKeyPassphrase,
    @Nullable Path knownHosts,
    @Nullable String hostKeyFingerprint,
    boolean insecureSkipHostKeyCheck,
    Duration connectTimeout,
    Duration readTimeout) {

  /** The option keys of an SFTP source. */
  static final List<String> KEYS =
      Retry.withRetryKeys(
          "user",
          "password",
          "privateKey",
          "privateKeyPassphrase",
          "knownHosts",
          "hostKeyFingerprint",
          "insecureSkipHostKeyCheck",
          "connectTimeout",
          "readTimeout");

  /**
   * Parses and checks a source's settings.
   *
   * @param s the source's location ({@code sftp://[user@]host[:port]/path}) and options
   * @param secrets resolves the secret references
   * @return the settings
   * @throws IllegalArgumentException naming the option at fault
   */
  static SftpSettings from(SourceSettings s, SecretProvider secrets) {
    s.checkKnownKeys(KEYS);
    String location = s.location();
    if (!location.startsWith("sftp://")) {
      throw s.invalid("location", "must look like sftp://[user@]host[:port]/path/file.csv");
    }
    String rest = location.substring("sftp://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw s.invalid("location", "needs a host and a file path: sftp://host/path/file.csv");
    }
    String authority = rest.substring(0, slash);
    String path = RemoteNames.validate(rest.substring(slash));
    String user = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      user = authority.substring(0, at);
      authority = authority.substring(at + 1);
    }
    String host = authority;
    int port = 22;
    int colon = authority.lastIndexOf(':');
    if (colon > 0 && authority.indexOf(']') < colon) {
      host = authority.substring(0, colon);
      try {
        port = Integer.parseInt(authority.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw s.invalid("location", "has a port that is not a number");
      }
    }
    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Optional<String> userOption = s.optional("user");
    if (user != null && userOption.isPresent() && !user.equals(userOption.get())) {
      throw s.invalid("user", "differs from the user in the location: give it once");
    }
    if (user == null) {
      user = userOption.orElseThrow(() -> s.invalid("user", "is required (or user@ in location)"));
    }

    Optional<Secret> password = s.secret("password", secrets);
    Optional<Secret> key = s.secret("privateKey", secrets);
    Optional<Secret> passphrase = s.secret("privateKeyPassphrase", secrets);
    if (password.isEmpty() && key.isEmpty()) {
      throw s.invalid(
          "password",
          "or 'privateKey' is required: give a secret reference such as env:SFTP_PASSWORD or"
              + " file:/run/secrets/sftp_key");
    }
    if (key.isPresent()) {
      checkKeyDecrypts(s, key.get(), passphrase.orElse(null));
    }

    Optional<String> knownHosts = s.optional("knownHosts");
    Optional<String> fingerprint = s.optional("hostKeyFingerprint");
    boolean insecure = s.bool("insecureSkipHostKeyCheck", false);
    int ways = (knownHosts.isPresent() ? 1 : 0) + (fingerprint.isPresent() ? 1 : 0);
    if (insecure && ways > 0) {
      throw s.invalid(
          "insecureSkipHostKeyCheck", "is true while a host key is given: remove one of them");
    }
    if (ways > 1) {
      throw s.invalid("knownHosts", "and 'hostKeyFingerprint' are both given: choose one");
    }
    Path knownHostsFile = null;
    if (knownHosts.isPresent()) {
      knownHostsFile = Path.of(knownHosts.get());
      if (!Files.isReadable(knownHostsFile)) {
        throw s.invalid(
            "knownHosts",
            "names "
                + knownHostsFile
                + ", which does not exist or cannot be read. Create it with ssh-keyscan -p "
                + port
                + " "
                + host
                + " and check the key against the fingerprint your provider publishes");
      }
      try {
        new JSch().setKnownHosts(knownHostsFile.toString());
      } catch (JSchException e) {
        throw s.invalid(
            "knownHosts", "cannot be read as a known_hosts file (" + e.getMessage() + ")");
      }
    } else if (fingerprint.isPresent()) {
      try {
        new PinnedHostKey(fingerprint.get());
      } catch (IllegalArgumentException e) {
        throw s.invalid("hostKeyFingerprint", e.getMessage());
      }
    } else if (!insecure) {
      throw s.invalid(
          "knownHosts",
          "or 'hostKeyFingerprint' is required: the server's identity must be checked, or a"
              + " man in the middle gets the password and the file. Get the fingerprint from your"
              + " provider (or ssh-keyscan "
              + host
              + " | ssh-keygen -lf -) and set hostKeyFingerprint");
    }
    return new SftpSettings(
        s.name(),
        host,
        port,
        user,
        path,
        password.orElse(null),
        key.orElse(null),
        passphrase.orElse(null),
        knownHostsFile,
        fingerprint.orElse(null),
        insecure,
        s.duration("connectTimeout", Duration.ofSeconds(30)),
        s.duration("readTimeout", Duration.ofSeconds(60)));
  }

  /**
   * JSch takes a wrong passphrase silently and the login then fails as if the server refused the
   * key; check it here so the error names the option at fault.
   */
  private static void checkKeyDecrypts(SourceSettings s, Secret key, @Nullable Secret passphrase) {
    KeyPair pair;
    try {
      pair = KeyPair.load(new JSch(), key.utf8(), null);
    } catch (JSchException e) {
      throw s.invalid(
          "privateKey",
          "cannot be loaded ("
              + e.getMessage()
              + "): give an OpenSSH or PEM private key (ECDSA, RSA or Ed25519)");
    }
    try {
      if (!pair.isEncrypted()) {
        return;
      }
      if (passphrase == null) {
        throw s.invalid(
            "privateKeyPassphrase",
            "is required: the private key is encrypted. Give a secret reference to its passphrase");
      }
      byte[] bytes = passphrase.utf8();
      try {
        if (!pair.decrypt(bytes)) {
          throw s.invalid(
              "privateKeyPassphrase",
              "does not decrypt the private key: check the secret it references");
        }
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    } finally {
      pair.dispose();
    }
  }
}

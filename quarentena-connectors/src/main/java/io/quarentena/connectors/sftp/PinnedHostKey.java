package io.quarentena.connectors.sftp;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Accepts exactly one server key, given by its OpenSSH SHA-256 fingerprint ({@code ssh-keygen -lf}
 * prints it): {@code SHA256:} and the unpadded Base64 of the SHA-256 of the key blob.
 */
final class PinnedHostKey implements HostKeyRepository {
  private final String fingerprint;
  private volatile String lastSeen = "";

  PinnedHostKey(String fingerprint) {
    String f = fingerprint.trim();
    if (!f.startsWith("SHA256:")) {
      throw new IllegalArgumentException(
          "is not an OpenSSH SHA-256 fingerprint: write it as ssh-keygen -lf prints it,"
              + " SHA256:<base64>");
    }
    this.fingerprint = f.endsWith("=") ? f.replaceAll("=+$", "") : f;
  }

  static String fingerprintOf(byte[] keyBlob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The fingerprint of the last key the server offered, for the error message. */
  String lastSeen() {
    return lastSeen;
  }

  @Override
  public int check(String host, byte[] key) {
    String seen = fingerprintOf(key);
    lastSeen = seen;
    return MessageDigest.isEqual(
            seen.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            fingerprint.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        ? OK
        : CHANGED;
  }

  @Override
  public void add(HostKey hostkey, UserInfo ui) {
    // pinned: never learns keys
  }

  @Override
  public void remove(String host, String type) {}

  @Override
  public void remove(String host, String type, byte[] key) {}

  @Override
  public String getKnownHostsRepositoryID() {
    return "pinned fingerprint";
  }

  @Override
  public HostKey[] getHostKey() {
    return new HostKey[0];
  }

  @Override
  public HostKey[] getHostKey(String host, String type) {
    return new HostKey[0];
  }
}

package io.quarentena.connectors.sftp;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1 and an ephemeral port, serving a directory. It
 * can cut transfers in the middle or stall them (the SSH connection stays up and answers
 * keep-alives, the file's bytes stop coming), and counts logins so tests can tell a refused host
 * key from a refused password.
 */
final class SftpTestServer implements AutoCloseable {
  static final String USER = "quarentena";
  static final String PASSWORD = "s3cr3t-Pa55word";

  final Path root;
  final AtomicInteger passwordAttempts = new AtomicInteger();
  final AtomicInteger cutsLeft = new AtomicInteger();
  final AtomicInteger stallsLeft = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final SshServer sshd;
  private final KeyPair hostKey;
  private volatile String authorizedKey = "";

  SftpTestServer(Path root) throws Exception {
    this.root = root;
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    sshd.setKeyPairProvider(keys);
    hostKey = keys.loadKeys(null).iterator().next();
    sshd.setPasswordAuthenticator(
        (user, password, session) -> {
          passwordAttempts.incrementAndGet();
          return USER.equals(user) && PASSWORD.equals(password);
        });
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> USER.equals(user) && blobOf(key).equals(authorizedKey));
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    sftp.addSftpEventListener(
        new SftpEventListener() {
          @Override
          public void reading(
              ServerSession session,
              String remoteHandle,
              FileHandle localHandle,
              long offset,
              byte[] data,
              int dataOffset,
              int dataLen)
              throws IOException {
            if (offset > 0 && cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              session.close(true);
              throw new IOException("connection cut by the test");
            }
            if (offset > 0 && stallsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              try {
                closed.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IOException("transfer stalled by the test");
            }
          }
        });
    sshd.setSubsystemFactories(List.of(sftp));
    sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
    sshd.start();
  }

  private static String blobOf(PublicKey key) {
    String entry = PublicKeyEntry.toString(key);
    return entry.split(" ")[1];
  }

  /** Authorises the public key in OpenSSH format ({@code "ecdsa-sha2-nistp256 AAAA... c"}). */
  void authorize(String publicKeyLine) {
    this.authorizedKey = publicKeyLine.trim().split(" ")[1];
  }

  /**
   * From now on, offers only the key exchange {@code diffie-hellman-group1-sha1}, which JSch no
   * longer enables: the algorithm negotiation fails, as with a server too old for the client.
   */
  void offerOnlyLegacyKeyExchange() {
    sshd.setKeyExchangeFactories(
        List.of(
            ServerBuilder.DH2KEX.apply(
                BuiltinDHFactories.fromFactoryName("diffie-hellman-group1-sha1"))));
  }

  int port() {
    return sshd.getPort();
  }

  /** The host key's fingerprint as {@code ssh-keygen -lf} prints it, computed by MINA SSHD. */
  String fingerprint() {
    return KeyUtils.getFingerPrint(hostKey.getPublic());
  }

  /** A known_hosts line for this server. */
  String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  String location(String path) {
    return "sftp://" + USER + "@127.0.0.1:" + port() + path;
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    sshd.stop(true);
  }
}

package io.quarentena.connectors.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.SftpProgressMonitor;
import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.Secret;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.internal.RemoteNames;
import io.quarentena.connectors.internal.Retry;
import io.quarentena.connectors.internal.StagedFile;
import io.quarentena.connectors.internal.StallWatch;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An SFTP source; see {@link SftpSourceProvider} for the options. */
final class SftpSource implements ContactSource {
  private static final Logger LOG = LoggerFactory.getLogger(SftpSource.class);

  static final List<String> KEYS =
      List.of(
          "user",
          "password",
          "privateKey",
          "privateKeyPassphrase",
          "knownHosts",
          "hostKeyFingerprint",
          "insecureSkipHostKeyCheck",
          "connectTimeout",
          "readTimeout",
          Retry.RETRIES,
          Retry.RETRY_BACKOFF,
          Retry.MAX_RETRY_WAIT);

  private final String name;
  private final String host;
  private final int port;
  private final String user;
  private final String template;
  private final @Nullable Secret password;
  private final JSch jsch;
  private final @Nullable PinnedHostKey pinned;
  private final boolean insecure;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private final Retry retry;

  private SftpSource(
      String name,
      String host,
      int port,
      String user,
      String template,
      @Nullable Secret password,
      JSch jsch,
      @Nullable PinnedHostKey pinned,
      boolean insecure,
      Duration connectTimeout,
      Duration readTimeout,
      Retry retry) {
    this.name = name;
    this.host = host;
    this.port = port;
    this.user = user;
    this.template = template;
    this.password = password;
    this.jsch = jsch;
    this.pinned = pinned;
    this.insecure = insecure;
    this.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.readTimeoutMs = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
    this.retry = retry;
  }

  static SftpSource create(SourceSettings s, SecretProvider secrets, Retry.Sleeper sleeper) {
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

    JSch jsch = new JSch();
    jsch.setInstanceLogger(new JschLogging());
    if (key.isPresent()) {
      checkKeyDecrypts(s, jsch, key.get(), passphrase.orElse(null));
      try {
        jsch.addIdentity(
            s.name() + "-key", key.get().utf8(), null, passphrase.map(Secret::utf8).orElse(null));
      } catch (JSchException e) {
        // JSch's message names the problem (invalid privatekey, wrong passphrase), never the key.
        throw s.invalid(
            "privateKey",
            "cannot be loaded ("
                + e.getMessage()
                + "): give an OpenSSH or PEM private key (ECDSA, RSA or Ed25519) and, if it is"
                + " encrypted, its passphrase in privateKeyPassphrase");
      }
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
    PinnedHostKey pinned = null;
    if (knownHosts.isPresent()) {
      Path file = Path.of(knownHosts.get());
      if (!Files.isReadable(file)) {
        throw s.invalid(
            "knownHosts",
            "names "
                + file
                + ", which does not exist or cannot be read. Create it with ssh-keyscan -p "
                + port
                + " "
                + host
                + " and check the key against the fingerprint your provider publishes");
      }
      try {
        jsch.setKnownHosts(file.toString());
      } catch (JSchException e) {
        throw s.invalid(
            "knownHosts", "cannot be read as a known_hosts file (" + e.getMessage() + ")");
      }
    } else if (fingerprint.isPresent()) {
      try {
        pinned = new PinnedHostKey(fingerprint.get());
      } catch (IllegalArgumentException e) {
        throw s.invalid("hostKeyFingerprint", e.getMessage());
      }
      jsch.setHostKeyRepository(pinned);
    } else if (!insecure) {
      throw s.invalid(
          "knownHosts",
          "or 'hostKeyFingerprint' is required: the server's identity must be checked, or a"
              + " man in the middle gets the password and the file. Get the fingerprint from your"
              + " provider (or ssh-keyscan "
              + host
              + " | ssh-keygen -lf -) and set hostKeyFingerprint");
    }
    if (insecure) {
      LOG.error(
          "source '{}': HOST KEY VERIFICATION IS OFF (insecureSkipHostKeyCheck=true). Anyone"
              + " between this job and {} can impersonate the server and read the credentials and"
              + " the file. Set hostKeyFingerprint or knownHosts instead.",
          s.name(),
          host);
    }
    return new SftpSource(
        s.name(),
        host,
        port,
        user,
        path,
        password.orElse(null),
        jsch,
        pinned,
        insecure,
        s.duration("connectTimeout", Duration.ofSeconds(30)),
        s.duration("readTimeout", Duration.ofSeconds(60)),
        Retry.from(s, sleeper));
  }

  /**
   * JSch takes a wrong passphrase silently and the login then fails as if the server refused the
   * key; check it here so the error names the option at fault.
   */
  private static void checkKeyDecrypts(
      SourceSettings s, JSch jsch, Secret key, @Nullable Secret passphrase) {
    KeyPair pair;
    try {
      pair = KeyPair.load(jsch, key.utf8(), null);
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

  @Override
  public String name() {
    return name;
  }

  @Override
  public FetchedFile fetch(FetchRequest request) {
    String remote = RemoteNames.expand(template, request.loadDate());
    if (insecure) {
      LOG.error("source '{}': fetching {} WITHOUT host key verification", name, remote);
    }
    return retry.call(name, () -> fetchOnce(remote, request.stagingDir()));
  }

  private FetchedFile fetchOnce(String remote, Path stagingDir) {
    Session session = null;
    ChannelSftp channel = null;
    try {
      session = jsch.getSession(user, host, port);
      session.setConfig("StrictHostKeyChecking", insecure ? "no" : "yes");
      session.setConfig(
          "PreferredAuthentications", password != null ? "publickey,password" : "publickey");
      if (password != null) {
        session.setPassword(password.utf8());
      }
      session.setTimeout(readTimeoutMs);
      session.connect(connectTimeoutMs);
      channel = (ChannelSftp) session.openChannel("sftp");
      channel.connect(connectTimeoutMs);
      String path = resolve(channel, remote);
      SftpATTRS attrs = channel.stat(path);
      // A server can keep the session up (answering keep-alives, so JSch's socket timeout never
      // fires) while the file's bytes stop: the watch drops the session after readTimeout of
      // silence, and what arrived is never taken for the file.
      Session connected = session;
      try (StagedFile staged = StagedFile.begin(name, stagingDir, RemoteNames.fileName(path));
          StallWatch watch =
              StallWatch.start(Duration.ofMillis(readTimeoutMs), connected::disconnect)) {
        try {
          channel.get(path, staged.out(), progress(watch));
        } catch (SftpException e) {
          if (watch.stalled()) {
            throw stalled(remote);
          }
          throw e;
        }
        if (watch.stalled()) {
          throw stalled(remote);
        }
        return staged.commit(
            path, attrs.getSize(), Instant.ofEpochSecond(attrs.getMTime() & 0xffffffffL), null);
      }
    } catch (JSchException e) {
      throw classify(e);
    } catch (SftpException e) {
      throw classify(e, remote);
    } finally {
      if (channel != null) {
        channel.disconnect();
      }
      if (session != null) {
        session.disconnect();
      }
    }
  }

  private static SftpProgressMonitor progress(StallWatch watch) {
    return new SftpProgressMonitor() {
      @Override
      public void init(int op, String src, String dest, long max) {
        watch.progress();
      }

      @Override
      public boolean count(long bytes) {
        watch.progress();
        return true;
      }

      @Override
      public void end() {}
    };
  }

  private SourceException stalled(String remote) {
    return SourceException.transientFailure(
        name,
        "the transfer of "
            + remote
            + " from "
            + host
            + " stalled: no data for "
            + Duration.ofMillis(readTimeoutMs).toSeconds()
            + "s (readTimeout), so the connection was dropped; retrying may help",
        null);
  }

  /** The path itself, or the newest file matching the glob in its file part. */
  private String resolve(ChannelSftp channel, String remote) throws SftpException {
    String fileName = RemoteNames.fileName(remote);
    if (!RemoteNames.isGlob(fileName)) {
      return remote;
    }
    Pattern glob = RemoteNames.globPattern(fileName);
    String dir = RemoteNames.parent(remote);
    ChannelSftp.LsEntry newest = null;
    for (Object o : channel.ls(dir)) {
      ChannelSftp.LsEntry e = (ChannelSftp.LsEntry) o;
      if (e.getAttrs().isReg() && glob.matcher(e.getFilename()).matches()) {
        if (newest == null
            || e.getAttrs().getMTime() > newest.getAttrs().getMTime()
            || e.getAttrs().getMTime() == newest.getAttrs().getMTime()
                && e.getFilename().compareTo(newest.getFilename()) > 0) {
          newest = e;
        }
      }
    }
    if (newest == null) {
      throw new SftpException(ChannelSftp.SSH_FX_NO_SUCH_FILE, "no file matches " + remote);
    }
    return (dir.endsWith("/") ? dir : dir + "/") + newest.getFilename();
  }

  private SourceException classify(JSchException e) {
    String msg = String.valueOf(e.getMessage());
    Throwable cause = e.getCause();
    String where = user + "@" + host + ":" + port;
    if (msg.contains("Auth fail") || msg.contains("Auth cancel") || msg.contains("USERAUTH fail")) {
      return SourceException.permanent(
          name,
          "the server at "
              + where
              + " refused the login. Check the user and the password or private key the secret"
              + " references point to (and that the key is authorised on the server).",
          null);
    }
    if (msg.contains("HostKey") || msg.contains("reject HostKey")) {
      String seen = pinned != null ? " The server offered " + pinned.lastSeen() + "." : "";
      return SourceException.permanent(
          name,
          "the host key of "
              + host
              + ":"
              + port
              + " is not the trusted one, so the connection was refused before any credential was"
              + " sent."
              + seen
              + " If the provider really changed its key, check the new fingerprint with them and"
              + " update hostKeyFingerprint or knownHosts; otherwise someone may be intercepting"
              + " the connection.",
          null);
    }
    if (msg.contains("Algorithm negotiation fail")) {
      return SourceException.permanent(
          name,
          "the server at "
              + host
              + ":"
              + port
              + " and this client have no algorithm in common ("
              + negotiation(msg)
              + "), so no connection was made and no credential was sent. Retrying will not help:"
              + " ask the provider to enable a current algorithm.",
          null);
    }
    if (cause instanceof UnknownHostException) {
      return SourceException.permanent(
          name, "the host " + host + " is unknown: check the location", null);
    }
    boolean network =
        cause instanceof ConnectException
            || cause instanceof SocketTimeoutException
            || cause instanceof NoRouteToHostException
            || cause instanceof IOException
            || msg.contains("timeout")
            || msg.contains("session is down")
            || msg.contains("End of IO Stream");
    return SourceException.transientFailure(
        name,
        "cannot talk to "
            + where
            + " ("
            + msg
            + (network ? "): the network or server may be down; retrying may help." : ")."),
        e);
  }

  private static final Pattern NEGOTIATION =
      Pattern.compile(
          "algorithmName=\"([^\"]*)\".*jschProposal=\"([^\"]*)\".*serverProposal=\"([^\"]*)\"");

  /** "kex: the server offers a, this client b" from JSch's message, without pseudo-names. */
  private static String negotiation(String msg) {
    java.util.regex.Matcher m = NEGOTIATION.matcher(msg);
    if (!m.find()) {
      return msg;
    }
    return m.group(1)
        + ": the server offers "
        + algorithms(m.group(3))
        + "; this client offers "
        + algorithms(m.group(2));
  }

  private static String algorithms(String proposal) {
    return Arrays.stream(proposal.split(","))
        .filter(a -> !a.startsWith("ext-info-") && !a.startsWith("kex-strict-"))
        .collect(java.util.stream.Collectors.joining(","));
  }

  private SourceException classify(SftpException e, String remote) {
    return switch (e.id) {
      case ChannelSftp.SSH_FX_NO_SUCH_FILE ->
          SourceException.permanent(
              name,
              "no file "
                  + remote
                  + " on "
                  + host
                  + ": it has not arrived for this load date, or the path or date pattern is"
                  + " wrong. Rerun when the file is there.",
              null);
      case ChannelSftp.SSH_FX_PERMISSION_DENIED ->
          SourceException.permanent(
              name,
              "the server denied reading "
                  + remote
                  + ": ask the provider to give user "
                  + user
                  + " read access",
              null);
      default ->
          SourceException.transientFailure(
              name,
              "the transfer of " + remote + " failed (" + e.getMessage() + "); retrying may help",
              e);
    };
  }

  @Override
  public void close() {
    if (password != null) {
      password.clear();
    }
    try {
      jsch.removeAllIdentity();
    } catch (JSchException e) {
      LOG.debug("source '{}': clearing identities", name, e);
    }
  }

  @Override
  public String toString() {
    return "SftpSource[" + name + ", " + user + "@" + host + ":" + port + template + "]";
  }
}

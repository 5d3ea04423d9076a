package io.quarentena.connectors.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An SFTP source; see {@link SftpSourceProvider} for the options. */
final class SftpSource implements ContactSource {
  private static final Logger LOG = LoggerFactory.getLogger(SftpSource.class);

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

  /**
   * The transport for checked settings: JSch with the settings' identity and host key check.
   *
   * @throws IllegalStateException when JSch refuses what the settings already checked
   */
  private SftpSource(SftpSettings settings, Retry retry) {
    this.name = settings.name();
    this.host = settings.host();
    this.port = settings.port();
    this.user = settings.user();
    this.template = settings.path();
    this.password = settings.password();
    this.insecure = settings.insecureSkipHostKeyCheck();
    this.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
    this.readTimeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis());
    this.retry = retry;
    this.jsch = new JSch();
    jsch.setInstanceLogger(new JschLogging());
    Secret key = settings.privateKey();
    Secret passphrase = settings.privateKeyPassphrase();
    try {
      if (key != null) {
        // JSch's message names the problem, never the key.
        jsch.addIdentity(
            name + "-key", key.utf8(), null, passphrase == null ? null : passphrase.utf8());
      }
      if (settings.knownHosts() != null) {
        jsch.setKnownHosts(settings.knownHosts().toString());
      }
    } catch (JSchException e) {
      throw new IllegalStateException(
          "source '" + name + "': JSch refused the checked key or known_hosts: " + e.getMessage(),
          e);
    }
    String fingerprint = settings.hostKeyFingerprint();
    this.pinned = fingerprint == null ? null : new PinnedHostKey(fingerprint);
    if (pinned != null) {
      jsch.setHostKeyRepository(pinned);
    }
    if (insecure) {
      LOG.error(
          "source '{}': HOST KEY VERIFICATION IS OFF (insecureSkipHostKeyCheck=true). Anyone"
              + " between this job and {} can impersonate the server and read the credentials and"
              + " the file. Set hostKeyFingerprint or knownHosts instead.",
          name,
          host);
    }
  }

  /**
   * An SFTP source from its settings: parsed by {@link SftpSettings}, then given to the transport.
   *
   * @param s the source's location and options
   * @param secrets resolves the secret references
   * @param sleeper how retries wait
   * @return the source
   * @throws IllegalArgumentException naming the option at fault
   */
  static SftpSource create(SourceSettings s, SecretProvider secrets, Retry.Sleeper sleeper) {
    return new SftpSource(SftpSettings.from(s, secrets), Retry.from(s, sleeper));
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

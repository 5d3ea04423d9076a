package io.quarentena.connectors.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.logs.Leaks;
import io.quarentena.connectors.logs.LogCapture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: with an SFTP password, a private key and its passphrase configured, every log line (this
 * library and JSch at every level, the rest at their configured level), every exception and every
 * {@code toString()} of succeeding and failing fetches is searched for the secrets.
 */
class SftpSecretsNeverLeakIT {
  private static final LocalDate LOAD_DATE = LocalDate.of(2024, 5, 28);
  private static final String WRONG_PASSWORD = "wr0ng-Pa55word-7Qx";
  private static final String PASSPHRASE = "k3y-Passphrase-9Zt";

  @TempDir Path root;
  @TempDir Path staging;
  @TempDir Path config;
  private SftpTestServer server;
  private final Map<String, String> vault = new HashMap<>();
  private final List<String> secrets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(root.resolve("Export"));
    Files.write(root.resolve("Export/marketing_20240528.csv"), new byte[256 * 1024]);
    server = new SftpTestServer(root);
    vault.put("SFTP_PASSWORD", SftpTestServer.PASSWORD);
    vault.put("WRONG_PASSWORD", WRONG_PASSWORD);
    vault.put("KEY_PASS", PASSPHRASE);
    vault.put("WRONG_KEY_PASS", "n0t-The-Passphrase-4Kd");
    secrets.addAll(
        List.of(SftpTestServer.PASSWORD, WRONG_PASSWORD, PASSPHRASE, vault.get("WRONG_KEY_PASS")));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private SecretProvider provider() {
    return SecretProviders.byPrefix(
        Map.of("env", SecretProviders.environment(vault::get), "file", SecretProviders.files()));
  }

  private SftpSource open(String path, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.put("retryBackoff", "1ms");
    return SftpSource.create(
        SourceSettings.of("marketing", server.location(path), all), provider(), d -> {});
  }

  /** An encrypted ECDSA key the server accepts; its body lines are secrets too. */
  private Path privateKey() throws Exception {
    KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
    ByteArrayOutputStream priv = new ByteArrayOutputStream();
    pair.writePrivateKey(priv, PASSPHRASE.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream pub = new ByteArrayOutputStream();
    pair.writePublicKey(pub, "test");
    server.authorize(pub.toString(StandardCharsets.UTF_8));
    String pem = priv.toString(StandardCharsets.UTF_8);
    pem.lines()
        .filter(l -> !l.startsWith("-----") && !l.contains(":") && l.length() >= 16)
        .forEach(secrets::add);
    return Files.writeString(config.resolve("id_ecdsa"), pem);
  }

  @Test
  void noSecretInLogsExceptionsOrToStringWhetherFetchesSucceedOrFail() throws Exception {
    Path key = privateKey();
    Path knownHosts =
        Files.writeString(config.resolve("known_hosts"), server.knownHostsLine() + "\n");
    String file = "/Export/marketing_{yyyyMMdd}.csv";
    Map<String, String> password =
        Map.of("password", "env:SFTP_PASSWORD", "hostKeyFingerprint", server.fingerprint());
    Leaks seen = new Leaks();
    try (LogCapture logs = LogCapture.start()) {
      // succeeding: password, a transfer cut once and retried, a private key, no host-key check
      try (SftpSource s = open(file, password)) {
        seen.add(s).add(s.fetch(new FetchRequest(staging, LOAD_DATE)));
        server.cutsLeft.set(1);
        seen.add(s.fetch(new FetchRequest(staging, LOAD_DATE)));
      }
      try (SftpSource s =
          open(
              file,
              Map.of(
                  "privateKey",
                  "file:" + key,
                  "privateKeyPassphrase",
                  "env:KEY_PASS",
                  "knownHosts",
                  knownHosts.toString()))) {
        seen.add(s).add(s.fetch(new FetchRequest(staging, LOAD_DATE)));
      }
      try (SftpSource s =
          open(file, Map.of("password", "env:SFTP_PASSWORD", "insecureSkipHostKeyCheck", "true"))) {
        seen.add(s.fetch(new FetchRequest(staging, LOAD_DATE)));
      }

      // failing: wrong password, missing file, cut every time, a stalled transfer, wrong host
      // key, wrong passphrase, a password pasted where a reference belongs
      try (SftpSource s =
          open(
              file,
              Map.of(
                  "password", "env:WRONG_PASSWORD", "hostKeyFingerprint", server.fingerprint()))) {
        seen.add(s).add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
      }
      try (SftpSource s = open(file, password)) {
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE.plusDays(1)))));
        server.cutsLeft.set(100);
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
        server.cutsLeft.set(0);
      }
      try (SftpSource s =
          open(
              file,
              Map.of(
                  "password", "env:SFTP_PASSWORD",
                  "hostKeyFingerprint", server.fingerprint(),
                  "readTimeout", "1s",
                  "retries", "0"))) {
        server.stallsLeft.set(1);
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
      }
      try (SftpSource s =
          open(
              file,
              Map.of(
                  "password",
                  "env:SFTP_PASSWORD",
                  "hostKeyFingerprint",
                  "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))) {
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
      }
      seen.add(
          catchThrowable(
              () ->
                  open(
                      file,
                      Map.of(
                          "privateKey",
                          "file:" + key,
                          "privateKeyPassphrase",
                          "env:WRONG_KEY_PASS",
                          "knownHosts",
                          knownHosts.toString()))));
      seen.add(
          catchThrowable(
              () ->
                  open(
                      file,
                      Map.of(
                          "password",
                          SftpTestServer.PASSWORD,
                          "hostKeyFingerprint",
                          server.fingerprint()))));
      seen.add(
          SourceSettings.of(
              "marketing", server.location(file), Map.of("password", SftpTestServer.PASSWORD)));

      assertThat(seen.failures()).hasSize(7).doesNotContainNull();
      assertThat(seen.failures().subList(0, 5)).allMatch(SourceException.class::isInstance);
      assertThat(logs.text())
          .as("the capture saw JSch's handshake at DEBUG and the retries at WARN")
          .contains("DEBUG com.jcraft.jsch")
          .contains("WARN io.quarentena.connectors.internal.Retry")
          .contains("HOST KEY VERIFICATION IS OFF");
      seen.assertNoneOf(secrets, logs);
    }
  }
}

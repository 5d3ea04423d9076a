package io.quarentena.connectors.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpSourceIT {
  private static final LocalDate LOAD_DATE = LocalDate.of(2024, 5, 28);

  @TempDir Path root;
  @TempDir Path staging;
  @TempDir Path config;
  private SftpTestServer server;
  private final List<Duration> sleeps = new ArrayList<>();
  private final Map<String, String> vault = new HashMap<>();
  private byte[] bigFile;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(root.resolve("Export"));
    bigFile = new byte[1 << 20];
    new Random(42).nextBytes(bigFile);
    Files.write(root.resolve("Export/marketing_20240528.csv"), bigFile);
    server = new SftpTestServer(root);
    vault.put("SFTP_PASSWORD", SftpTestServer.PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private SecretProvider secrets() {
    return SecretProviders.byPrefix(Map.of("env", SecretProviders.environment(vault::get)));
  }

  private SftpSource open(String path, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("retryBackoff", "1s");
    return SftpSource.create(
        SourceSettings.of("marketing", server.location(path), all), secrets(), sleeps::add);
  }

  private Map<String, String> passwordAndPin() {
    return Map.of("password", "env:SFTP_PASSWORD", "hostKeyFingerprint", server.fingerprint());
  }

  @Test
  void downloadsWithThePinnedFingerprintAndVerifiesTheSize() throws Exception {
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", passwordAndPin())) {
      FetchedFile file = source.fetch(new FetchRequest(staging, LOAD_DATE));
      assertThat(file.localPath()).hasFileName("marketing_20240528.csv");
      assertThat(Files.readAllBytes(file.localPath())).isEqualTo(bigFile);
      assertThat(file.sizeBytes()).isEqualTo(bigFile.length);
      assertThat(file.remoteName()).isEqualTo("/Export/marketing_20240528.csv");
      assertThat(file.modifiedAt()).isNotNull();
      assertThat(file.checksum()).startsWith("sha256:").hasSize(7 + 64);
    }
  }

  @Test
  void logsInWithAnEcdsaKeyAndAKnownHostsFile() throws Exception {
    JSch jsch = new JSch();
    KeyPair pair = KeyPair.genKeyPair(jsch, KeyPair.ECDSA, 256);
    ByteArrayOutputStream priv = new ByteArrayOutputStream();
    pair.writePrivateKey(priv, "key-pass".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream pub = new ByteArrayOutputStream();
    pair.writePublicKey(pub, "test");
    server.authorize(pub.toString(StandardCharsets.UTF_8));
    Path key = Files.write(config.resolve("id_ecdsa"), priv.toByteArray());
    Path knownHosts =
        Files.writeString(config.resolve("known_hosts"), server.knownHostsLine() + "\n");
    vault.put("KEY_PASS", "key-pass");
    try (SftpSource source =
        SftpSource.create(
            SourceSettings.of(
                "marketing",
                server.location("/Export/marketing_{yyyyMMdd}.csv"),
                Map.of(
                    "privateKey",
                    "file:" + key,
                    "privateKeyPassphrase",
                    "env:KEY_PASS",
                    "knownHosts",
                    knownHosts.toString())),
            SecretProviders.byPrefix(
                Map.of(
                    "env", SecretProviders.environment(vault::get),
                    "file", SecretProviders.files())),
            sleeps::add)) {
      FetchedFile file = source.fetch(new FetchRequest(staging, LOAD_DATE));
      assertThat(Files.readAllBytes(file.localPath())).isEqualTo(bigFile);
      assertThat(server.passwordAttempts).hasValue(0);
    }
  }

  @Test
  void aWrongOrMissingPassphraseNamesTheOptionNotTheServer() throws Exception {
    // JSch itself accepts a wrong passphrase and the login then fails as "Auth fail".
    KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
    ByteArrayOutputStream priv = new ByteArrayOutputStream();
    pair.writePrivateKey(priv, "key-pass".getBytes(StandardCharsets.UTF_8));
    Path key = Files.write(config.resolve("id_ecdsa"), priv.toByteArray());
    vault.put("KEY_PASS", "not-the-pass");
    SecretProvider withFiles =
        SecretProviders.byPrefix(
            Map.of(
                "env", SecretProviders.environment(vault::get),
                "file", SecretProviders.files()));
    String location = server.location("/Export/marketing_{yyyyMMdd}.csv");
    Map<String, String> wrong =
        Map.of(
            "privateKey",
            "file:" + key,
            "privateKeyPassphrase",
            "env:KEY_PASS",
            "hostKeyFingerprint",
            server.fingerprint());
    assertThatThrownBy(
            () ->
                SftpSource.create(
                    SourceSettings.of("marketing", location, wrong), withFiles, sleeps::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option 'privateKeyPassphrase' does not decrypt the private key")
        .message()
        .doesNotContain("not-the-pass");
    Map<String, String> none =
        Map.of("privateKey", "file:" + key, "hostKeyFingerprint", server.fingerprint());
    assertThatThrownBy(
            () ->
                SftpSource.create(
                    SourceSettings.of("marketing", location, none), withFiles, sleeps::add))
        .hasMessageContaining("option 'privateKeyPassphrase' is required: the private key is");
    assertThat(server.passwordAttempts).hasValue(0);
  }

  @Test
  void aWrongPinnedHostKeyIsRefusedBeforeAnyPasswordIsSent() {
    Map<String, String> options =
        Map.of(
            "password",
            "env:SFTP_PASSWORD",
            "hostKeyFingerprint",
            "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", options)) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE)))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("is not the trusted one")
          .hasMessageContaining("The server offered " + server.fingerprint());
    }
    assertThat(server.passwordAttempts).hasValue(0);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aKnownHostsFileWithAnotherKeyIsRefused() throws Exception {
    JSch jsch = new JSch();
    KeyPair other = KeyPair.genKeyPair(jsch, KeyPair.ECDSA, 256);
    ByteArrayOutputStream pub = new ByteArrayOutputStream();
    other.writePublicKey(pub, "");
    String line =
        "[127.0.0.1]:" + server.port() + " " + pub.toString(StandardCharsets.UTF_8).trim();
    Path knownHosts = Files.writeString(config.resolve("known_hosts"), line + "\n");
    Map<String, String> options =
        Map.of("password", "env:SFTP_PASSWORD", "knownHosts", knownHosts.toString());
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", options)) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE)))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("is not the trusted one");
    }
    assertThat(server.passwordAttempts).hasValue(0);
  }

  @Test
  void aBadPasswordIsPermanentNotRetriedAndNeverShown() {
    vault.put("SFTP_PASSWORD", "wrong-password-123");
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", passwordAndPin())) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE)))
          .isInstanceOfSatisfying(
              SourceException.class,
              e -> {
                assertThat(e.isTransient()).isFalse();
                assertThat(e.sourceName()).isEqualTo("marketing");
              })
          .hasMessageContaining("refused the login")
          .message()
          .doesNotContain("wrong-password-123");
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aTransferCutInTheMiddleIsRetriedAndLeavesNoPartialFile() throws Exception {
    server.cutsLeft.set(1);
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", passwordAndPin())) {
      FetchedFile file = source.fetch(new FetchRequest(staging, LOAD_DATE));
      assertThat(Files.readAllBytes(file.localPath())).isEqualTo(bigFile);
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(filesIn(staging)).containsExactly(staging.resolve("marketing_20240528.csv"));
  }

  @Test
  void aTransferCutEveryTimeFailsTransientlyWithNothingLeft() throws Exception {
    server.cutsLeft.set(100);
    Map<String, String> options = new HashMap<>(passwordAndPin());
    options.put("retries", "2");
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", options)) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE)))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isTrue());
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(filesIn(staging)).isEmpty();
  }

  @Test
  void aTransferThatStallsTimesOutTransientlyInsteadOfHangingTheRun() throws Exception {
    server.stallsLeft.set(100);
    Map<String, String> options = new HashMap<>(passwordAndPin());
    options.put("readTimeout", "1s");
    options.put("retries", "1");
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", options)) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () ->
              assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE)))
                  .isInstanceOfSatisfying(
                      SourceException.class, e -> assertThat(e.isTransient()).isTrue())
                  .hasMessageContaining("readTimeout"));
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(filesIn(staging)).isEmpty();
  }

  @Test
  void noCommonAlgorithmIsPermanentNotRetried() {
    server.offerOnlyLegacyKeyExchange();
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", passwordAndPin())) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE)))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("no algorithm in common")
          .hasMessageContaining("diffie-hellman-group1-sha1")
          .message()
          .doesNotContain(SftpTestServer.PASSWORD);
    }
    assertThat(sleeps).isEmpty();
    assertThat(server.passwordAttempts).hasValue(0);
  }

  @Test
  void aMissingFileIsPermanentAndNamesThePath() {
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", passwordAndPin())) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE.plusDays(1))))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("no file /Export/marketing_20240529.csv");
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aGlobWithTheDateTakesTheNewestMatch() throws Exception {
    Path a = Files.writeString(root.resolve("Export/mc_20240528_0100.csv"), "early");
    Path b = Files.writeString(root.resolve("Export/mc_20240528_0900.csv"), "late");
    Files.writeString(root.resolve("Export/mc_20240529_0100.csv"), "tomorrow");
    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2024-05-28T01:00:00Z")));
    Files.setLastModifiedTime(b, FileTime.from(Instant.parse("2024-05-28T09:00:00Z")));
    try (SftpSource source = open("/Export/mc_{yyyyMMdd}_*.csv", passwordAndPin())) {
      FetchedFile file = source.fetch(new FetchRequest(staging, LOAD_DATE));
      assertThat(file.localPath()).hasContent("late");
      assertThat(file.remoteName()).isEqualTo("/Export/mc_20240528_0900.csv");
      assertThat(file.modifiedAt()).isEqualTo(Instant.parse("2024-05-28T09:00:00Z"));
    }
  }

  @Test
  void hostKeyCheckingCanOnlyBeTurnedOffExplicitly() {
    assertThatThrownBy(() -> open("/Export/x.csv", Map.of("password", "env:SFTP_PASSWORD")))
        .hasMessageContaining("option 'knownHosts' or 'hostKeyFingerprint' is required");
    Map<String, String> insecure =
        Map.of("password", "env:SFTP_PASSWORD", "insecureSkipHostKeyCheck", "true");
    try (SftpSource source = open("/Export/marketing_{yyyyMMdd}.csv", insecure)) {
      assertThat(source.fetch(new FetchRequest(staging, LOAD_DATE)).sizeBytes())
          .isEqualTo(bigFile.length);
    }
    assertThatThrownBy(
            () ->
                open(
                    "/x.csv",
                    Map.of(
                        "password", "env:SFTP_PASSWORD",
                        "insecureSkipHostKeyCheck", "true",
                        "hostKeyFingerprint", server.fingerprint())))
        .hasMessageContaining("remove one of them");
  }

  @Test
  void configurationErrorsNameTheKeyAndNeverTheSecret() {
    assertThatThrownBy(() -> open("/x.csv", Map.of("hostKeyFingerprint", server.fingerprint())))
        .hasMessageContaining("source 'marketing', option 'password' or 'privateKey' is required");
    assertThatThrownBy(
            () ->
                open(
                    "/x.csv",
                    Map.of(
                        "password", "hunter2-literal", "hostKeyFingerprint", server.fingerprint())))
        .hasMessageContaining("option 'password'")
        .hasMessageContaining("not a secret reference")
        .message()
        .doesNotContain("hunter2-literal");
    assertThatThrownBy(
            () ->
                SftpSource.create(
                    SourceSettings.of(
                        "m", "sftp://127.0.0.1/x.csv", Map.of("password", "env:SFTP_PASSWORD")),
                    secrets(),
                    sleeps::add))
        .hasMessageContaining("option 'user' is required");
    assertThatThrownBy(() -> open("/x.csv", Map.of("pasword", "env:SFTP_PASSWORD")))
        .hasMessageContaining("'pasword' is not an option of sftp sources");
  }

  @Test
  void aServerThatNeverAnswersTimesOutTransientlyAndIsRetried() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SftpSource source =
          SftpSource.create(
              SourceSettings.of(
                  "marketing",
                  "sftp://u@127.0.0.1:" + silent.getLocalPort() + "/x.csv",
                  Map.of(
                      "password", "env:SFTP_PASSWORD",
                      "hostKeyFingerprint", server.fingerprint(),
                      "connectTimeout", "300ms",
                      "readTimeout", "300ms",
                      "retries", "1")),
              secrets(),
              sleeps::add);
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE)))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isTrue())
          .hasMessageContaining("retrying may help");
      assertThat(sleeps).hasSize(1);
      source.close();
    }
  }

  private static List<Path> filesIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}

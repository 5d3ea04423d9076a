package io.quarentena.connectors.sharepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharePointSourceIT {
  private static final LocalDate LOAD_DATE = LocalDate.of(2024, 5, 28);
  private static final String LOCATION =
      "sharepoint://" + GraphTestServer.HOST + "/sites/crm/Exports/crm_{yyyyMMdd}.xlsx";
  private static final byte[] CONTENT = "PK fake xlsx bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path staging;
  private GraphTestServer graph;
  private final List<Duration> sleeps = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private final MutableClock clock = new MutableClock();

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2024-05-28T06:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() throws Exception {
    graph = new GraphTestServer();
    graph.files.put("Exports/crm_20240528.xlsx", CONTENT);
    env.put("GRAPH_SECRET", GraphTestServer.CLIENT_SECRET);
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  private SecretProvider secrets() {
    return SecretProviders.byPrefix(Map.of("env", SecretProviders.environment(env::get)));
  }

  private SharePointSource open(Map<String, String> extra) {
    Map<String, String> options = graph.options();
    options.putAll(extra);
    return SharePointSource.create(
        SourceSettings.of("crm", LOCATION, options), secrets(), clock, sleeps::add);
  }

  private FetchedFile fetch(SharePointSource source) {
    return source.fetch(new FetchRequest(staging, LOAD_DATE));
  }

  @Test
  void downloadsThroughTheRedirectWithoutHandingTheTokenToTheDownloadHost() throws Exception {
    try (SharePointSource source = open(Map.of())) {
      FetchedFile file = fetch(source);
      assertThat(file.localPath()).hasFileName("crm_20240528.xlsx");
      assertThat(Files.readAllBytes(file.localPath())).isEqualTo(CONTENT);
      assertThat(file.sizeBytes()).isEqualTo(CONTENT.length);
      assertThat(file.modifiedAt()).isEqualTo(Instant.parse("2024-05-28T08:30:00Z"));
      assertThat(file.checksum()).isEqualTo("quickXorHash:AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
      assertThat(file.remoteName()).isEqualTo("Exports/crm_20240528.xlsx");
    }
    assertThat(graph.downloadAuthorizations).containsExactly("null");
  }

  @Test
  void theTokenIsCachedUntilItExpiresAndTheSiteIdOnce() {
    graph.expiresIn = 3600;
    try (SharePointSource source = open(Map.of())) {
      fetch(source);
      fetch(source);
      assertThat(graph.tokensIssued).hasValue(1);
      clock.now = clock.now.plus(Duration.ofMinutes(58));
      fetch(source);
      assertThat(graph.tokensIssued).hasValue(1);
      clock.now = clock.now.plus(Duration.ofSeconds(90)); // within 60s of expiry: renewed
      fetch(source);
      assertThat(graph.tokensIssued).hasValue(2);
      assertThat(graph.siteLookups).hasValue(1);
      assertThat(source.cachedSiteId()).contains(GraphTestServer.SITE_ID);
    }
  }

  @Test
  void throttlingHonoursRetryAfter() {
    graph.fault("content", 429, Map.of("Retry-After", "7"), "{\"error\":{\"code\":\"tooMany\"}}");
    graph.fault("item", 503, Map.of("Retry-After", "3"), "");
    try (SharePointSource source = open(Map.of())) {
      assertThat(fetch(source).sizeBytes()).isEqualTo(CONTENT.length);
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(7));
  }

  @Test
  void retryAfterIsCappedByMaxRetryWait() {
    graph.fault("content", 429, Map.of("Retry-After", "3600"), "");
    try (SharePointSource source = open(Map.of("maxRetryWait", "30s"))) {
      fetch(source);
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aRejectedTokenIsRetriedOnceWithAFreshOneThenFailsClearly() {
    graph.fault("item", 401, Map.of(), "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}");
    try (SharePointSource source = open(Map.of())) {
      assertThat(fetch(source).sizeBytes()).isEqualTo(CONTENT.length);
      assertThat(graph.tokensIssued).hasValue(2);
    }
    graph.fault("item", 401, Map.of(), "");
    graph.fault("item", 401, Map.of(), "");
    try (SharePointSource source = open(Map.of())) {
      assertThatThrownBy(() -> fetch(source))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("401 Unauthorized")
          .hasMessageContaining("Sites.Selected")
          .message()
          .doesNotContain("tok-");
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void forbiddenSaysWhichPermissionTheAppNeeds() {
    graph.fault("item", 403, Map.of(), "{\"error\":{\"code\":\"accessDenied\"}}");
    try (SharePointSource source = open(Map.of())) {
      assertThatThrownBy(() -> fetch(source))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("403 Forbidden")
          .hasMessageContaining("POST /sites/{site-id}/permissions");
    }
  }

  @Test
  void aMissingFileIsPermanent() {
    try (SharePointSource source = open(Map.of())) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, LOAD_DATE.plusDays(1))))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("Exports/crm_20240529.xlsx was not found (404)");
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void wrongClientCredentialsAreAPermanentErrorThatNeverShowsTheSecret() {
    env.put("GRAPH_SECRET", "expired-Secret-value");
    try (SharePointSource source = open(Map.of())) {
      assertThatThrownBy(() -> fetch(source))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("invalid_client: AADSTS7000215")
          .hasMessageContaining("secrets expire")
          .message()
          .doesNotContain("expired-Secret-value")
          .doesNotContain("Trace ID");
    }
  }

  @Test
  void aServerErrorIsTransientAndRetried() {
    graph.fault("download", 500, Map.of(), "");
    try (SharePointSource source = open(Map.of())) {
      assertThat(fetch(source).sizeBytes()).isEqualTo(CONTENT.length);
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(staging.toFile().list()).containsExactly("crm_20240528.xlsx");
  }

  @Test
  void aDownloadCutInTheMiddleIsRetriedAndLeavesNoPartialFile() throws Exception {
    graph.cutDownloads.set(1);
    try (SharePointSource source = open(Map.of())) {
      FetchedFile file = fetch(source);
      assertThat(Files.readAllBytes(file.localPath())).isEqualTo(CONTENT);
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(staging.toFile().list()).containsExactly("crm_20240528.xlsx");
  }

  @Test
  void aDownloadCutEveryTimeFailsTransientlyWithNothingLeft() {
    graph.cutDownloads.set(10);
    try (SharePointSource source = open(Map.of("retries", "2"))) {
      assertThatThrownBy(() -> fetch(source))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isTrue())
          .hasMessageContaining("Exports/crm_20240528.xlsx");
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(staging.toFile().list()).isEmpty();
  }

  @Test
  void aDownloadThatStallsTimesOutTransientlyInsteadOfHangingTheRun() {
    graph.stallDownloads = true;
    try (SharePointSource source = open(Map.of("readTimeout", "1s", "retries", "1"))) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () ->
              assertThatThrownBy(() -> fetch(source))
                  .isInstanceOfSatisfying(
                      SourceException.class, e -> assertThat(e.isTransient()).isTrue())
                  .hasMessageContaining("readTimeout"));
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(staging.toFile().list()).isEmpty();
  }

  @Test
  void httpsIsRequiredUnlessLoopbackHttpIsAllowedExplicitly() {
    assertThatThrownBy(() -> open(Map.of("allowInsecureLoopbackHttp", "false")))
        .hasMessageContaining("option 'graphEndpoint' must use https");
    assertThatThrownBy(
            () ->
                open(
                    Map.of(
                        "graphEndpoint", "http://graph.example.com/v1.0",
                        "allowInsecureLoopbackHttp", "true")))
        .hasMessageContaining("option 'graphEndpoint' must use https");
    assertThat(SharePointSettings.allowed(java.net.URI.create("http://[::1]:8080/"), true))
        .isTrue();
    assertThat(
            SharePointSettings.allowed(java.net.URI.create("https://graph.microsoft.com"), false))
        .isTrue();
  }

  @Test
  void theLocationMustNameASiteAndAPath() {
    Map<String, String> options = graph.options();
    assertThatThrownBy(
            () ->
                SharePointSource.create(
                    SourceSettings.of(
                        "crm", "sharepoint://contoso.sharepoint.com/crm.xlsx", options),
                    secrets(),
                    clock,
                    sleeps::add))
        .hasMessageContaining("sharepoint://<host>/sites/<site>/<path in the library>");
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    assertThat(SharePointSource.retryAfter("12")).isEqualTo(Duration.ofSeconds(12));
    assertThat(SharePointSource.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        .isEqualTo(Duration.ZERO);
    assertThat(SharePointSource.retryAfter("soon")).isNull();
  }
}

package io.quarentena.connectors.sharepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.logs.Leaks;
import io.quarentena.connectors.logs.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: with a Graph client secret configured, every log line (this library at every level, the
 * rest at their configured level), every exception and every {@code toString()} of succeeding and
 * failing fetches is searched for the client secret and for the access tokens Graph hands out.
 */
class SharePointSecretsNeverLeakIT {
  private static final LocalDate LOAD_DATE = LocalDate.of(2024, 5, 28);
  private static final String LOCATION =
      "sharepoint://" + GraphTestServer.HOST + "/sites/crm/Exports/crm_{yyyyMMdd}.xlsx";
  private static final String WRONG_SECRET = "0ld-Graph~Secret-Rotated";

  @TempDir Path staging;
  private GraphTestServer graph;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    graph = new GraphTestServer();
    graph.files.put("Exports/crm_20240528.xlsx", "PK xlsx".getBytes(StandardCharsets.UTF_8));
    env.put("GRAPH_SECRET", GraphTestServer.CLIENT_SECRET);
    env.put("OLD_SECRET", WRONG_SECRET);
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  private SharePointSource open(Map<String, String> extra) {
    Map<String, String> options = graph.options();
    options.put("retryBackoff", "1ms");
    options.putAll(extra);
    SecretProvider secrets =
        SecretProviders.byPrefix(Map.of("env", SecretProviders.environment(env::get)));
    return SharePointSource.create(
        SourceSettings.of("crm", LOCATION, options), secrets, Clock.systemUTC(), d -> {});
  }

  @Test
  void noSecretOrTokenInLogsExceptionsOrToStringWhetherFetchesSucceedOrFail() {
    Leaks seen = new Leaks();
    try (LogCapture logs = LogCapture.start()) {
      // succeeding: a token, the cached token, throttling, a rejected token replaced
      try (SharePointSource s = open(Map.of())) {
        seen.add(s).add(s.fetch(new FetchRequest(staging, LOAD_DATE)));
        seen.add(s.fetch(new FetchRequest(staging, LOAD_DATE)));
        graph.fault("content", 429, Map.of("Retry-After", "0"), "{}");
        graph.fault("item", 503, Map.of(), "");
        graph.fault("item", 401, Map.of(), "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}");
        seen.add(s.fetch(new FetchRequest(staging, LOAD_DATE)));
      }

      // failing: wrong client secret, 401 twice, 403, 404, 500s until retries run out, downloads
      // cut every time, a stalled download, and a secret pasted where a reference belongs
      try (SharePointSource s = open(Map.of("clientSecret", "env:OLD_SECRET"))) {
        seen.add(s).add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
      }
      try (SharePointSource s = open(Map.of())) {
        graph.fault("item", 401, Map.of(), "");
        graph.fault("item", 401, Map.of(), "");
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
        graph.fault("item", 403, Map.of(), "{\"error\":{\"code\":\"accessDenied\"}}");
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE.plusDays(1)))));
        for (int i = 0; i < 4; i++) {
          graph.fault("download", 500, Map.of(), "");
        }
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
        graph.cutDownloads.set(4);
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
      }
      try (SharePointSource s = open(Map.of("readTimeout", "1s", "retries", "0"))) {
        graph.stallDownloads = true;
        seen.add(catchThrowable(() -> s.fetch(new FetchRequest(staging, LOAD_DATE))));
        graph.stallDownloads = false;
      }
      seen.add(catchThrowable(() -> open(Map.of("clientSecret", GraphTestServer.CLIENT_SECRET))));

      assertThat(seen.failures()).hasSize(8).doesNotContainNull();
      assertThat(seen.failures().subList(0, 7)).allMatch(SourceException.class::isInstance);
      assertThat(graph.tokensIssued.get()).isGreaterThanOrEqualTo(3);
      assertThat(logs.text()).contains("WARN io.quarentena.connectors.internal.Retry");
      List<String> secrets = List.of(GraphTestServer.CLIENT_SECRET, WRONG_SECRET, "tok-", "Bearer");
      seen.assertNoneOf(secrets, logs);
    }
  }
}

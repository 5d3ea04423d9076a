package io.quarentena.connectors.sharepoint;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.internal.Json;
import io.quarentena.connectors.internal.RemoteNames;
import io.quarentena.connectors.internal.Retry;
import io.quarentena.connectors.internal.StagedFile;
import io.quarentena.connectors.internal.StallWatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A SharePoint source; see {@link SharePointSourceProvider} for the options. */
final class SharePointSource implements ContactSource {
  private final String name;
  private final String host;
  private final String sitePath;
  private final String template;
  private final String graph;
  private final @Nullable String driveId;
  private final boolean allowLoopbackHttp;
  private final HttpClient http;
  private final TokenCache tokens;
  private final Duration readTimeout;
  private final Retry retry;
  private volatile @Nullable String siteId;

  /** The transport for checked settings: one HTTP client and the token cache. */
  private SharePointSource(SharePointSettings settings, Clock clock, Retry retry) {
    this.name = settings.name();
    this.host = settings.host();
    this.sitePath = settings.sitePath();
    this.template = settings.path();
    this.graph = settings.graphEndpoint();
    this.siteId = settings.siteId();
    this.driveId = settings.driveId();
    this.allowLoopbackHttp = settings.allowInsecureLoopbackHttp();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER) // the token must not follow a redirect
            .build();
    this.tokens =
        new TokenCache(
            name,
            http,
            URI.create(
                settings.authorityEndpoint()
                    + "/"
                    + enc(settings.tenantId())
                    + "/oauth2/v2.0/token"),
            settings.clientId(),
            settings.clientSecret(),
            settings.scope(),
            clock,
            settings.readTimeout());
    this.readTimeout = settings.readTimeout();
    this.retry = retry;
  }

  /**
   * A SharePoint source from its settings: parsed by {@link SharePointSettings}, then given to the
   * transport.
   *
   * @param s the source's location and options
   * @param secrets resolves the secret references
   * @param clock the token cache's clock
   * @param sleeper how retries wait
   * @return the source
   * @throws IllegalArgumentException naming the option at fault
   */
  static SharePointSource create(
      SourceSettings s, SecretProvider secrets, Clock clock, Retry.Sleeper sleeper) {
    return new SharePointSource(SharePointSettings.from(s, secrets), clock, Retry.from(s, sleeper));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FetchedFile fetch(FetchRequest request) {
    String path = RemoteNames.expand(template, request.loadDate());
    return retry.call(name, () -> fetchOnce(path, request.stagingDir()));
  }

  private FetchedFile fetchOnce(String path, Path stagingDir) {
    String drive = driveId != null ? "/drives/" + enc(driveId) : "/sites/" + enc(site()) + "/drive";
    Map<String, Object> item =
        getJson(
            graph
                + drive
                + "/root:/"
                + encPath(path)
                + "?$select=id,name,size,lastModifiedDateTime,file",
            "the file " + path);
    String itemId =
        Json.string(item, "id")
            .orElseThrow(() -> SourceException.permanent(name, "Graph gave no item id", null));
    if (Json.string(item, "file.mimeType").isEmpty() && !item.containsKey("file")) {
      throw SourceException.permanent(
          name, path + " is a folder, not a file: point the location at the file", null);
    }
    long size = Json.number(item, "size").map(n -> n.longValue()).orElse(-1L);
    Instant modified = Json.string(item, "lastModifiedDateTime").map(this::instant).orElse(null);
    String checksum =
        Json.string(item, "file.hashes.sha256Hash")
            .map(h -> "sha256:" + h.toLowerCase(java.util.Locale.ROOT))
            .or(() -> Json.string(item, "file.hashes.quickXorHash").map(h -> "quickXorHash:" + h))
            .orElse(null);

    HttpResponse<InputStream> response =
        send(graph + drive + "/items/" + enc(itemId) + "/content", true, "the file " + path);
    try {
      if (response.statusCode() / 100 == 3) {
        String location =
            response
                .headers()
                .firstValue("Location")
                .orElseThrow(
                    () ->
                        SourceException.transientFailure(
                            name, "Graph redirected the download without a Location", null));
        close(response);
        URI target = URI.create(graph).resolve(location);
        if (!SharePointSettings.allowed(target, allowLoopbackHttp)) {
          throw SourceException.permanent(
              name, "Graph redirected the download to a non-https URL; refusing it", null);
        }
        // The pre-authenticated download URL needs no token, and must not receive one.
        response = send(target.toString(), false, "the file " + path);
      }
      try (StagedFile staged = StagedFile.begin(name, stagingDir, RemoteNames.fileName(path));
          InputStream in = response.body()) {
        copyWatched(in, staged.out(), path);
        return staged.commit(path, size, modified, checksum);
      }
    } catch (IOException e) {
      throw SourceException.transientFailure(
          name, "the download of " + path + " broke off (" + e + "); retrying may help", e);
    } finally {
      close(response);
    }
  }

  /**
   * Copies the body, giving up when no byte has arrived for {@code readTimeout}: the stream is then
   * closed under the reader, and what was read is never taken for the whole file.
   */
  private void copyWatched(InputStream in, OutputStream out, String path) throws IOException {
    boolean stalled;
    try (StallWatch watch = StallWatch.start(readTimeout, () -> closeQuietly(in))) {
      try {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          watch.progress();
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        if (!watch.stalled()) {
          throw e;
        }
      }
      stalled = watch.stalled();
    }
    if (stalled) {
      throw SourceException.transientFailure(
          name,
          "the download of "
              + path
              + " stalled: no data for "
              + readTimeout.toSeconds()
              + "s (readTimeout); retrying may help",
          null);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the reader sees the stall either way
    }
  }

  private String site() {
    String id = siteId;
    if (id == null) {
      Map<String, Object> site =
          getJson(
              graph + "/sites/" + enc(host) + ":/" + encPath(sitePath) + "?$select=id",
              "the site " + host + "/" + sitePath);
      id =
          Json.string(site, "id")
              .orElseThrow(() -> SourceException.permanent(name, "Graph gave no site id", null));
      siteId = id;
    }
    return id;
  }

  private Map<String, Object> getJson(String url, String what) {
    HttpResponse<InputStream> response = send(url, true, what);
    try (InputStream in = response.body()) {
      return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw SourceException.transientFailure(name, "reading Graph's answer broke off", e);
    } catch (IllegalArgumentException e) {
      throw SourceException.permanent(
          name, "Graph's answer about " + what + " is not JSON: check graphEndpoint", null);
    }
  }

  /** Sends a GET; on 2xx/3xx returns the response, otherwise throws the matching failure. */
  private HttpResponse<InputStream> send(String url, boolean withToken, String what) {
    for (int attempt = 0; ; attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout);
      if (withToken) {
        request.header("Authorization", "Bearer " + tokens.get().value());
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw SourceException.transientFailure(
            name,
            "cannot reach Graph for "
                + what
                + " ("
                + e.getClass().getSimpleName()
                + "); retrying may help",
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SourceException.permanent(name, "interrupted", e);
      }
      int status = response.statusCode();
      if (status / 100 == 2 || status / 100 == 3) {
        return response;
      }
      close(response);
      if (status == 401 && withToken && attempt == 0) {
        tokens.invalidate(); // a token revoked or expired early: one fresh try
        continue;
      }
      throw failure(status, response, what);
    }
  }

  private SourceException failure(int status, HttpResponse<?> response, String what) {
    return switch (status) {
      case 401 ->
          SourceException.permanent(
              name,
              "Graph refused the app's token for "
                  + what
                  + " (401 Unauthorized). Check that the app registration has the Sites.Selected"
                  + " application permission with admin consent, in the tenant given as tenantId.",
              null);
      case 403 ->
          SourceException.permanent(
              name,
              "the app may not read "
                  + what
                  + " (403 Forbidden). Ask a SharePoint admin to grant the app read access to"
                  + " this site (Sites.Selected: POST /sites/{site-id}/permissions with role"
                  + " 'read' for the app's clientId).",
              null);
      case 404 ->
          SourceException.permanent(
              name,
              what
                  + " was not found (404): it has not arrived for this load date, or the site or"
                  + " path in the location is wrong. Rerun when the file is there.",
              null);
      case 429, 503 -> throttledOrDown(name, "Graph", response);
      default ->
          status >= 500
              ? SourceException.transientFailure(
                  name, "Graph failed with HTTP " + status + " for " + what + "; retrying", null)
              : SourceException.permanent(
                  name, "Graph answered HTTP " + status + " for " + what, null);
    };
  }

  static SourceException throttledOrDown(String source, String who, HttpResponse<?> response) {
    Duration wait =
        response.headers().firstValue("Retry-After").map(SharePointSource::retryAfter).orElse(null);
    return new Retry.RetryAfterException(
        source,
        who
            + " is throttling or unavailable (HTTP "
            + response.statusCode()
            + (wait != null ? ", Retry-After " + wait.toSeconds() + "s" : "")
            + "); waiting and retrying",
        wait);
  }

  /** {@code Retry-After} is delta-seconds or an HTTP date. */
  static @Nullable Duration retryAfter(String value) {
    String v = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private @Nullable Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** Percent-encodes a path segment; commas stay, as Graph writes them in site ids. */
  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",");
  }

  private static String encPath(String path) {
    StringBuilder b = new StringBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        b.append(b.length() == 0 ? "" : "/").append(enc(segment));
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    tokens.invalidate();
  }

  @Override
  public String toString() {
    return "SharePointSource[" + name + ", " + host + "/" + sitePath + "/" + template + "]";
  }

  Optional<String> cachedSiteId() {
    return Optional.ofNullable(siteId);
  }
}

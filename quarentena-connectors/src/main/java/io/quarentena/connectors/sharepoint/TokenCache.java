package io.quarentena.connectors.sharepoint;

import io.quarentena.connectors.Secret;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OAuth2 client-credentials tokens from the Microsoft identity platform, cached until a minute
 * before they expire.
 */
final class TokenCache {
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final String source;
  private final HttpClient http;
  private final URI tokenEndpoint;
  private final String clientId;
  private final Secret clientSecret;
  private final String scope;
  private final Clock clock;
  private final Duration timeout;
  private @Nullable Secret token;
  private Instant expiresAt = Instant.MIN;

  TokenCache(
      String source,
      HttpClient http,
      URI tokenEndpoint,
      String clientId,
      Secret clientSecret,
      String scope,
      Clock clock,
      Duration timeout) {
    this.source = source;
    this.http = http;
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope;
    this.clock = clock;
    this.timeout = timeout;
  }

  synchronized Secret get() {
    if (token != null && clock.instant().isBefore(expiresAt.minus(SKEW))) {
      return token;
    }
    token = null;
    String form =
        "grant_type=client_credentials&client_id="
            + enc(clientId)
            + "&client_secret="
            + enc(clientSecret.value())
            + "&scope="
            + enc(scope);
    HttpRequest request =
        HttpRequest.newBuilder(tokenEndpoint)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw SourceException.transientFailure(
          source,
          "cannot reach the token endpoint "
              + tokenEndpoint
              + " ("
              + e.getClass().getSimpleName()
              + "); retrying may help",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SourceException.permanent(source, "interrupted while getting a token", e);
    }
    int status = response.statusCode();
    Map<String, Object> body;
    try {
      body = Json.parseObject(response.body());
    } catch (IllegalArgumentException e) {
      body = Map.of();
    }
    if (status == 429 || status >= 500) {
      throw SharePointSource.throttledOrDown(source, "the token endpoint", response);
    }
    if (status != 200) {
      // error and error_description are the identity platform's codes (AADSTS...), no secrets.
      String error = Json.string(body, "error").orElse("HTTP " + status);
      String description =
          Json.string(body, "error_description").orElse("").lines().findFirst().orElse("");
      throw SourceException.permanent(
          source,
          "the identity platform refused the app's client credentials ("
              + error
              + (description.isEmpty() ? "" : ": " + description)
              + "). Check tenantId and clientId, and that the client secret the clientSecret"
              + " reference points to is the current one (secrets expire).",
          null);
    }
    String accessToken =
        Json.string(body, "access_token")
            .orElseThrow(
                () ->
                    SourceException.permanent(
                        source,
                        "the token endpoint answered 200 without an access_token: check"
                            + " authorityEndpoint",
                        null));
    long expiresIn = Json.number(body, "expires_in").map(n -> n.longValue()).orElse(300L);
    token = Secret.of(accessToken);
    expiresAt = clock.instant().plusSeconds(expiresIn);
    return token;
  }

  synchronized void invalidate() {
    token = null;
    expiresAt = Instant.MIN;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

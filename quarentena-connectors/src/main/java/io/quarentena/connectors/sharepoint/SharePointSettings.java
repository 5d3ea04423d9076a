package io.quarentena.connectors.sharepoint;

import io.quarentena.connectors.Secret;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.internal.RemoteNames;
import io.quarentena.connectors.internal.Retry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a SharePoint source is told, parsed and checked, apart from the transport that uses it: the
 * site and the file in its library, the app registration that gets the token, the endpoints and the
 * timeouts. Every problem is found here and names its option; nothing here opens a connection. The
 * client secret stays a {@link Secret}, which never shows itself.
 *
 * @param name the source's name
 * @param host the SharePoint host ({@code contoso.sharepoint.com})
 * @param sitePath {@code sites/<site>} or {@code teams/<site>}
 * @param path the file in the library, a template with the load date's tokens
 * @param tenantId the Entra tenant
 * @param clientId the app registration
 * @param clientSecret its secret
 * @param scope the token's scope
 * @param siteId the site's Graph id when given (else looked up), or null
 * @param driveId the library's Graph id when not the default one, or null
 * @param graphEndpoint Microsoft Graph's base URL, without a trailing slash
 * @param authorityEndpoint the token authority's base URL, without a trailing slash
 * @param allowInsecureLoopbackHttp whether http is allowed to a loopback address (tests)
 * @param connectTimeout the connect timeout
 * @param readTimeout the read timeout, also the longest silence of a download
 */
record SharePointSettings(
    String name,
    String host,
    String sitePath,
    String path,
    String tenantId,
    String clientId,
    Secret clientSecret,
    String scope,
    @Nullable String siteId,
    @Nullable String driveId,
    String graphEndpoint,
    String authorityEndpoint,
    boolean allowInsecureLoopbackHttp,
    Duration connectTimeout,
    Duration readTimeout) {

  /** The option keys of a SharePoint source. */
  static final List<String> KEYS =
      Retry.withRetryKeys(
          "tenantId",
          "clientId",
          "clientSecret",
          "siteId",
          "driveId",
          "graphEndpoint",
          "authorityEndpoint",
          "scope",
          "allowInsecureLoopbackHttp",
          "connectTimeout",
          "readTimeout");

  /**
   * Parses and checks a source's settings.
   *
   * @param s the source's location ({@code sharepoint://<host>/sites/<site>/<path>}) and options
   * @param secrets resolves the secret references
   * @return the settings
   * @throws IllegalArgumentException naming the option at fault
   */
  static SharePointSettings from(SourceSettings s, SecretProvider secrets) {
    s.checkKnownKeys(KEYS);
    String location = s.location();
    String prefix = "sharepoint://";
    if (!location.startsWith(prefix)) {
      throw s.invalid(
          "location",
          "must look like sharepoint://contoso.sharepoint.com/sites/crm/Folder/file.xlsx");
    }
    String[] parts = location.substring(prefix.length()).split("/", 4);
    if (parts.length < 4
        || parts[0].isBlank()
        || !(parts[1].equals("sites") || parts[1].equals("teams"))
        || parts[2].isBlank()
        || parts[3].isBlank()) {
      throw s.invalid(
          "location",
          "must be sharepoint://<host>/sites/<site>/<path in the library>, for example"
              + " sharepoint://contoso.sharepoint.com/sites/crm/Exports/crm_{yyyyMMdd}.xlsx (leave"
              + " out 'Shared Documents' for the default library; set driveId for another one)");
    }
    String tenant = s.required("tenantId");
    String clientId = s.required("clientId");
    Secret secret =
        s.secret("clientSecret", secrets)
            .orElseThrow(
                () ->
                    s.invalid(
                        "clientSecret",
                        "is required: a secret reference such as"
                            + " databricks:quarentena/graph-client-secret"));
    boolean loopbackHttp = s.bool("allowInsecureLoopbackHttp", false);
    String graph = endpoint(s, "graphEndpoint", "https://graph.microsoft.com/v1.0", loopbackHttp);
    String authority =
        endpoint(s, "authorityEndpoint", "https://login.microsoftonline.com", loopbackHttp);
    Duration connectTimeout = s.duration("connectTimeout", Duration.ofSeconds(30));
    Duration readTimeout = s.duration("readTimeout", Duration.ofMinutes(5));
    return new SharePointSettings(
        s.name(),
        parts[0],
        parts[1] + "/" + parts[2],
        RemoteNames.validate(parts[3]),
        tenant,
        clientId,
        secret,
        s.optional("scope").orElse("https://graph.microsoft.com/.default"),
        s.optional("siteId").orElse(null),
        s.optional("driveId").orElse(null),
        graph,
        authority,
        loopbackHttp,
        connectTimeout,
        readTimeout);
  }

  private static String endpoint(
      SourceSettings s, String key, String defaultValue, boolean loopbackHttp) {
    String value = s.optional(key).orElse(defaultValue);
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw s.invalid(key, "is not a URL");
    }
    if (!allowed(uri, loopbackHttp)) {
      throw s.invalid(
          key,
          "must use https (tokens and files must not cross the network in clear); http is"
              + " allowed only to 127.0.0.1/localhost with allowInsecureLoopbackHttp=true");
    }
    return value;
  }

  /**
   * Whether a URL may carry a token or a file: https, or http to a loopback address when allowed.
   */
  static boolean allowed(URI uri, boolean loopbackHttp) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || !loopbackHttp || uri.getHost() == null) {
      return false;
    }
    String h = uri.getHost();
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Literal addresses only: no name lookup.
      return (Character.isDigit(h.charAt(0)) || h.startsWith("["))
          && InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

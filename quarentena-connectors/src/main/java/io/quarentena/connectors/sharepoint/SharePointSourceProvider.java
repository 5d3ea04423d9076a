package io.quarentena.connectors.sharepoint;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSourceProvider;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceSettings;
import io.quarentena.connectors.internal.Retry;
import java.time.Clock;

/**
 * Makes {@code sharepoint://<host>/<sites|teams>/<site>/<path in the library>} sources, read
 * through Microsoft Graph ({@code /sites/{site-id}/drive/root:/{path}} then the item's {@code
 * /content}, which redirects to a pre-authenticated download URL).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@code tenantId}, {@code clientId}</td><td>the Entra ID app registration</td></tr>
 *   <tr><td>{@code clientSecret}</td><td>secret reference to the app's client secret</td></tr>
 *   <tr><td>{@code siteId}</td><td>optional: the Graph site id, to skip the site lookup</td></tr>
 *   <tr><td>{@code driveId}</td><td>optional: a library other than the site's default
 *       one</td></tr>
 *   <tr><td>{@code graphEndpoint}, {@code authorityEndpoint}, {@code scope}</td><td>defaults
 *       {@code https://graph.microsoft.com/v1.0}, {@code https://login.microsoftonline.com},
 *       {@code https://graph.microsoft.com/.default}; change for national clouds or
 *       tests</td></tr>
 *   <tr><td>{@code allowInsecureLoopbackHttp}</td><td>{@code true} allows {@code http://} to
 *       127.0.0.1/localhost only (tests)</td></tr>
 *   <tr><td>{@code connectTimeout}, {@code readTimeout}</td><td>default 30s and 5m</td></tr>
 *   <tr><td>{@code retries}, {@code retryBackoff}, {@code maxRetryWait}</td><td>default 3, 2s,
 *       2m; 429/503 wait for {@code Retry-After}</td></tr>
 * </table>
 *
 * <pre>{@code
 * ContactSource crm = ContactSources.open(
 *     "sharepoint://contoso.sharepoint.com/sites/crm/Exports/crm_{yyyyMMdd}.xlsx",
 *     Map.of("tenantId", tenant, "clientId", app, "clientSecret", "env:GRAPH_CLIENT_SECRET"),
 *     SecretProviders.defaults());
 * }</pre>
 */
public final class SharePointSourceProvider implements ContactSourceProvider {

  /** For {@link java.util.ServiceLoader}. */
  public SharePointSourceProvider() {}

  @Override
  public String scheme() {
    return "sharepoint";
  }

  @Override
  public ContactSource create(SourceSettings settings, SecretProvider secrets) {
    return SharePointSource.create(settings, secrets, Clock.systemUTC(), Retry.Sleeper.SYSTEM);
  }
}

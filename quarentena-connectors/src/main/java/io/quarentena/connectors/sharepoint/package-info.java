/**
 * The {@code sharepoint} contact source: a file from a SharePoint document library through
 * Microsoft Graph, with an app registration's client credentials (OAuth2), never a user's password.
 *
 * <pre>{@code
 * ContactSources.open("sharepoint://contoso.sharepoint.com/sites/crm/Exports/crm_{yyyyMMdd}.xlsx",
 *     Map.of("tenantId", "00000000-0000-0000-0000-000000000000",
 *            "clientId", "11111111-1111-1111-1111-111111111111",
 *            "clientSecret", "databricks:quarentena/graph-client-secret"),
 *     SecretProviders.defaults());
 * }</pre>
 */
@NullMarked
package io.quarentena.connectors.sharepoint;

import org.jspecify.annotations.NullMarked;

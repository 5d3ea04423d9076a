/**
 * Contact sources: fetch a remote file for a load date into a local staging directory.
 *
 * <p>The public service-provider interface is {@link io.quarentena.connectors.ContactSource}, made
 * by a {@link io.quarentena.connectors.ContactSourceProvider} that {@link
 * io.quarentena.connectors.ContactSources} finds with {@link java.util.ServiceLoader} or by {@link
 * io.quarentena.connectors.ContactSources#register registration in code}. Credentials are never
 * written in a job file: options name a secret reference ({@code env:SFTP_PASSWORD}) that a {@link
 * io.quarentena.connectors.SecretProvider} resolves.
 *
 * <pre>{@code
 * try (ContactSource marketing =
 *     ContactSources.open(
 *         "sftp://mc.example.com/export/marketing_{yyyyMMdd}.csv",
 *         Map.of("user", "quarentena", "password", "env:SFTP_PASSWORD",
 *                "knownHosts", "/etc/quarentena/known_hosts"),
 *         SecretProviders.defaults())) {
 *   FetchedFile file = marketing.fetch(new FetchRequest(stagingDir, LocalDate.of(2024, 5, 28)));
 * }
 * }</pre>
 */
@NullMarked
package io.quarentena.connectors;

import org.jspecify.annotations.NullMarked;

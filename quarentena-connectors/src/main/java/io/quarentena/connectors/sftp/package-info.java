/**
 * The {@code sftp} contact source (JSch): password or private-key login, host key verified against
 * a known_hosts file or a pinned fingerprint, retries for transient failures, atomic staging.
 *
 * <pre>{@code
 * ContactSources.open("sftp://mc.example.com:22/Export/marketing_{yyyyMMdd}.csv",
 *     Map.of("user", "quarentena", "privateKey", "file:/run/secrets/sftp_key",
 *            "hostKeyFingerprint", "SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM"),
 *     SecretProviders.defaults());
 * }</pre>
 */
@NullMarked
package io.quarentena.connectors.sftp;

import org.jspecify.annotations.NullMarked;

package io.quarentena.connectors;

import java.util.Optional;

/**
 * Resolves a secret reference such as {@code env:SFTP_PASSWORD}, {@code sysprop:sftp.password},
 * {@code file:/run/secrets/sftp} or {@code databricks:scope/key}. Implementations never log a value
 * and never put one in an exception message.
 *
 * <pre>{@code
 * SecretProvider secrets = SecretProviders.defaults();
 * Secret password = secrets.require("env:SFTP_PASSWORD");
 * // a vault of your own, in code:
 * SecretProvider mine = reference -> Optional.ofNullable(vault.read(reference)).map(Secret::of);
 * }</pre>
 */
@FunctionalInterface
public interface SecretProvider {

  /**
   * Looks a secret up.
   *
   * @param reference the reference, for example {@code env:SFTP_PASSWORD}
   * @return the secret, or empty when the reference resolves to nothing
   * @throws IllegalArgumentException when the reference is malformed or its backend unusable (the
   *     message does not repeat a malformed reference: it might be a pasted secret)
   */
  Optional<Secret> lookup(String reference);

  /**
   * Looks a secret up and fails when it is missing.
   *
   * @param reference the reference, for example {@code env:SFTP_PASSWORD}
   * @return the secret
   * @throws IllegalArgumentException naming the reference (never a value) when nothing is found
   */
  default Secret require(String reference) {
    return lookup(reference)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Secret reference '"
                        + reference
                        + "' resolved to nothing: set the variable, property, file or"
                        + " Databricks secret it names, or fix the reference in the job file."));
  }
}

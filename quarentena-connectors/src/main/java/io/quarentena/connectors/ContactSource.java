package io.quarentena.connectors;

/**
 * A place contacts come from: fetches one remote file for a load date into a local staging
 * directory.
 *
 * <p>An implementation writes to a temporary {@code .part} file and renames it only when the whole
 * file has arrived, so a failed fetch never leaves a partial file behind. It retries transient
 * failures itself and reports the rest as a {@link SourceException}.
 *
 * <pre>{@code
 * try (ContactSource crm = ContactSources.open(location, options, SecretProviders.defaults())) {
 *   FetchedFile file = crm.fetch(new FetchRequest(Path.of("/tmp/staging"), loadDate));
 *   log.info("{}: {} bytes from {}", crm.name(), file.sizeBytes(), file.remoteName());
 * }
 * }</pre>
 *
 * <p>Third-party implementations can run the contract test shipped in this module's test-jar
 * ({@code io.quarentena.connectors.testing.ContactSourceContract}).
 */
public interface ContactSource extends AutoCloseable {

  /**
   * The source's name, for messages and the run summary.
   *
   * @return a short, secret-free name such as {@code "marketing"}
   */
  String name();

  /**
   * Fetches the file for {@code request.loadDate()} into {@code request.stagingDir()}.
   *
   * @param request where to put the file and which load date it is for
   * @return the local copy and its metadata
   * @throws SourceException when the file cannot be fetched; {@link SourceException#isTransient()}
   *     tells whether trying again later may help
   */
  FetchedFile fetch(FetchRequest request) throws SourceException;

  /** Releases connections and cached credentials. Idempotent. */
  @Override
  default void close() {}
}

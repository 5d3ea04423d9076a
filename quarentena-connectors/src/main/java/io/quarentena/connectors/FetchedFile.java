package io.quarentena.connectors;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A file fetched into the staging directory, with what the server told about it.
 *
 * <pre>{@code
 * FetchedFile file = source.fetch(request);
 * Files.size(file.localPath()) == file.sizeBytes();   // always true
 * }</pre>
 *
 * @param localPath the complete local copy
 * @param remoteName the file's name (or path) at the source, for messages and lineage
 * @param sizeBytes the size in bytes, verified against what the server announced
 * @param modifiedAt the last-modified time the server reports, or {@code null} when it reports none
 * @param checksum {@code "algorithm:value"} (for example {@code "sha256:9f86d0..."} or {@code
 *     "quickXorHash:..."}), or {@code null} when none is known
 */
public record FetchedFile(
    Path localPath,
    String remoteName,
    long sizeBytes,
    @Nullable Instant modifiedAt,
    @Nullable String checksum) {

  /** Validates the metadata. */
  public FetchedFile {
    Objects.requireNonNull(localPath, "localPath");
    Objects.requireNonNull(remoteName, "remoteName");
    if (remoteName.isBlank()) {
      throw new IllegalArgumentException("remoteName is blank: name the file as the source has it");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes is negative: " + sizeBytes);
    }
    if (checksum != null && checksum.indexOf(':') <= 0) {
      throw new IllegalArgumentException(
          "checksum '" + checksum + "' has no algorithm prefix: write it as 'sha256:<hex>'");
    }
  }
}

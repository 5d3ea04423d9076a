package io.quarentena.connectors.internal;

import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SourceException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download in progress: bytes go to {@code <name>.part} (hashed with SHA-256 on the way), and
 * only {@link #commit} moves the complete file to {@code <name>}, after checking its size. Closing
 * without committing deletes the part file, so a failed transfer leaves nothing behind.
 *
 * <pre>{@code
 * try (StagedFile staged = StagedFile.begin("marketing", stagingDir, "marketing_20240528.csv")) {
 *   channel.get(remotePath, staged.out());
 *   return staged.commit(remotePath, announcedSize, modifiedAt, null);
 * }
 * }</pre>
 */
public final class StagedFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagedFile.class);

  private final String source;
  private final Path target;
  private final Path part;
  private final MessageDigest sha256;
  private final OutputStream out;
  private boolean committed;

  private StagedFile(String source, Path target, Path part) throws IOException {
    this.source = source;
    this.target = target;
    this.part = part;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    this.out = new DigestOutputStream(Files.newOutputStream(part), sha256);
  }

  /**
   * Starts a download.
   *
   * @param source the source's name, for messages
   * @param stagingDir the directory to write into (created when missing)
   * @param fileName the local file name; only its last path segment is used
   * @return the staged file
   * @throws SourceException when the staging directory cannot be written
   */
  public static StagedFile begin(String source, Path stagingDir, String fileName) {
    String safe = RemoteNames.fileName(fileName.replace('\\', '/'));
    if (safe.isEmpty() || safe.equals(".") || safe.equals("..")) {
      throw SourceException.permanent(
          source, "the remote name '" + fileName + "' has no usable file name", null);
    }
    try {
      Files.createDirectories(stagingDir);
      Path target = stagingDir.resolve(safe);
      return new StagedFile(source, target, stagingDir.resolve(safe + ".part"));
    } catch (IOException e) {
      throw SourceException.permanent(
          source,
          "cannot write to the staging directory "
              + stagingDir
              + " ("
              + e
              + "): give the job write access or choose another stagingDir",
          e);
    }
  }

  /**
   * Where to write the bytes.
   *
   * @return the stream; do not close it, {@link #commit} and {@link #close} do
   */
  public OutputStream out() {
    return out;
  }

  /**
   * Closes the part file, checks its size and moves it into place atomically.
   *
   * @param remoteName the remote name, for the metadata
   * @param expectedSize the size the server announced, or -1 when unknown
   * @param modifiedAt the server's modification time, or {@code null}
   * @param serverChecksum the server's checksum ({@code "algo:value"}), or {@code null} to record
   *     the SHA-256 computed while writing
   * @return the fetched file
   * @throws SourceException (transient) when the size differs: the transfer was cut
   */
  public FetchedFile commit(
      String remoteName,
      long expectedSize,
      @Nullable Instant modifiedAt,
      @Nullable String serverChecksum) {
    try {
      out.close();
      long size = Files.size(part);
      if (expectedSize >= 0 && size != expectedSize) {
        throw SourceException.transientFailure(
            source,
            "received "
                + size
                + " of the "
                + expectedSize
                + " bytes of "
                + remoteName
                + ": the transfer was cut or the file changed while it was read. Retrying may"
                + " help; if it keeps happening, ask the provider to write files atomically.",
            null);
      }
      try {
        Files.move(
            part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
      String checksum =
          serverChecksum != null
              ? serverChecksum
              : "sha256:" + HexFormat.of().formatHex(sha256.digest());
      return new FetchedFile(target, remoteName, size, modifiedAt, checksum);
    } catch (IOException e) {
      throw SourceException.permanent(
          source, "cannot finish writing " + target + " (" + e + "): check the staging disk", e);
    }
  }

  /** Deletes the part file unless the download was committed. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      LOG.debug("closing {}", part, e);
    }
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      LOG.warn("source '{}': could not delete the partial file {}: {}", source, part, e.toString());
    }
  }
}

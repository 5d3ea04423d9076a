package io.quarentena.job.internal;

import io.quarentena.spark.Messages;
import java.io.FileNotFoundException;
import java.net.URI;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's file that Spark failed to read while it executed the run — gone since the source was
 * opened (a data file deleted from a Delta table's directory while its log still lists it), or
 * damaged (a parquet file whose pages are garbled). Spark reads lazily, so such a failure surfaces
 * in whatever action first scans the source, as a {@code SparkException} naming the file; it is
 * attributed to the source after the fact, by finding one of the source's input files in the
 * failure. Nothing is read ahead to look for damage: the sources are still scanned once.
 *
 * <pre>{@code
 * FailedFile.in(sparkFailure, marketingRows)
 *     .map(FailedFile::describe); // "file /data/mkt/part-00000.parquet is missing: ..."
 * }</pre>
 *
 * @param file the file, as the source lists it
 * @param missing whether the file was not found, rather than found and unreadable
 * @param detail what the reader said, on one line
 */
public record FailedFile(String file, boolean missing, String detail) {

  private static final Logger LOG = LoggerFactory.getLogger(FailedFile.class);

  /**
   * The file of a source that a failure names.
   *
   * @param failure what an action of the run threw
   * @param rows the source's rows, as read
   * @return the file, or empty when the failure names none of the source's files
   */
  public static Optional<FailedFile> in(Throwable failure, Dataset<Row> rows) {
    String[] files;
    try {
      files = rows.inputFiles();
    } catch (RuntimeException e) { // a source that cannot list its files names none
      LOG.debug("No input files to attribute a failure to: {}", e.getMessage());
      return Optional.empty();
    }
    for (String file : files) {
      Throwable deepest = null; // the reader's own error is below the wrappers that repeat it
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (names(t.getMessage(), file)) {
          deepest = t;
        }
      }
      if (deepest != null) {
        Throwable detail = deepest.getCause() == null ? deepest : deepest.getCause();
        return Optional.of(new FailedFile(file, notFound(failure), Messages.cause(detail)));
      }
    }
    return Optional.empty();
  }

  /**
   * What happened to the file, for messages and the runs table.
   *
   * @return one clause naming the file
   */
  public String describe() {
    return missing
        ? "file "
            + shown()
            + " is missing: it was listed when the source was opened (by a Delta table's log, or"
            + " the listing of its directory) and was gone when Spark read it"
        : "file " + shown() + " is damaged and cannot be read: " + detail;
  }

  /** A local file as its path, any other as listed. */
  private String shown() {
    if (file.startsWith("file:")) {
      try {
        return URI.create(file).getPath();
      } catch (IllegalArgumentException e) {
        return file;
      }
    }
    return file;
  }

  private static boolean names(String message, String file) {
    if (message == null) {
      return false;
    }
    if (message.contains(file)) {
      return true;
    }
    try { // file:/x, file:///x and s3a://bucket/x name the same file in different messages
      URI uri = URI.create(file);
      return uri.getPath() != null && uri.getPath().length() > 1
          ? message.contains(uri.getPath()) || message.contains(uri.getRawPath())
          : false;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean notFound(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FileNotFoundException
          || (t.getMessage() != null && t.getMessage().contains("FILE_NOT_EXIST"))) {
        return true;
      }
    }
    return false;
  }
}

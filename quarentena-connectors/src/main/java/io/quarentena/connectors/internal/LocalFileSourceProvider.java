package io.quarentena.connectors.internal;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSourceProvider;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceException;
import io.quarentena.connectors.SourceSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code file} scheme: copies a local (or mounted, e.g. {@code /dbfs/...}) file into staging,
 * with the same date patterns, globs and atomic staging as the remote sources. Options: {@code
 * name}.
 *
 * <pre>{@code
 * ContactSources.open("file:///landing/marketing_{yyyyMMdd}.csv", Map.of(), secrets);
 * }</pre>
 */
public final class LocalFileSourceProvider implements ContactSourceProvider {

  /** For {@link java.util.ServiceLoader}. */
  public LocalFileSourceProvider() {}

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public ContactSource create(SourceSettings settings, SecretProvider secrets) {
    settings.checkKnownKeys(List.of());
    String location = settings.location();
    String path = location.startsWith("file://") ? location.substring(7) : location.substring(5);
    if (!path.startsWith("/")) {
      throw settings.invalid(
          "location", "must be an absolute path such as file:///data/marketing_{yyyyMMdd}.csv");
    }
    return new LocalFileSource(settings.name(), RemoteNames.validate(path));
  }

  private record LocalFileSource(String name, String template) implements ContactSource {

    @Override
    public FetchedFile fetch(FetchRequest request) {
      String wanted = RemoteNames.expand(template, request.loadDate());
      Path file = resolve(wanted);
      try {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        try (StagedFile staged =
                StagedFile.begin(name, request.stagingDir(), file.getFileName().toString());
            InputStream in = Files.newInputStream(file)) {
          in.transferTo(staged.out());
          return staged.commit(
              file.toString(), attrs.size(), attrs.lastModifiedTime().toInstant(), null);
        }
      } catch (NoSuchFileException e) {
        throw notFound(wanted);
      } catch (IOException e) {
        throw SourceException.transientFailure(name, "cannot read " + file + " (" + e + ")", e);
      }
    }

    private Path resolve(String wanted) {
      String fileName = RemoteNames.fileName(wanted);
      if (!RemoteNames.isGlob(fileName)) {
        return Path.of(wanted);
      }
      Pattern glob = RemoteNames.globPattern(fileName);
      Path dir = Path.of(RemoteNames.parent(wanted));
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        Path newest = null;
        long newestTime = Long.MIN_VALUE;
        for (Path p : files) {
          if (Files.isRegularFile(p) && glob.matcher(p.getFileName().toString()).matches()) {
            long t = Files.getLastModifiedTime(p).toMillis();
            if (newest == null
                || t > newestTime
                || t == newestTime
                    && Comparator.<String>naturalOrder()
                            .compare(p.getFileName().toString(), newest.getFileName().toString())
                        > 0) {
              newest = p;
              newestTime = t;
            }
          }
        }
        if (newest == null) {
          throw notFound(wanted);
        }
        return newest;
      } catch (NoSuchFileException e) {
        throw notFound(wanted);
      } catch (IOException e) {
        throw SourceException.transientFailure(name, "cannot list " + dir + " (" + e + ")", e);
      }
    }

    private SourceException notFound(String wanted) {
      return SourceException.permanent(
          name,
          "no file "
              + wanted
              + ": it has not arrived for this load date. Check the location's date pattern,"
              + " or rerun when the file is there.",
          null);
    }
  }
}

package io.quarentena.connectors.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.FetchedFile;
import io.quarentena.connectors.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ContactSource} keeps. Shipped in the {@code quarentena-connectors}
 * test-jar: extend it, start your server in {@code @BeforeEach}/{@code @BeforeAll}, and implement
 * the three methods.
 *
 * <pre>{@code
 * class HttpsSourceContractTest extends ContactSourceContract {
 *   protected ContactSource openSource() { return ContactSources.open(url, options, secrets); }
 *   protected byte[] expectedContent() { return FILE_BYTES; }   // served for LOAD_DATE
 *   protected Set<String> secretValues() { return Set.of("s3cr3t"); }
 * }
 * }</pre>
 */
public abstract class ContactSourceContract {
  /** The load date the source serves {@link #expectedContent()} for. */
  protected static final LocalDate LOAD_DATE = LocalDate.of(2024, 5, 28);

  /** A load date the source has no file for. */
  protected static final LocalDate MISSING_DATE = LocalDate.of(1999, 1, 1);

  /** The staging directory given to {@code fetch}. */
  @TempDir protected Path staging;

  /**
   * Opens the source under test: it serves {@link #expectedContent()} for {@link #LOAD_DATE} and
   * nothing for {@link #MISSING_DATE}.
   *
   * @return a new source
   * @throws Exception when the fixture cannot be set up
   */
  protected abstract ContactSource openSource() throws Exception;

  /**
   * The bytes the source holds for {@link #LOAD_DATE}.
   *
   * @return the content
   */
  protected abstract byte[] expectedContent();

  /**
   * Secret values in use (passwords, tokens): none may appear in names, {@code toString()} or
   * messages.
   *
   * @return the values
   */
  protected Set<String> secretValues() {
    return Set.of();
  }

  @Test
  void fetchesTheFileIntoStagingWithItsMetadata() throws Exception {
    try (ContactSource source = openSource()) {
      FetchedFile file = source.fetch(new FetchRequest(staging, LOAD_DATE));
      assertThat(file.localPath()).startsWith(staging).isRegularFile();
      assertThat(Files.readAllBytes(file.localPath())).isEqualTo(expectedContent());
      assertThat(file.sizeBytes()).isEqualTo(expectedContent().length);
      assertThat(file.remoteName()).isNotBlank();
      assertThat(partFiles()).isEmpty();
    }
  }

  @Test
  void fetchingAgainReplacesTheFile() throws Exception {
    try (ContactSource source = openSource()) {
      FetchedFile first = source.fetch(new FetchRequest(staging, LOAD_DATE));
      Files.writeString(first.localPath(), "stale");
      FetchedFile second = source.fetch(new FetchRequest(staging, LOAD_DATE));
      assertThat(second.localPath()).isEqualTo(first.localPath());
      assertThat(Files.readAllBytes(second.localPath())).isEqualTo(expectedContent());
      assertThat(second.checksum()).isEqualTo(first.checksum());
    }
  }

  @Test
  void aMissingFileIsAPermanentFailureNamingTheSourceAndLeavesNothing() throws Exception {
    try (ContactSource source = openSource()) {
      assertThatThrownBy(() -> source.fetch(new FetchRequest(staging, MISSING_DATE)))
          .isInstanceOfSatisfying(
              SourceException.class,
              e -> {
                assertThat(e.isTransient()).isFalse();
                assertThat(e.sourceName()).isEqualTo(source.name());
                assertThat(e.getMessage()).contains(source.name());
              });
      assertThat(filesIn(staging)).isEmpty();
    }
  }

  @Test
  void secretsNeverShow() throws Exception {
    try (ContactSource source = openSource()) {
      List<String> shown = new java.util.ArrayList<>(List.of(source.name(), source.toString()));
      try {
        source.fetch(new FetchRequest(staging, MISSING_DATE));
      } catch (SourceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          shown.add(String.valueOf(t.getMessage()));
        }
      }
      for (String secret : secretValues()) {
        assertThat(shown).noneMatch(s -> s.contains(secret));
      }
    }
  }

  @Test
  void closeIsIdempotent() throws Exception {
    ContactSource source = openSource();
    assertThat(source.name()).isNotBlank();
    source.close();
    source.close();
  }

  private List<Path> partFiles() throws IOException {
    return filesIn(staging).stream().filter(p -> p.toString().endsWith(".part")).toList();
  }

  /**
   * Every file under a directory.
   *
   * @param dir the directory
   * @return the files
   * @throws IOException when the directory cannot be listed
   */
  protected static List<Path> filesIn(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}

package io.quarentena.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSources;
import io.quarentena.connectors.FetchRequest;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.testing.ContactSourceContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileSourceContractTest extends ContactSourceContract {
  private static final byte[] CONTENT =
      "id_cliente;email;subject\n0012345678;a@example.com;Promo\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path landing;

  @BeforeEach
  void landFile() throws Exception {
    Files.write(landing.resolve("marketing_20240528.csv"), CONTENT);
  }

  @Override
  protected ContactSource openSource() {
    return ContactSources.open(
        "file://" + landing + "/marketing_{yyyyMMdd}.csv",
        Map.of("name", "marketing"),
        SecretProviders.defaults());
  }

  @Override
  protected byte[] expectedContent() {
    return CONTENT;
  }

  @Test
  void aGlobTakesTheNewestMatch() throws Exception {
    Path older = Files.writeString(landing.resolve("marketing_20240528_a.csv"), "old");
    Path newer = Files.writeString(landing.resolve("marketing_20240528_b.csv"), "new");
    Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2024-05-28T01:00:00Z")));
    Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2024-05-28T02:00:00Z")));
    try (ContactSource source =
        ContactSources.open(
            "file://" + landing + "/marketing_{yyyyMMdd}_*.csv",
            Map.of(),
            SecretProviders.defaults())) {
      var file = source.fetch(new FetchRequest(staging, LOAD_DATE));
      assertThat(file.localPath()).hasContent("new").hasFileName("marketing_20240528_b.csv");
      assertThat(file.modifiedAt()).isEqualTo(Instant.parse("2024-05-28T02:00:00Z"));
      assertThat(file.checksum()).startsWith("sha256:");
    }
  }

  @Test
  void unknownOptionsAndSchemesAreRefusedClearly() {
    assertThatThrownBy(
            () ->
                ContactSources.open(
                    "file:///x.csv", Map.of("pasword", "env:X"), SecretProviders.defaults()))
        .hasMessageContaining("option 'pasword' is not an option of file sources");
    assertThatThrownBy(
            () -> ContactSources.open("ftp://host/x.csv", Map.of(), SecretProviders.defaults()))
        .hasMessageContaining("no contact source handles the scheme 'ftp'")
        .hasMessageContaining("file");
  }
}

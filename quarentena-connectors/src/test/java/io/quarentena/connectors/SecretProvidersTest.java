package io.quarentena.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretProvidersTest {
  @TempDir Path dir;

  @Test
  void resolvesEnvironmentSystemPropertiesAndFilesByPrefix() throws Exception {
    Path file = Files.writeString(dir.resolve("sftp"), "from-file\n");
    System.setProperty("quarentena.test.secret", "from-sysprop");
    try {
      SecretProvider secrets =
          SecretProviders.byPrefix(
              Map.of(
                  "env", SecretProviders.environment(Map.of("SFTP_PASSWORD", "from-env")::get),
                  "sysprop", SecretProviders.systemProperties(),
                  "file", SecretProviders.files()));
      assertThat(secrets.require("env:SFTP_PASSWORD").value()).isEqualTo("from-env");
      assertThat(secrets.require("sysprop:quarentena.test.secret").value())
          .isEqualTo("from-sysprop");
      assertThat(secrets.require("file:" + file).value()).isEqualTo("from-file");
      assertThat(secrets.lookup("env:ABSENT")).isEmpty();
      assertThatThrownBy(() -> secrets.require("env:ABSENT"))
          .hasMessageContaining("'env:ABSENT' resolved to nothing");
    } finally {
      System.clearProperty("quarentena.test.secret");
    }
  }

  @Test
  void aValueThatIsNotAReferenceIsNeverEchoed() {
    SecretProvider secrets = SecretProviders.defaults();
    assertThatThrownBy(() -> secrets.lookup("hunter2"))
        .hasMessageContaining("not a secret reference")
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> secrets.lookup("p4ss:word")).message().doesNotContain("p4ss:word");
  }

  @Test
  void aSecretNeverShowsItself() {
    Secret secret = Secret.of("s3cr3t");
    assertThat(secret).hasToString("Secret[***]");
    assertThat(String.valueOf(Optional.of(secret))).doesNotContain("s3cr3t");
    assertThat(new String(secret.utf8(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t");
    secret.clear();
    assertThat(secret.isBlank()).isFalse(); // NULs are not white space, and not the value either
    assertThat(secret.value()).doesNotContain("s3cr3t");
  }
}

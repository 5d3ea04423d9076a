package io.quarentena.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  private final SecretProvider secrets =
      SecretProviders.byPrefix(
          Map.of(
              "env",
              SecretProviders.environment(
                  Map.of("AK", "AKIAEXAMPLE", "SK", "wJalrXUtnFEMI/K7MDENG", "TK", "FwoGZX")
                      ::get)));

  @Test
  void staticKeysArePerBucketAndMaskedInToString() {
    S3Settings s =
        S3Settings.of(
            "s3a://data-lake/recomendacao/",
            Map.of("accessKey", "env:AK", "secretKey", "env:SK", "region", "sa-east-1"),
            secrets);
    assertThat(s.bucket()).isEqualTo("data-lake");
    assertThat(s.location()).isEqualTo("s3a://data-lake/recomendacao/");
    assertThat(s.hadoopConfiguration())
        .containsOnly(
            entry("fs.s3a.bucket.data-lake.access.key", "AKIAEXAMPLE"),
            entry("fs.s3a.bucket.data-lake.secret.key", "wJalrXUtnFEMI/K7MDENG"),
            entry("fs.s3a.bucket.data-lake.aws.credentials.provider", S3Settings.SIMPLE),
            entry("fs.s3a.bucket.data-lake.endpoint.region", "sa-east-1"),
            entry("fs.s3a.bucket.data-lake.connection.ssl.enabled", "true"),
            entry("fs.s3a.bucket.data-lake.path.style.access", "false"));
    assertThat(s.toString())
        .contains("access.key=***", "secret.key=***")
        .doesNotContain("AKIAEXAMPLE", "wJalrXUtnFEMI");
    assertThat(s.hadoopConfiguration().toString()).doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  void withoutKeysTheDefaultCredentialChainIsUsed() {
    S3Settings s = S3Settings.of("s3://restritos/export", Map.of(), secrets);
    assertThat(s.location()).isEqualTo("s3a://restritos/export");
    assertThat(s.hadoopConfiguration())
        .containsEntry("fs.s3a.bucket.restritos.aws.credentials.provider", S3Settings.DEFAULT_CHAIN)
        .doesNotContainKey("fs.s3a.bucket.restritos.access.key");
  }

  @Test
  void aSessionTokenSelectsTemporaryCredentials() {
    S3Settings s =
        S3Settings.of(
            "s3a://lake/x",
            Map.of("accessKey", "env:AK", "secretKey", "env:SK", "sessionToken", "env:TK"),
            secrets);
    assertThat(s.hadoopConfiguration())
        .containsEntry("fs.s3a.bucket.lake.session.token", "FwoGZX")
        .containsEntry("fs.s3a.bucket.lake.aws.credentials.provider", S3Settings.TEMPORARY);
    assertThat(s.toString()).doesNotContain("FwoGZX");
  }

  @Test
  void misconfigurationsNameTheOption() {
    assertThatThrownBy(() -> S3Settings.of("s3a://lake/x", Map.of("accessKey", "env:AK"), secrets))
        .hasMessageContaining("option 'secretKey' is missing");
    assertThatThrownBy(
            () ->
                S3Settings.of(
                    "s3a://lake/x", Map.of("endpoint", "http://minio.internal:9000"), secrets))
        .hasMessageContaining("option 'endpoint' is http:// on a non-loopback host");
    assertThatThrownBy(() -> S3Settings.of("s3a://lake/x", Map.of("sslEnabled", "false"), secrets))
        .hasMessageContaining("S3 traffic must use TLS");
    assertThatThrownBy(() -> S3Settings.of("s3a://Bad_Bucket/x", Map.of(), secrets))
        .hasMessageContaining("valid bucket name");
    assertThatThrownBy(() -> S3Settings.of("s3a://lake/x", Map.of("acessKey", "env:AK"), secrets))
        .hasMessageContaining("'acessKey' is not an option of s3a sources");
  }

  @Test
  void aLoopbackHttpEndpointTurnsTlsOffForThatBucketOnly() {
    S3Settings s =
        S3Settings.of(
            "s3a://lake/x",
            Map.of("endpoint", "http://127.0.0.1:9000", "pathStyleAccess", "true"),
            secrets);
    assertThat(s.hadoopConfiguration())
        .containsEntry("fs.s3a.bucket.lake.endpoint", "http://127.0.0.1:9000")
        .containsEntry("fs.s3a.bucket.lake.connection.ssl.enabled", "false")
        .containsEntry("fs.s3a.bucket.lake.path.style.access", "true");
  }
}

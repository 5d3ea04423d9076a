package io.quarentena.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table on an S3 API server on 127.0.0.1 (S3Proxy, in-memory), read by Kernel through {@code
 * s3a://} with the job's connection settings and secret references: the same snapshot as the local
 * copy, a no-change check through s3a, and refused credentials reported without the secret.
 */
class S3KernelIT {

  private static final String ACCESS = "quarentena-access";
  private static final String SECRET = "quarentena-S3cret-key";
  private static final LocalDate LOAD = LocalDate.parse("2024-05-28");
  private static final QuarantinePolicy POLICY = QuarantinePolicy.defaults();
  private static final List<ContactEvent> EVENTS =
      List.of(
          ContactEvent.of("1234567890", Channel.CRM, LocalDate.parse("2024-05-08")),
          ContactEvent.of("2345678901", Channel.MARKETING, LocalDate.parse("2024-05-24")),
          ContactEvent.of("0012345678", Channel.OFERTAS, LocalDate.parse("2024-05-26")),
          ContactEvent.of("4567890123", Channel.FRAUDE, LocalDate.parse("2024-04-01")));

  private static BlobStoreContext blobs;
  private static S3Proxy proxy;
  private static String endpoint;
  private static Path local;

  @BeforeAll
  static void startTheServerAndUploadTheTable() throws Exception {
    blobs =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    endpoint = "http://127.0.0.1:" + proxy.getPort();

    local = ServingSpark.newDir("s3-source");
    JobTables.write(ServingSpark.get(), local, POLICY, EVENTS, LOAD);
    BlobStore store = blobs.getBlobStore();
    // Two buckets: Hadoop keeps one s3a file system per bucket and JVM, made with the settings of
    // its first use, so the refused credentials are tried on a bucket of their own.
    for (String bucket : List.of("lake", "other-lake")) {
      store.createContainerInLocation(null, bucket);
      try (Stream<Path> files = Files.walk(local)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String key = "quarentena_global/" + local.relativize(f).toString().replace('\\', '/');
          store.putBlob(bucket, store.blobBuilder(key).payload(f.toFile()).build());
        }
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
    }
    if (blobs != null) {
      blobs.close();
    }
  }

  private static DeltaSnapshots onS3(String secret) {
    return onS3("lake", secret);
  }

  private static DeltaSnapshots onS3(String bucket, String secret) {
    SecretProvider secrets =
        SecretProviders.byPrefix(
            Map.of(
                "env",
                SecretProviders.environment(
                    Map.of("S3_ACCESS_KEY", ACCESS, "S3_SECRET_KEY", secret)::get)));
    return DeltaSnapshots.at("s3a://" + bucket + "/quarentena_global")
        .s3(
            Map.of(
                "accessKey", "env:S3_ACCESS_KEY",
                "secretKey", "env:S3_SECRET_KEY",
                "endpoint", endpoint,
                "pathStyleAccess", "true",
                "region", "us-east-1"),
            secrets)
        .hadoopConfiguration(Map.of("fs.s3a.attempts.maximum", "1", "fs.s3a.retry.limit", "1"));
  }

  @Test
  void kernelReadsTheTableThroughS3aAsItReadsTheLocalCopy() {
    QuarantineIndex fromS3 = onS3(SECRET).load(POLICY);
    QuarantineIndex fromDisk = DeltaSnapshots.at(local.toString()).load(POLICY);
    assertThat(fromS3.size()).isEqualTo(4);
    JobTables.assertSameDecisions(fromS3, fromDisk, POLICY, JobTables.customers(EVENTS));

    Quarantine quarantine = Quarantine.builder().build();
    try (TableWatcher watcher = TableWatcher.builder(onS3(SECRET), POLICY, quarantine).build()) {
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.LOADED);
      assertThat(watcher.refreshNow()).isEqualTo(TableWatcher.Outcome.UNCHANGED);
      assertThat(quarantine.isSuppressed("0012345678", Channel.CRM, LOAD)).isTrue();
    }
  }

  @Test
  void refusedCredentialsAreReportedWithoutTheSecret() {
    String wrong = "not-the-S3cret";
    assertThatThrownBy(() -> onS3("other-lake", wrong).load(POLICY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "cannot load the quarantine snapshot from s3a://other-lake/quarentena_global")
        .satisfies(
            e -> {
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()))
                    .doesNotContain(wrong)
                    .doesNotContain(SECRET);
              }
            });
    assertThat(onS3(SECRET).toString()).doesNotContain(SECRET).contains("hadoop keys");
  }
}

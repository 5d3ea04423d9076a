package io.quarentena.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.logs.Leaks;
import io.quarentena.connectors.logs.LogCapture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3Proxy (an S3 API server on 127.0.0.1, in-memory blob store) and a local[2] SparkSession reading
 * {@code s3a://} parquet and JSON with nothing but {@link S3Settings#hadoopConfiguration()} — two
 * sources in two buckets, each configured per bucket.
 */
class S3SparkIT {
  private static final String ACCESS = "quarentena-access";
  private static final String SECRET = "quarentena-S3cret-key";

  @TempDir static Path local;
  private static S3Proxy proxy;
  private static BlobStoreContext blobs;
  private static SparkSession spark;
  private static String endpoint;

  @BeforeAll
  static void start() throws Exception {
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
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("S3SparkIT")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (proxy != null) {
      proxy.stop();
    }
    if (blobs != null) {
      blobs.close();
    }
  }

  private static AmazonS3 client() {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS, SECRET)))
        .build();
  }

  private static void upload(AmazonS3 s3, String bucket, String prefix, Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".parquet") || name.endsWith(".json")) {
          s3.putObject(bucket, prefix + name, f.toFile());
        }
      }
    }
  }

  private static S3Settings settings(String location) {
    SecretProvider secrets =
        SecretProviders.byPrefix(
            Map.of(
                "env",
                SecretProviders.environment(
                    Map.of("S3_ACCESS_KEY", ACCESS, "S3_SECRET_KEY", SECRET)::get)));
    return S3Settings.of(
        location,
        Map.of(
            "accessKey", "env:S3_ACCESS_KEY",
            "secretKey", "env:S3_SECRET_KEY",
            "endpoint", endpoint,
            "pathStyleAccess", "true",
            "region", "us-east-1"),
        secrets);
  }

  @Test
  void sparkReadsParquetAndNestedJsonFromTwoBucketsThroughS3a() throws Exception {
    AmazonS3 s3 = client();
    s3.createBucket("data-lake");
    s3.createBucket("restritos");

    StructType schema =
        new StructType()
            .add("id_cliente", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("telefone", DataTypes.StringType)
            .add("assunto", DataTypes.StringType)
            .add("data_envio", DataTypes.DateType);
    List<Row> rows =
        List.of(
            RowFactory.create(
                "3456789012",
                "c@example.com",
                "5511900000000",
                "Indique",
                Date.valueOf("2024-05-18")),
            RowFactory.create("0012345678", null, null, "Indique", Date.valueOf("2024-05-20")));
    Path parquet = local.resolve("recomendacao");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
    upload(s3, "data-lake", "recomendacao/", parquet);

    Path json = Files.createDirectories(local.resolve("restritos")).resolve("part-0.json");
    Files.writeString(
        json,
        "{\"id_cliente\":\"4888888800\",\"contatos\":{\"email\":\"r@example.com\","
            + "\"numero_telefone\":\"5511911111111\",\"data_solicitacao\":\"2024-03-01T10:15:00Z\"},"
            + "\"motivos\":{\"descricao\":\"LGPD\"}}\n",
        StandardCharsets.UTF_8);
    upload(s3, "restritos", "export/", json.getParent());

    S3Settings lake = settings("s3a://data-lake/recomendacao/");
    S3Settings restritos = settings("s3a://restritos/export/");
    var hadoop = spark.sparkContext().hadoopConfiguration();
    lake.hadoopConfiguration().forEach(hadoop::set);
    restritos.hadoopConfiguration().forEach(hadoop::set);
    assertThat(hadoop.get("fs.s3a.access.key")).isNull(); // per bucket only

    Dataset<Row> recomendacao = spark.read().parquet(lake.location());
    assertThat(recomendacao.orderBy("id_cliente").collectAsList())
        .extracting(r -> r.getString(0) + "|" + r.getDate(4))
        .containsExactly("0012345678|2024-05-20", "3456789012|2024-05-18");

    Dataset<Row> restr = spark.read().json(restritos.location());
    Row r =
        restr
            .selectExpr(
                "id_cliente",
                "contatos.email",
                "contatos.numero_telefone",
                "to_timestamp(contatos.data_solicitacao) as data_solicitacao",
                "motivos.descricao")
            .first();
    assertThat(r.getString(0)).isEqualTo("4888888800");
    assertThat(r.getString(1)).isEqualTo("r@example.com");
    assertThat(r.getString(2)).isEqualTo("5511911111111");
    assertThat(r.getTimestamp(3).toInstant()).hasToString("2024-03-01T10:15:00Z");
    assertThat(r.getString(4)).isEqualTo("LGPD");
  }

  /**
   * Issue 7: with S3 keys configured, every log line (this library at every level, Spark, Hadoop
   * and the AWS SDK at their configured level), every exception and every {@code toString()} of a
   * succeeding read, a read with a wrong secret key and misconfigured settings is searched for the
   * keys.
   */
  @Test
  void noKeyInLogsExceptionsOrToStringWhetherReadsSucceedOrFail() throws Exception {
    String wrongSecret = "wr0ng-S3cret-Key-8Hq";
    AmazonS3 s3 = client();
    s3.createBucket("leak-ok");
    s3.createBucket("leak-denied");
    Path json = Files.createDirectories(local.resolve("leak")).resolve("part-0.json");
    Files.writeString(json, "{\"id_cliente\":\"1\"}\n", StandardCharsets.UTF_8);
    upload(s3, "leak-ok", "export/", json.getParent());
    upload(s3, "leak-denied", "export/", json.getParent());
    SecretProvider secrets =
        SecretProviders.byPrefix(
            Map.of(
                "env",
                SecretProviders.environment(
                    Map.of("S3_ACCESS_KEY", ACCESS, "S3_SECRET_KEY", SECRET, "WRONG", wrongSecret)
                        ::get)));
    Map<String, String> options =
        Map.of(
            "accessKey", "env:S3_ACCESS_KEY",
            "secretKey", "env:S3_SECRET_KEY",
            "endpoint", endpoint,
            "pathStyleAccess", "true",
            "region", "us-east-1");
    Map<String, String> wrong = new java.util.HashMap<>(options);
    wrong.put("secretKey", "env:WRONG");
    var hadoop = spark.sparkContext().hadoopConfiguration();
    Leaks seen = new Leaks();
    try (LogCapture logs = LogCapture.start()) {
      S3Settings ok = S3Settings.of("s3a://leak-ok/export/", options, secrets);
      ok.hadoopConfiguration().forEach(hadoop::set);
      seen.add(ok).add(ok.hadoopConfiguration());
      assertThat(spark.read().json(ok.location()).count()).isEqualTo(1);

      S3Settings denied = S3Settings.of("s3a://leak-denied/export/", wrong, secrets);
      denied.hadoopConfiguration().forEach(hadoop::set);
      // The SDK retries a bad signature as if it were clock skew, 20 times by default.
      hadoop.set("fs.s3a.bucket.leak-denied.attempts.maximum", "0");
      hadoop.set("fs.s3a.bucket.leak-denied.retry.limit", "0");
      seen.add(denied);
      seen.add(catchThrowable(() -> spark.read().json(denied.location()).count()));

      Map<String, String> pasted = new java.util.HashMap<>(options);
      pasted.put("secretKey", SECRET);
      seen.add(catchThrowable(() -> S3Settings.of("s3a://leak-ok/", pasted, secrets)));
      Map<String, String> clear = new java.util.HashMap<>(options);
      clear.put("endpoint", "http://s3.example.com");
      seen.add(catchThrowable(() -> S3Settings.of("s3a://leak-ok/", clear, secrets)));

      assertThat(seen.failures()).hasSize(3).doesNotContainNull();
      assertThat(seen.failures().get(0)).hasStackTraceContaining("403");
      seen.assertNoneOf(List.of(ACCESS, SECRET, wrongSecret), logs);
    }
  }
}

package io.quarentena.connectors.s3;

import io.quarentena.connectors.Secret;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SourceSettings;
import java.net.URI;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Hadoop {@code s3a} settings for one bucket, so a Spark job reads {@code s3a://} parquet and
 * JSON with credentials that never sit in a job file. Settings are per bucket ({@code
 * fs.s3a.bucket.<bucket>.*}), so two sources in two buckets with different credentials live in one
 * Spark session.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@code accessKey}, {@code secretKey}</td><td>secret references to static keys
 *       (both or neither)</td></tr>
 *   <tr><td>{@code sessionToken}</td><td>secret reference to an STS session token (with the
 *       keys)</td></tr>
 *   <tr><td>{@code credentialsProvider}</td><td>without keys: the provider class (default the
 *       AWS SDK's default chain: environment, profile, web identity, instance role)</td></tr>
 *   <tr><td>{@code endpoint}</td><td>a non-AWS or private endpoint, e.g. {@code
 *       https://minio.internal:9000}</td></tr>
 *   <tr><td>{@code region}</td><td>the bucket's region</td></tr>
 *   <tr><td>{@code pathStyleAccess}</td><td>{@code true} for MinIO-style endpoints (default
 *       false)</td></tr>
 *   <tr><td>{@code sslEnabled}</td><td>default {@code true}; {@code false} is refused unless the
 *       endpoint is {@code http://} on a loopback address</td></tr>
 * </table>
 *
 * <pre>{@code
 * S3Settings restritos = S3Settings.of("s3a://restritos/export/",
 *     Map.of("accessKey", "databricks:quarentena/s3-access",
 *            "secretKey", "databricks:quarentena/s3-secret", "region", "sa-east-1"),
 *     SecretProviders.defaults());
 * restritos.hadoopConfiguration().forEach(spark.sparkContext().hadoopConfiguration()::set);
 * spark.read().json(restritos.location());
 * }</pre>
 */
public final class S3Settings {
  /** The AWS SDK v1 default chain, which hadoop-aws 3.3 (Spark 3.5) uses. */
  public static final String DEFAULT_CHAIN =
      "com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

  static final String SIMPLE = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";
  static final String TEMPORARY = "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider";

  private static final List<String> KEYS =
      List.of(
          "accessKey",
          "secretKey",
          "sessionToken",
          "credentialsProvider",
          "endpoint",
          "region",
          "pathStyleAccess",
          "sslEnabled");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
  private static final Set<String> SECRET_SUFFIXES =
      Set.of("access.key", "secret.key", "session.token");

  private final String location;
  private final String bucket;
  private final Map<String, String> hadoop;

  private S3Settings(String location, String bucket, Map<String, String> hadoop) {
    this.location = location;
    this.bucket = bucket;
    this.hadoop = hadoop;
  }

  /**
   * Settings for the bucket of an {@code s3a://} (or {@code s3://}) location.
   *
   * @param location for example {@code s3a://data-lake/recomendacao/}
   * @param options the options in the table above (and {@code name})
   * @param secrets resolves the key references
   * @return the settings
   * @throws IllegalArgumentException naming the option at fault
   */
  public static S3Settings of(
      String location, Map<String, String> options, SecretProvider secrets) {
    String name = Optional.ofNullable(options.get(SourceSettings.NAME)).orElse(location);
    return from(SourceSettings.of(name, location, options), secrets);
  }

  /**
   * Settings from a source's settings.
   *
   * @param settings the source's location and options
   * @param secrets resolves the key references
   * @return the settings
   */
  public static S3Settings from(SourceSettings settings, SecretProvider secrets) {
    settings.checkKnownKeys(KEYS);
    String scheme = settings.scheme();
    if (!scheme.equals("s3a") && !scheme.equals("s3")) {
      throw settings.invalid("location", "must be s3a://bucket/path");
    }
    String rest = settings.location().substring(scheme.length() + 3);
    String bucket = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    if (!BUCKET.matcher(bucket).matches()) {
      throw settings.invalid("location", "does not start with a valid bucket name (s3a://bucket/)");
    }
    String location = "s3a://" + rest;
    String p = "fs.s3a.bucket." + bucket + ".";
    Map<String, String> conf = new TreeMap<>();

    Optional<Secret> access = settings.secret("accessKey", secrets);
    Optional<Secret> secret = settings.secret("secretKey", secrets);
    Optional<Secret> token = settings.secret("sessionToken", secrets);
    if (access.isPresent() != secret.isPresent()) {
      throw settings.invalid(
          access.isPresent() ? "secretKey" : "accessKey",
          "is missing: give accessKey and secretKey together, or neither to use the default"
              + " credential chain (instance role, environment, profile)");
    }
    if (access.isPresent()) {
      if (settings.optional("credentialsProvider").isPresent()) {
        throw settings.invalid("credentialsProvider", "is given with static keys: choose one");
      }
      conf.put(p + "access.key", access.get().value());
      conf.put(p + "secret.key", secret.get().value());
      if (token.isPresent()) {
        conf.put(p + "session.token", token.get().value());
        conf.put(p + "aws.credentials.provider", TEMPORARY);
      } else {
        conf.put(p + "aws.credentials.provider", SIMPLE);
      }
    } else {
      if (token.isPresent()) {
        throw settings.invalid("sessionToken", "needs accessKey and secretKey");
      }
      conf.put(
          p + "aws.credentials.provider",
          settings.optional("credentialsProvider").orElse(DEFAULT_CHAIN));
    }

    boolean ssl = settings.bool("sslEnabled", true);
    Optional<String> endpoint = settings.optional("endpoint");
    if (endpoint.isPresent()) {
      URI uri;
      try {
        uri = URI.create(endpoint.get());
      } catch (IllegalArgumentException e) {
        throw settings.invalid("endpoint", "is not a URL");
      }
      boolean http = "http".equalsIgnoreCase(uri.getScheme());
      if (http && !isLoopback(uri.getHost())) {
        throw settings.invalid(
            "endpoint",
            "is http:// on a non-loopback host: keys and data would cross the network in clear."
                + " Use https");
      }
      if (http) {
        ssl = false;
      }
      conf.put(p + "endpoint", endpoint.get());
    }
    if (!ssl && (endpoint.isEmpty() || !isLoopback(URI.create(endpoint.get()).getHost()))) {
      throw settings.invalid(
          "sslEnabled", "is false for a remote endpoint: S3 traffic must use TLS");
    }
    conf.put(p + "connection.ssl.enabled", Boolean.toString(ssl));
    conf.put(p + "path.style.access", Boolean.toString(settings.bool("pathStyleAccess", false)));
    settings.optional("region").ifPresent(r -> conf.put(p + "endpoint.region", r));
    return new S3Settings(location, bucket, new Masked(conf));
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  /**
   * The location as {@code s3a://bucket/path}.
   *
   * @return the location for {@code spark.read()}
   */
  public String location() {
    return location;
  }

  /**
   * The bucket.
   *
   * @return the bucket name
   */
  public String bucket() {
    return bucket;
  }

  /**
   * The {@code fs.s3a.bucket.<bucket>.*} entries to set on the Hadoop configuration. Its {@code
   * toString()} masks the keys and token.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> hadoopConfiguration() {
    return hadoop;
  }

  /** Shows the location and the configuration with credentials masked. */
  @Override
  public String toString() {
    return "S3Settings[" + location + ", " + hadoop + "]";
  }

  /** An unmodifiable map whose {@code toString()} masks credential values. */
  private static final class Masked extends AbstractMap<String, String> {
    private final Map<String, String> entries;

    Masked(Map<String, String> entries) {
      this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("{");
      entries.forEach(
          (k, v) -> {
            if (b.length() > 1) {
              b.append(", ");
            }
            boolean secret = SECRET_SUFFIXES.stream().anyMatch(k::endsWith);
            b.append(k).append('=').append(secret ? "***" : v);
          });
      return b.append('}').toString();
    }
  }
}

package io.quarentena.serving;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.quarentena.QuarantineIndex;
import io.quarentena.QuarantinePolicy;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@link QuarantineIndex} snapshots from the Delta table {@code quarentena_global} with Delta
 * Kernel, without Spark: for campaign engines and other Java services. The latest {@code
 * data_carga} of the latest version (the default), a given load date, or the table as of a version.
 *
 * <p>A load lists the table's log once, prunes to the one {@code data_carga} partition, reads only
 * {@code id_cliente, canal, data_envio, saida_prevista} from its Parquet files and streams the
 * column batches straight into the index's primitive arrays (no object per row). Deletion vectors,
 * column mapping and classic and v2 checkpoints are read as Delta defines them.
 *
 * <pre>{@code
 * DeltaSnapshots table = DeltaSnapshots.at("/data/quarentena_global");     // or s3a://, abfss://
 * Quarantine quarantine = Quarantine.builder().build();                      // fail closed
 * quarantine.refresh(() -> table.load(policy));                              // latest data_carga
 * QuarantineIndex may28 = table.loadDate(LocalDate.parse("2024-05-28")).load(policy);
 * QuarantineIndex asOf = table.version(42).load(policy);                     // time travel
 * }</pre>
 *
 * <p>Any failure — no table there, a table feature this Kernel cannot read, a column missing or of
 * another type, no rows for the load date, a damaged file — is an {@link IllegalStateException}
 * naming the table, the version and what is wrong, so {@link io.quarentena.Quarantine#refresh}
 * keeps serving the last good snapshot and reports why. To follow the table as it changes, use
 * {@link TableWatcher}.
 *
 * <p>Immutable and thread-safe; the {@code with…}/{@code loadDate}/{@code version} methods return
 * new loaders sharing the same Kernel engine.
 */
public final class DeltaSnapshots {

  private static final int DEFAULT_READ_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final String location;
  private final String tablePath;
  private final Map<String, String> hadoopSettings;
  private final Engine engine;
  private final @Nullable LocalDate loadDate;
  private final @Nullable Long version;
  private final int readThreads;

  private DeltaSnapshots(
      String location,
      String tablePath,
      Map<String, String> hadoopSettings,
      Engine engine,
      @Nullable LocalDate loadDate,
      @Nullable Long version,
      int readThreads) {
    this.location = location;
    this.tablePath = tablePath;
    this.hadoopSettings = hadoopSettings;
    this.engine = engine;
    this.loadDate = loadDate;
    this.version = version;
    this.readThreads = readThreads;
  }

  /**
   * The quarantine table at a location: a local directory ({@code /data/quarentena_global}, {@code
   * file:/...}), {@code s3a://bucket/path}, {@code abfss://container@account.dfs.core.windows.net/
   * path}, or any other Hadoop file system URI whose file system is on the classpath
   * (docs/serving.md lists what each needs).
   *
   * @param location the table's root directory (the one holding {@code _delta_log})
   * @return a loader for the latest {@code data_carga} of the latest version
   * @throws IllegalArgumentException if the location is blank or holds a password
   */
  public static DeltaSnapshots at(String location) {
    String path = tablePath(location);
    return new DeltaSnapshots(
        location.strip(), path, Map.of(), engine(Map.of()), null, null, DEFAULT_READ_THREADS);
  }

  /**
   * Adds Hadoop settings for the table's file system (for example {@code
   * fs.azure.account.auth.type}); later calls add to earlier ones. Values are never shown in
   * messages or {@link #toString()}.
   *
   * @param settings Hadoop configuration keys and values
   * @return a new loader
   */
  public DeltaSnapshots hadoopConfiguration(Map<String, String> settings) {
    Map<String, String> merged = new TreeMap<>(hadoopSettings);
    settings.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException(
                "Hadoop settings need a key and a value, got key '" + k + "'");
          }
          merged.put(k, v);
        });
    Map<String, String> copy = Collections.unmodifiableMap(merged);
    return new DeltaSnapshots(
        location, tablePath, copy, engine(copy), loadDate, version, readThreads);
  }

  /**
   * Reads an {@code s3a://} table with the same connection settings and secret references as a job
   * source ({@code accessKey}, {@code secretKey}, {@code sessionToken}, {@code endpoint}, {@code
   * region}, {@code pathStyleAccess}, {@code sslEnabled}, {@code credentialsProvider}), applied to
   * the table's bucket only. Without keys, Hadoop's own credential chain is used (environment,
   * instance role). Needs {@code hadoop-aws} on the classpath (docs/serving.md).
   *
   * <pre>{@code
   * DeltaSnapshots table = DeltaSnapshots.at("s3a://lake/quarentena_global").s3(
   *     Map.of("accessKey", "env:S3_ACCESS_KEY", "secretKey", "env:S3_SECRET_KEY",
   *            "region", "sa-east-1"),
   *     SecretProviders.defaults());
   * }</pre>
   *
   * @param connection the connection settings, secrets as references
   * @param secrets resolves the references
   * @return a new loader
   * @throws IllegalArgumentException naming the setting at fault, never a secret
   */
  public DeltaSnapshots s3(Map<String, String> connection, SecretProvider secrets) {
    S3Settings s3 = S3Settings.of(tablePath, connection, secrets);
    Map<String, String> settings = new TreeMap<>(s3.hadoopConfiguration());
    String provider = "fs.s3a.bucket." + s3.bucket() + ".aws.credentials.provider";
    if (S3Settings.DEFAULT_CHAIN.equals(settings.get(provider))) {
      // The AWS SDK v1 chain is what hadoop-aws 3.3 needs; Kernel's Hadoop 3.4 uses SDK v2 and its
      // own default chain (environment, profile, web identity, instance role) when none is named.
      settings.remove(provider);
    }
    return hadoopConfiguration(settings);
  }

  /**
   * Reads the table's data files on up to this many threads (default: the processors, at most
   * four). Reading and decoding Parquet then overlaps with adding rows to the snapshot, which one
   * thread does; {@code 1} reads on the calling thread alone, for a service that must leave its
   * other cores to requests while it refreshes.
   *
   * @param threads one or more
   * @return a new loader
   */
  public DeltaSnapshots readThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "invalid readThreads: '" + threads + "'; expected one thread or more");
    }
    return new DeltaSnapshots(
        location, tablePath, hadoopSettings, engine, loadDate, version, threads);
  }

  /**
   * Loads this {@code data_carga} instead of the latest.
   *
   * @param value the load date
   * @return a new loader
   */
  public DeltaSnapshots loadDate(LocalDate value) {
    if (value == null) {
      throw new IllegalArgumentException("loadDate must not be null");
    }
    return new DeltaSnapshots(
        location, tablePath, hadoopSettings, engine, value, version, readThreads);
  }

  /**
   * Loads the latest {@code data_carga} (the default).
   *
   * @return a new loader
   */
  public DeltaSnapshots latestLoadDate() {
    return new DeltaSnapshots(
        location, tablePath, hadoopSettings, engine, null, version, readThreads);
  }

  /**
   * Reads the table as of a Delta version (time travel), for example to reproduce what a past run
   * answered.
   *
   * @param value the table version, zero or more
   * @return a new loader
   */
  public DeltaSnapshots version(long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "invalid version: '" + value + "'; expected a Delta table version, zero or more");
    }
    return new DeltaSnapshots(
        location, tablePath, hadoopSettings, engine, loadDate, value, readThreads);
  }

  /**
   * Loads the snapshot.
   *
   * @param policy the policy whose scopes and exemptions the snapshot applies
   * @return the snapshot
   * @throws IllegalStateException naming the table, the version, the problem and the fix
   */
  public QuarantineIndex load(QuarantinePolicy policy) {
    return read(policy).index();
  }

  /**
   * The table's latest version: one listing of its log, nothing read.
   *
   * @return the latest committed version
   * @throws IllegalStateException when the table is missing or its log cannot be listed
   */
  public long latestVersion() {
    return table().latestVersion();
  }

  /**
   * The location, as given.
   *
   * @return the location
   */
  public String location() {
    return location;
  }

  /** A load with what it read: the table version, the load date and the files. */
  KernelTable.Read read(QuarantinePolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    return new KernelTable(engine, location, tablePath, readThreads)
        .read(policy, version, loadDate);
  }

  /** The same loader on another engine (tests wrap the default one). */
  DeltaSnapshots withEngine(Engine other) {
    return new DeltaSnapshots(
        location, tablePath, hadoopSettings, other, loadDate, version, readThreads);
  }

  Engine engine() {
    return engine;
  }

  KernelTable table() {
    return new KernelTable(engine, location, tablePath, readThreads);
  }

  @Nullable LocalDate fixedLoadDate() {
    return loadDate;
  }

  @Nullable Long fixedVersion() {
    return version;
  }

  /** Shows the location, the load date and version asked for, and the Hadoop keys (no values). */
  @Override
  public String toString() {
    return "DeltaSnapshots["
        + location
        + (loadDate == null ? ", latest data_carga" : ", data_carga " + loadDate)
        + (version == null ? "" : ", version " + version)
        + (hadoopSettings.isEmpty() ? "" : ", hadoop keys " + hadoopSettings.keySet())
        + "]";
  }

  private static Engine engine(Map<String, String> settings) {
    Configuration conf = new Configuration();
    settings.forEach(conf::set);
    return DefaultEngine.create(conf);
  }

  /** The location as a URI Kernel resolves: a local path becomes {@code file:/abs/path}. */
  static String tablePath(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          "the quarantine table's location must be a path or a URI (s3a://, abfss://, file:),"
              + " got: '"
              + location
              + "'");
    }
    String l = location.strip();
    int scheme = l.indexOf("://");
    if (scheme > 1 && l.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      String authority = l.substring(scheme + 3);
      int slash = authority.indexOf('/');
      String host = slash < 0 ? authority : authority.substring(0, slash);
      if (host.contains("@") && host.substring(0, host.indexOf('@')).contains(":")) {
        // Never repeat the location: it holds a secret.
        throw new IllegalArgumentException(
            "the quarantine table's location has a password in it (scheme://user:password@...);"
                + " give credentials as secret references (s3(...), hadoopConfiguration(...))"
                + " instead");
      }
      return l.endsWith("/") ? l.substring(0, l.length() - 1) : l;
    }
    if (l.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return URI.create(l).toString();
    }
    return Path.of(l).toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");
  }
}

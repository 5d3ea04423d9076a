package io.quarentena.job;

import static io.quarentena.spark.Frames.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.spark.ChildJvm;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.RejectsTable;
import io.quarentena.spark.RunSummary;
import io.quarentena.spark.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job beyond one JVM: the six sources of {@link SixSourcesJobTest} run by the real entry point
 * ({@link QuarantineJob#main}) on a Spark standalone cluster on 127.0.0.1 — a master and a worker,
 * and executors in JVMs of their own, started by the worker as on any standalone cluster — give the
 * same table and the same rejects as the same job in local mode. What only works because driver and
 * executors share a JVM (a static registry, state that is not serializable, a closure that captures
 * the driver's objects) fails here.
 *
 * <p>The driver's disk is another machine's too: the driver runs in its own directory with its own
 * {@code java.io.tmpdir} (where the job's staging directory is by default) and its configuration
 * file there, and the executors see the local file system through {@link RemoteExecutorFileSystem},
 * in which every file of the driver's directory is missing. A file the job leaves on the driver's
 * disk and hands to Spark fails the run, as on a customer's cluster; a probe checks the executors
 * really cannot see it. Marketing's export is fetched over SFTP (an embedded server on 127.0.0.1),
 * so the connector stages it on the driver's disk as in production.
 *
 * <p>The cluster is Spark's {@code local-cluster[1,2,1024]} master in the driver's JVM: a real
 * standalone master and worker talking over RPC, the worker launching each executor with the
 * command a standalone worker builds from its {@code SPARK_HOME}. No Spark distribution is needed:
 * the test makes a {@code SPARK_HOME} with an empty {@code jars/} directory, names the Scala
 * version ({@code SPARK_SCALA_VERSION}), and gives the executors this JVM's classpath ({@code
 * spark.executor.extraClassPath}).
 */
class StandaloneClusterIT {

  static final String SFTP_USER = "quarentena";
  static final String SFTP_PASSWORD = "quarentena.test.sftp-password";

  static SshServer sftp;
  static Path base;
  static Path driverDisk;
  static Path sparkHome;
  static int exitCode;
  static String driverOutput;
  static List<String> whereTasksRan;
  static RunSummary local;
  static QuarantineTable localTable;
  static RejectsTable localRejects;
  static QuarantineTable clusterTable;
  static RejectsTable clusterRejects;

  @BeforeAll
  static void runTheJobLocallyAndOnTheCluster() throws Exception {
    SparkSession spark = SparkTestSession.get();
    base = SparkTestSession.newDir("cluster");
    Path storage = Files.createDirectories(base.resolve("storage"));
    driverDisk = Files.createDirectories(base.resolve("driver-disk"));
    sparkHome = Files.createDirectories(base.resolve("spark-home"));
    Files.createDirectories(sparkHome.resolve("jars"));
    SixSourcesJobTest.writeSources(storage.resolve("sources"));
    // Marketing's export is fetched over SFTP, as in production: the connector stages it on the
    // driver's disk, and Spark must still read it.
    Path sftpRoot = Files.createDirectories(storage.resolve("sftp-root/Export"));
    Files.move(
        storage.resolve("sources/marketing_20240528.csv"),
        sftpRoot.resolve("marketing_20240528.csv"));
    System.setProperty(SFTP_PASSWORD, "cluster-" + System.nanoTime());
    sftp = sftpServer(sftpRoot.getParent(), System.getProperty(SFTP_PASSWORD));

    // The cluster's run: its configuration on the driver's disk, its tables its own, the default
    // staging directory (under the driver's java.io.tmpdir).
    Path clusterConf = SixSourcesJobTest.writeConfig(storage, driverDisk.resolve("job.conf"));
    Files.writeString(
        clusterConf,
        marketingOverSftp()
            + "quarentena.output.table = ${base}\"/cluster/quarentena_global\"\n"
            + "quarentena.rejects.table = ${base}\"/cluster/quarentena_rejeitados\"\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Path report = base.resolve("where-tasks-ran.txt");
    Path log = base.resolve("driver.log");
    Process driver =
        driverProcess(storage, report, "--config", clusterConf.toString(), "--as-of", "2024-05-28")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      // Meanwhile, the same job in local mode, in this JVM.
      Path localConf = SixSourcesJobTest.writeConfig(storage, base.resolve("local.conf"));
      Files.writeString(
          localConf,
          marketingOverSftp() + "quarentena.staging-dir = ${base}\"/local-staging\"\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      local = QuarantineJob.run(spark, "--config", localConf.toString(), "--as-of", "2024-05-28");
      localTable =
          QuarantineTable.of(spark, storage.resolve("tables/quarentena_global").toString());
      localRejects =
          RejectsTable.of(spark, storage.resolve("tables/quarentena_rejeitados").toString());

      assertThat(driver.waitFor(10, TimeUnit.MINUTES)).as("the cluster's driver finished").isTrue();
    } finally {
      driver.destroyForcibly();
    }
    exitCode = driver.exitValue();
    driverOutput = Files.readString(log, StandardCharsets.UTF_8);
    whereTasksRan = Files.exists(report) ? Files.readAllLines(report) : List.of();
    clusterTable =
        QuarantineTable.of(spark, storage.resolve("cluster/quarentena_global").toString());
    clusterRejects =
        RejectsTable.of(spark, storage.resolve("cluster/quarentena_rejeitados").toString());
  }

  @AfterAll
  static void stopTheSftpServer() throws IOException {
    if (sftp != null) {
      sftp.stop(true);
    }
  }

  private static SshServer sftpServer(Path root, String password) throws IOException {
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    server.setKeyPairProvider(keys);
    server.setPasswordAuthenticator((u, p, session) -> SFTP_USER.equals(u) && password.equals(p));
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    server.start();
    return server;
  }

  /** The configuration lines that move the Marketing source to the SFTP server. */
  private static String marketingOverSftp() throws IOException, GeneralSecurityException {
    String fingerprint =
        KeyUtils.getFingerPrint(
            sftp.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
    return "quarentena.sources.marketing.location = \"sftp://127.0.0.1:"
        + sftp.getPort()
        + "/Export/marketing_{yyyyMMdd}.csv\"\n"
        + "quarentena.sources.marketing.connection {\n"
        + "  user = \""
        + SFTP_USER
        + "\"\n"
        + "  password = \"sysprop:"
        + SFTP_PASSWORD
        + "\"\n"
        + "  hostKeyFingerprint = \""
        + fingerprint
        + "\"\n"
        + "}\n";
  }

  /** The driver: its own JVM and directory, a local-cluster master, 127.0.0.1 only. */
  private static ProcessBuilder driverProcess(Path storage, Path report, String... jobArgs)
      throws IOException {
    Path driverTmp = Files.createDirectories(driverDisk.resolve("tmp"));
    Path executorTmp = Files.createDirectories(base.resolve("executor-tmp"));
    Map<String, String> conf = new TreeMap<>();
    // one worker with 2 cores and 1024 MB; one executor of 768 MB on it
    conf.put("spark.master", "local-cluster[1,2,1024]");
    conf.put("spark.executor.memory", "768m");
    conf.put("spark.executor.extraClassPath", ChildJvm.classpath());
    conf.put("spark.executor.extraJavaOptions", "-Djava.io.tmpdir=" + executorTmp);
    conf.put("spark.executorEnv." + RemoteExecutorFileSystem.DRIVER_DISK, driverDisk.toString());
    conf.put("spark.hadoop.fs.file.impl", RemoteExecutorFileSystem.class.getName());
    conf.put("spark.task.maxFailures", "1"); // a failure is a failure, not a retry to hide it
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.sql.shuffle.partitions", "2");
    conf.put("spark.default.parallelism", "2");
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.sql.warehouse.dir", storage.resolve("warehouse").toString());
    conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.put("spark.databricks.delta.snapshotPartitions", "2");
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx1g");
    jvm.add("-Djava.io.tmpdir=" + driverTmp);
    jvm.add("-D" + SFTP_PASSWORD + "=" + System.getProperty(SFTP_PASSWORD));
    conf.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
    List<String> args = new ArrayList<>();
    args.add(report.toString());
    args.addAll(List.of(jobArgs));
    ProcessBuilder pb =
        new ProcessBuilder(ChildJvm.command(jvm, ClusterDriver.class, args.toArray(new String[0])))
            .directory(driverDisk.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", scalaBinaryVersion());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
    env.remove("SPARK_CONF_DIR");
    env.remove("HADOOP_CONF_DIR");
    return pb;
  }

  /** 2.12 or 2.13: the Scala of this build's Spark, for the worker's command builder. */
  private static String scalaBinaryVersion() {
    String full = scala.util.Properties.versionNumberString();
    return full.substring(0, full.lastIndexOf('.'));
  }

  private String diagnostics() {
    StringBuilder out = new StringBuilder("driver output:\n").append(driverOutput);
    try (Stream<Path> files = Files.walk(sparkHome.resolve("work"))) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.append("\n---- ").append(f).append(":\n").append(Files.readString(f));
      }
    } catch (IOException e) {
      out.append("\n(no executor logs: ").append(e).append(')');
    }
    return out.toString();
  }

  @Test
  void theJobSucceedsOnTheCluster() {
    assertThat(exitCode).as(this::diagnostics).isZero();
  }

  @Test
  void itsTasksRanInExecutorJvmsOfTheirOwn() {
    assertThat(whereTasksRan).as(this::diagnostics).isNotEmpty();
    long driverPid =
        Long.parseLong(whereTasksRan.get(0).substring(whereTasksRan.get(0).indexOf(' ') + 1));
    List<Long> taskPids =
        whereTasksRan.stream()
            .filter(l -> l.startsWith("task "))
            .map(l -> Long.parseLong(l.substring(5)))
            .collect(Collectors.toList());
    assertThat(taskPids)
        .isNotEmpty()
        .doesNotContain(driverPid)
        .doesNotContain(ProcessHandle.current().pid());
    assertThat(sparkHome.resolve("work")).as("the worker's directory for executors").isDirectory();
  }

  @Test
  void theTableAndTheRejectsAreTheSameAsInLocalMode() {
    assertThat(exitCode).as(this::diagnostics).isZero();
    assertThat(lines(clusterTable.read())).isEqualTo(lines(localTable.read())).hasSize(6);
    assertThat(lines(clusterRejects.read())).isEqualTo(lines(localRejects.read())).hasSize(9);
  }

  @Test
  void theSummaryIsPrintedOnceAndIsTheSameAsInLocalMode() {
    assertThat(exitCode).as(this::diagnostics).isZero();
    String table = local.toTable();
    assertThat(driverOutput).contains(table);
    assertThat(driverOutput.split("Quarantine run for 2024-05-28", -1)).hasSize(2);
  }

  @Test
  void theExecutorsCannotSeeTheDriversDisk() {
    assertThat(whereTasksRan).as(this::diagnostics).contains("driver disk hidden from executors");
  }
}

package io.quarentena.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of {@link StandaloneClusterIT}, in a JVM of its own: the session comes from the {@code
 * spark.*} system properties the test sets (the master among them), as with spark-submit, then the
 * real entry point, {@link QuarantineJob#main}, runs on it. Afterwards it writes where its tasks
 * ran (the process ids of the driver and of the JVMs that ran tasks) to a file, so the test can
 * tell the executors were JVMs of their own, and exits with 0 only if the job succeeded.
 *
 * <pre>
 * java -Dspark.master=spark://127.0.0.1:7077 ... io.quarentena.spark.ClusterDriver \
 *     where-tasks-ran.txt --config job.conf --as-of 2024-05-28
 * </pre>
 */
final class ClusterDriver {

  private ClusterDriver() {}

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      // The job makes the session from the system properties, as under spark-submit.
      QuarantineJob.main(Arrays.copyOfRange(args, 1, args.length));
      SparkSession spark = SparkSession.active();
      List<String> report = new ArrayList<>();
      report.add("driver " + ProcessHandle.current().pid());
      for (Long pid :
          spark
              .range(0, 4, 1, 4)
              .map((MapFunction<Long, Long>) i -> ProcessHandle.current().pid(), Encoders.LONG())
              .distinct()
              .collectAsList()) {
        report.add("task " + pid);
      }
      report.add(driverDiskProbe(spark));
      Files.write(Paths.get(args[0]), report, StandardCharsets.UTF_8);
      status = 0;
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      if (SparkSession.getDefaultSession().isDefined()) {
        SparkSession.getDefaultSession().get().stop();
      }
    }
    System.exit(status);
  }

  /** Whether a file on the driver's disk is missing for the executors, as on a real cluster. */
  private static String driverDiskProbe(SparkSession spark) throws Exception {
    Path probe =
        Paths.get(
            spark.conf().get("spark.executorEnv." + RemoteExecutorFileSystem.DRIVER_DISK),
            "probe.csv");
    Files.writeString(probe, "a\n1\n", StandardCharsets.UTF_8);
    try {
      spark.read().csv(probe.toString()).collectAsList();
      return "driver disk visible to executors";
    } catch (Exception e) { // Spark's SparkException is checked, and thrown all the same
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (String.valueOf(t.getMessage()).contains("on the driver's disk")) {
          return "driver disk hidden from executors";
        }
      }
      throw e;
    }
  }
}

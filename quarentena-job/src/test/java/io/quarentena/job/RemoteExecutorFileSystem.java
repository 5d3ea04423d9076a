package io.quarentena.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system as an executor on another machine sees it: in a JVM whose environment names
 * the driver's disk ({@value #DRIVER_DISK}, set for the executors only), every path under it does
 * not exist, as on a real cluster where the driver's local files are on another host. In the driver
 * (no such variable) it is Hadoop's {@link LocalFileSystem} unchanged.
 *
 * <p>{@link StandaloneClusterIT} runs the job with {@code spark.hadoop.fs.file.impl} set to this
 * class, so a file the job leaves on the driver's disk (a staging directory under the driver's
 * {@code java.io.tmpdir}, for example) and then hands to Spark fails in the test as it would on a
 * customer's cluster, instead of being found because executor and driver share this machine.
 *
 * <pre>
 * spark.hadoop.fs.file.impl = io.quarentena.spark.RemoteExecutorFileSystem
 * spark.executorEnv.QUARENTENA_TEST_DRIVER_DISK = /tmp/driver-disk
 * </pre>
 */
public final class RemoteExecutorFileSystem extends LocalFileSystem {

  /** The environment variable naming the driver's disk, in the executors' environment. */
  static final String DRIVER_DISK = "QUARENTENA_TEST_DRIVER_DISK";

  private final String driverDisk = System.getenv(DRIVER_DISK);

  /** For Hadoop's {@code FileSystem.get}. */
  public RemoteExecutorFileSystem() {}

  private void onThisMachine(Path path) throws FileNotFoundException {
    if (driverDisk == null) {
      return;
    }
    String file = pathToFile(path).getAbsolutePath();
    if (file.equals(driverDisk) || file.startsWith(driverDisk + "/")) {
      throw new FileNotFoundException(
          "File "
              + path
              + " does not exist: it is on the driver's disk ("
              + driverDisk
              + "), and this executor runs on another machine");
    }
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    onThisMachine(f);
    return super.open(f, bufferSize);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    onThisMachine(f);
    return super.getFileStatus(f);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    onThisMachine(f);
    return super.listStatus(f);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    onThisMachine(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}

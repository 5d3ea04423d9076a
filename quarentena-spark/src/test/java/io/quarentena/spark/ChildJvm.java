package io.quarentena.spark;

import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The command of a child JVM that runs a test main class with this JVM's classpath and the JVM
 * options Spark needs on Java 17 (this JVM's {@code --add-opens} list), for tests that need a
 * process of their own: a writer to kill, a driver with a master of its own.
 *
 * <pre>{@code
 * List<String> command = ChildJvm.command("-Xmx1g", CrashingWriter.class, table.toString());
 * }</pre>
 */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * This JVM's test classpath (surefire's, not its booter jar's).
   *
   * @return the classpath
   */
  public static String classpath() {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    return classpath;
  }

  /**
   * The command that runs a main class in a new JVM.
   *
   * @param jvmOptions options of the child JVM (heap, system properties)
   * @param main the class to run
   * @param args its arguments
   * @return the command, for a {@link ProcessBuilder}
   */
  public static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+Ignore")
          || arg.startsWith("-Dio.netty")
          || arg.startsWith("-Djdk.reflect")) {
        command.add(arg);
      }
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }
}

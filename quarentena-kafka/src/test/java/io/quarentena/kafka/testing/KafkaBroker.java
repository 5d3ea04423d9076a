package io.quarentena.kafka.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * A real Kafka broker for tests: one KRaft node (broker and controller) on 127.0.0.1, in a child
 * JVM of its own. The broker is Scala 2.13; running it apart keeps it off the test's classpath, so
 * tests on Spark's Scala 2.12 can use it too. Its classpath is resolved by Maven into {@code
 * kafka-broker.classpath} beside this class (quarentena-kafka's test-jar). Topics are never created
 * automatically.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start()) {
 *   broker.createTopic("quarentena-envios", 3);
 *   String servers = broker.bootstrapServers();       // 127.0.0.1:<free port>
 *   broker.stop();                                    // killed; its data stays
 *   broker.restart();                                 // the same port and data
 * }
 * }</pre>
 *
 * <p>The child is killed on {@link #close}, on the test JVM's exit, and halts by itself when the
 * test JVM dies (its standard input closes).
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path config;
  private final Path log;
  private final int port;
  private final String classpath;
  private final Thread shutdownHook;
  private @Nullable Process process;

  private KafkaBroker(Path dir, int port, int controllerPort, String classpath) throws IOException {
    this.dir = dir;
    this.port = port;
    this.classpath = classpath;
    this.config = dir.resolve("server.properties");
    this.log = dir.resolve("broker.log");
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    try (var out = Files.newOutputStream(config)) {
      p.store(out, "quarentena-kafka test broker");
    }
    this.shutdownHook = new Thread(this::kill, "kafka-broker-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Formats a new node in a temporary directory and starts it on a free loopback port, waiting
   * until it answers.
   *
   * @return the running broker
   * @throws IllegalStateException if it does not start (the message holds the end of its log)
   */
  public static KafkaBroker start() {
    try {
      Path dir = Files.createTempDirectory("quarentena-kafka-");
      KafkaBroker broker = new KafkaBroker(dir, freePort(), freePort(), brokerClasspath());
      try {
        broker.run(
            Duration.ofSeconds(60),
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            broker.config.toString());
        broker.restart();
        return broker;
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the test Kafka broker", e);
    }
  }

  /**
   * The address clients connect to.
   *
   * @return {@code 127.0.0.1:<port>}
   */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * Creates a topic with one replica.
   *
   * @param name the topic
   * @param partitions its partition count
   */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
    }
  }

  /**
   * Writes a raw record, as any other producer of the topic could (a record of another format).
   *
   * @param topic the topic
   * @param key the key or null
   * @param value the value or null
   */
  public void produceRaw(String topic, byte @Nullable [] key, byte @Nullable [] value) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot write to topic " + topic + ": " + e, e);
    }
  }

  /** Kills the broker (as a crash would); its data stays for {@link #restart}. */
  public synchronized void stop() {
    kill();
  }

  /**
   * Starts the broker again on the same port and data, waiting until it answers.
   *
   * @throws IllegalStateException if it is running or does not start
   */
  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the test Kafka broker is running");
    }
    process = launch("kafka.Kafka", config.toString());
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastFailure = "";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the test Kafka broker exited with " + process.exitValue() + ":\n" + tail());
      }
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        lastFailure = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    kill();
    throw new IllegalStateException(
        "the test Kafka broker did not answer within "
            + READY_TIMEOUT
            + " ("
            + lastFailure
            + "):\n"
            + tail());
  }

  /** Kills the broker and deletes its data. */
  @Override
  public synchronized void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs anyway
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: best effort
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000"));
  }

  private synchronized void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  private void run(Duration timeout, String mainClass, String... args) {
    Process p = launch(mainClass, args);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            mainClass + " did not finish within " + timeout + ":\n" + tail());
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            mainClass + " exited with " + p.exitValue() + ":\n" + tail());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process launch(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.add("-cp");
    command.add(launcherLocation() + java.io.File.pathSeparator + classpath);
    command.add(BrokerLauncher.class.getName());
    command.add(mainClass);
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test Kafka broker's JVM", e);
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String launcherLocation() {
    try {
      return Path.of(
              BrokerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String brokerClasspath() {
    try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "kafka-broker.classpath is not on the classpath: it is written by quarentena-kafka's"
                + " build (generate-test-resources); run the tests through Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

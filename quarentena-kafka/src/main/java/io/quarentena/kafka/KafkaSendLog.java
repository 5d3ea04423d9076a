package io.quarentena.kafka;

import io.quarentena.ContactEvent;
import io.quarentena.LoadDates;
import io.quarentena.SendLog;
import io.quarentena.SendRecordFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SendLog} on an Apache Kafka topic: every instance of a service appends its sends to the
 * topic and reads every partition of it, so each sees every send, its own included.
 *
 * <ul>
 *   <li><b>Append</b> returns at once: it encodes the send ({@link SendRecordFormat}, key = the
 *       customer id, so a customer's sends keep their order) and hands it to a sender thread; an
 *       idempotent producer ({@code acks=all}) writes it, with the clock's instant as the record's
 *       timestamp. Sends the broker has not acknowledged are {@link Status#unsent()}; a send that
 *       fails for a reason that may pass (the broker down, no leader) is retried every second until
 *       it is written or the log is closed. At most {@link Builder#maxUnsent} wait; past that,
 *       append throws rather than grow without bound.
 *   <li><b>Subscribe</b> assigns every partition (no consumer group, no committed offsets: each
 *       instance reads everything), seeks each to the first record written at or after the start of
 *       the day {@code from} in the zone ({@code offsetsForTimes}), and follows from there on a
 *       thread of its own. Only sends dated on or after {@code from} are delivered. A record that
 *       is not a send of a known format is logged with its topic, partition and offset, counted
 *       ({@link #skippedRecords()}), and passed over.
 *   <li><b>Faults</b>: the topic is never created here; a missing topic or an unreachable broker
 *       fails {@link #subscribe} with a message naming both. While following, a broker that stops
 *       answering is reported in {@link Status#lastError()} and the subscription waits for it.
 * </ul>
 *
 * <p>Delivery is at least once (a retried send may be written twice, and a restarted instance
 * replays its day): receivers ignore a repeat by its send id.
 *
 * <pre>{@code
 * try (KafkaSendLog log = KafkaSendLog.builder("broker1:9092,broker2:9092", "quarentena-envios")
 *         .clientId("campaign-engine-1")
 *         .property("security.protocol", "SASL_SSL")
 *         .build();
 *     SendLog.Subscription s = log.subscribe(loadDate, quarantine::apply)) {
 *   log.append(ContactEvent.builder("1234567890", Channel.MARKETING, today)
 *       .sendId("campanha-42/1234567890").build());
 *   SendLog.Status status = log.status();          // unsent, lag, last error
 * }
 * }</pre>
 */
public final class KafkaSendLog implements SendLog {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSendLog.class);

  /** How long a failed send waits before it is sent again. */
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  /** How long one poll of a subscription waits for records. */
  private static final Duration POLL = Duration.ofMillis(200);

  /** How often a subscription asks the broker for the end offsets (the lag, and its health). */
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  /** How often a subscription looks for partitions added to the topic. */
  private static final Duration PARTITIONS_EVERY = Duration.ofSeconds(30);

  /** How long close waits for the producer and each subscription. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  /** Client settings quarentena-kafka sets itself, with the value it needs (null: any value). */
  private static final Map<String, @Nullable String> RESERVED = reserved();

  private final String servers;
  private final String topic;
  private final String clientId;
  private final Map<String, String> properties;
  private final Clock clock;
  private final ZoneId zone;
  private final Duration connectTimeout;
  private final int maxUnsent;
  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService sender;
  private final AtomicLong unsent = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicReference<@Nullable Failure> producerFailure = new AtomicReference<>();
  private final AtomicReference<@Nullable Failure> consumerFailure = new AtomicReference<>();
  private final Set<Follower> followers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private record Failure(Instant at, String message) {}

  private KafkaSendLog(Builder b) {
    this.servers = b.servers;
    this.topic = b.topic;
    this.clientId = b.clientId;
    this.properties = Map.copyOf(b.properties);
    this.clock = b.clock;
    this.zone = b.zone;
    this.connectTimeout = b.connectTimeout;
    this.maxUnsent = b.maxUnsent;
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try {
      this.producer = new KafkaProducer<>(config);
    } catch (KafkaException e) {
      throw new IllegalArgumentException(
          "cannot create the Kafka producer for topic '"
              + topic
              + "' at bootstrap servers '"
              + servers
              + "': "
              + message(e),
          e);
    }
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "quarentena-kafka-sender-" + clientId);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A builder: client id {@code quarentena}, the system UTC clock, contact dates in {@link
   * LoadDates#DEFAULT_ZONE}, 30 s to connect, at most 100,000 unsent sends.
   *
   * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
   * @param topic the topic every instance shares; it must exist (docs/kafka.md, "Topic")
   * @return a builder
   */
  public static Builder builder(String bootstrapServers, String topic) {
    return new Builder(bootstrapServers, topic);
  }

  /**
   * Appends a send for every instance, this one included. Returns at once; the send is written by
   * the sender thread and retried while the broker is unreachable.
   *
   * @param send the send, with its send id
   * @throws IllegalArgumentException if the send has no send id
   * @throws IllegalStateException if the log is closed, or {@link Builder#maxUnsent} sends are
   *     still unsent (the broker has been unreachable too long)
   */
  @Override
  public void append(ContactEvent send) {
    Objects.requireNonNull(send, "send");
    if (send.sendId() == null) {
      throw new IllegalArgumentException(
          "the send of customer "
              + send.customerId()
              + " on channel "
              + send.channel().id()
              + " dated "
              + send.contactDate()
              + " has no send id (id_envio): every instance ignores a repeated send by it, so"
              + " the log takes none without");
    }
    if (closed.get()) {
      throw new IllegalStateException(closedMessage());
    }
    if (unsent.incrementAndGet() > maxUnsent) {
      unsent.decrementAndGet();
      Failure last = producerFailure.get();
      throw new IllegalStateException(
          maxUnsent
              + " sends to Kafka topic '"
              + topic
              + "' at bootstrap servers '"
              + servers
              + "' are still unsent (the bound, maxUnsent): the send "
              + send.sendId()
              + " is not logged"
              + (last == null ? "" : "; last failure: " + last.message()));
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            null,
            clock.millis(),
            send.customerId().getBytes(StandardCharsets.UTF_8),
            SendRecordFormat.encode(send));
    try {
      sender.execute(() -> write(record, send.sendId(), 1));
    } catch (RejectedExecutionException e) {
      unsent.decrementAndGet();
      throw new IllegalStateException(closedMessage(), e);
    }
  }

  private void write(ProducerRecord<byte[], byte[]> record, @Nullable String sendId, int attempt) {
    if (closed.get()) {
      return;
    }
    try {
      producer.send(record, (metadata, e) -> written(record, sendId, attempt, e));
    } catch (KafkaException | IllegalStateException e) {
      written(record, sendId, attempt, e);
    }
  }

  private void written(
      ProducerRecord<byte[], byte[]> record,
      @Nullable String sendId,
      int attempt,
      @Nullable Exception e) {
    if (e == null) {
      unsent.decrementAndGet();
      producerFailure.set(null);
      return;
    }
    if (closed.get()) {
      LOG.debug("Send {} not written to Kafka topic '{}' before close: {}", sendId, topic, e);
      return;
    }
    String what =
        "Kafka topic '"
            + topic
            + "' at bootstrap servers '"
            + servers
            + "' did not take send "
            + sendId
            + " (attempt "
            + attempt
            + "): "
            + message(e);
    producerFailure.set(new Failure(clock.instant(), what));
    if (e instanceof RetriableException) {
      LOG.warn("{}; sending it again in {}", what, RETRY_BACKOFF);
      try {
        sender.schedule(
            () -> write(record, sendId, attempt + 1),
            RETRY_BACKOFF.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        LOG.debug("Send {} not retried: the log is closing", sendId);
      }
    } else {
      unsent.decrementAndGet();
      LOG.error("{}; the send is not logged (it still applies on this instance)", what, e);
    }
  }

  /**
   * Replays the sends dated on or after {@code from} (the records written since the start of that
   * day in the zone), then follows the topic on a thread of its own.
   *
   * @param from the first contact date to replay (the snapshot's load date)
   * @param listener called for each send, from the subscription's thread; it must not block. An
   *     exception it throws is logged and the subscription goes on
   * @return the subscription
   * @throws IllegalStateException if the topic does not exist, the brokers do not answer within the
   *     connect timeout, or the log is closed
   */
  @Override
  public Subscription subscribe(LocalDate from, Consumer<ContactEvent> listener) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException(closedMessage());
    }
    int n = subscriptions.incrementAndGet();
    KafkaConsumer<byte[], byte[]> consumer = newConsumer(n);
    try {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      long start = from.atStartOfDay(zone).toInstant().toEpochMilli();
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(p -> times.put(p, start));
      Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(times, connectTimeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, connectTimeout);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp o = at.get(p);
        consumer.seek(p, o != null ? o.offset() : end.get(p));
      }
      LOG.info(
          "Following Kafka topic '{}' at '{}' ({} partitions) from {} ({} in {})",
          topic,
          servers,
          partitions.size(),
          Instant.ofEpochMilli(start),
          from,
          zone);
    } catch (TimeoutException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw new IllegalStateException(unreachable("subscribing to", e), e);
    } catch (KafkaException | IllegalStateException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      if (e instanceof IllegalStateException && e.getCause() == null) {
        throw e;
      }
      throw new IllegalStateException(
          "cannot subscribe to Kafka topic '"
              + topic
              + "' at bootstrap servers '"
              + servers
              + "': "
              + message(e),
          e);
    }
    Follower follower = new Follower(consumer, from, listener, n);
    followers.add(follower);
    if (closed.get()) {
      follower.close();
      throw new IllegalStateException(closedMessage());
    }
    follower.thread.start();
    return follower;
  }

  private KafkaConsumer<byte[], byte[]> newConsumer(int n) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-subscription-" + n);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try {
      return new KafkaConsumer<>(config);
    } catch (KafkaException e) {
      throw new IllegalArgumentException(
          "cannot create the Kafka consumer for topic '"
              + topic
              + "' at bootstrap servers '"
              + servers
              + "': "
              + message(e),
          e);
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, connectTimeout);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "Kafka topic '"
              + topic
              + "' does not exist at bootstrap servers '"
              + servers
              + "': create it (quarentena-kafka never creates it; docs/kafka.md, \"Topic\") or fix"
              + " the topic name");
    }
    List<TopicPartition> out = new ArrayList<>();
    for (PartitionInfo info : infos) {
      out.add(new TopicPartition(info.topic(), info.partition()));
    }
    return out;
  }

  private String unreachable(String doing, Exception e) {
    return "Kafka bootstrap servers '"
        + servers
        + "' did not answer within "
        + connectTimeout
        + " while "
        + doing
        + " topic '"
        + topic
        + "': check the address, that the brokers run, and the security settings ("
        + message(e)
        + ")";
  }

  /**
   * What the log knows of itself: the sends appended here and not yet acknowledged, the largest lag
   * of its subscriptions (0 without one, -1 while a subscription cannot tell), and the newest
   * failure talking to the brokers that has not been followed by a success since.
   *
   * @return the status
   */
  @Override
  public Status status() {
    long lag = 0;
    for (Follower f : followers) {
      long l = f.lag;
      if (l < 0) {
        lag = -1;
        break;
      }
      lag = Math.max(lag, l);
    }
    Failure p = producerFailure.get();
    Failure c = consumerFailure.get();
    Failure last = p == null ? c : c == null || p.at().isAfter(c.at()) ? p : c;
    return new Status(unsent.get(), lag, last == null ? null : last.message());
  }

  /**
   * The records of the topic that were not sends of a known format and were passed over, across
   * this log's subscriptions.
   *
   * @return the count since the log was built
   */
  public long skippedRecords() {
    return skipped.get();
  }

  /**
   * Stops every subscription and closes the clients, waiting up to 5 s for the producer. Sends not
   * yet acknowledged may be lost (they still applied on this instance). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Follower f : followers) {
      f.close();
    }
    sender.shutdownNow();
    try {
      producer.close(CLOSE_TIMEOUT);
    } catch (KafkaException e) {
      LOG.warn("Closing the Kafka producer of topic '{}' failed: {}", topic, message(e));
    }
    long lost = unsent.get();
    if (lost > 0) {
      LOG.warn(
          "Closed the send log of Kafka topic '{}' with {} sends not acknowledged by the brokers",
          topic,
          lost);
    }
  }

  @Override
  public String toString() {
    return "KafkaSendLog[" + servers + " / " + topic + ", client " + clientId + "]";
  }

  private String closedMessage() {
    return "the send log of Kafka topic '" + topic + "' at '" + servers + "' is closed";
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** One subscription: a consumer of every partition and the thread that polls it. */
  private final class Follower implements Subscription, Runnable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LocalDate from;
    private final Consumer<ContactEvent> listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lag = -1;

    Follower(
        KafkaConsumer<byte[], byte[]> consumer,
        LocalDate from,
        Consumer<ContactEvent> listener,
        int n) {
      this.consumer = consumer;
      this.from = from;
      this.listener = listener;
      this.thread = new Thread(this, "quarentena-kafka-" + clientId + "-" + n);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      long nextCheck = 0;
      long nextPartitions = System.nanoTime() + PARTITIONS_EVERY.toNanos();
      try {
        while (running) {
          try {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> record : records) {
              deliver(record);
            }
            if (!records.isEmpty()) {
              currentLag();
            }
            long now = System.nanoTime();
            if (now - nextPartitions >= 0) {
              newPartitions();
              nextPartitions = now + PARTITIONS_EVERY.toNanos();
            }
            if (now - nextCheck >= 0) {
              check();
              nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
            }
          } catch (WakeupException e) {
            if (running) {
              LOG.debug("Unexpected wake-up of a subscription to '{}'", topic);
            }
          } catch (KafkaException | IllegalStateException e) {
            if (!running) {
              break;
            }
            lag = -1;
            String what =
                "reading Kafka topic '"
                    + topic
                    + "' at bootstrap servers '"
                    + servers
                    + "' failed: "
                    + message(e);
            consumerFailure.set(new Failure(clock.instant(), what));
            LOG.warn("{}; trying again in {}", what, RETRY_BACKOFF, e);
            pause();
          }
        }
      } finally {
        try {
          consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (KafkaException e) {
          LOG.debug("Closing a consumer of '{}': {}", topic, message(e));
        }
      }
    }

    private void deliver(ConsumerRecord<byte[], byte[]> record) {
      ContactEvent send;
      try {
        send = SendRecordFormat.decode(record.value());
      } catch (IllegalArgumentException e) {
        skipped.incrementAndGet();
        LOG.warn(
            "Skipped the record of Kafka topic '{}' partition {} offset {}: {}; later records are"
                + " still read",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
        return;
      }
      if (send.contactDate().isBefore(from)) {
        return;
      }
      try {
        listener.accept(send);
      } catch (RuntimeException e) {
        LOG.error(
            "The listener failed on send {} (Kafka topic '{}' partition {} offset {}); the"
                + " subscription goes on",
            send.sendId(),
            record.topic(),
            record.partition(),
            record.offset(),
            e);
      }
    }

    /** The lag from the last fetches, without asking the broker; unchanged if unknown. */
    private void currentLag() {
      long sum = 0;
      for (TopicPartition p : consumer.assignment()) {
        var l = consumer.currentLag(p);
        if (l.isEmpty()) {
          return;
        }
        sum += l.getAsLong();
      }
      lag = sum;
    }

    /** Asks the broker for the end offsets: the exact lag, and whether the broker answers. */
    private void check() {
      Set<TopicPartition> assigned = consumer.assignment();
      try {
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, CHECK_EVERY.multipliedBy(2));
        long sum = 0;
        for (TopicPartition p : assigned) {
          sum += Math.max(0, end.getOrDefault(p, 0L) - consumer.position(p));
        }
        lag = sum;
        consumerFailure.set(null);
      } catch (TimeoutException e) {
        lag = -1;
        String what = unreachable("following", e) + "; the subscription keeps trying";
        if (consumerFailure.get() == null) {
          LOG.warn(what);
        }
        consumerFailure.set(new Failure(clock.instant(), what));
      }
    }

    private void newPartitions() {
      try {
        List<TopicPartition> now = partitions(consumer);
        Set<TopicPartition> assigned = consumer.assignment();
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition p : now) {
          if (!assigned.contains(p)) {
            added.add(p);
          }
        }
        if (!added.isEmpty()) {
          List<TopicPartition> all = new ArrayList<>(assigned);
          all.addAll(added);
          consumer.assign(all);
          consumer.seekToBeginning(added); // a new partition holds only new records
          LOG.info("Kafka topic '{}' has new partitions {}: following them too", topic, added);
        }
      } catch (TimeoutException | IllegalStateException e) {
        LOG.debug("Could not list the partitions of '{}': {}", topic, message(e));
      }
    }

    private void pause() {
      try {
        Thread.sleep(RETRY_BACKOFF.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }

    @Override
    public void close() {
      running = false;
      followers.remove(this);
      consumer.wakeup();
      if (Thread.currentThread() != thread && thread.isAlive()) {
        try {
          thread.join(CLOSE_TIMEOUT.toMillis() * 2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static Map<String, @Nullable String> reserved() {
    Map<String, @Nullable String> m = new LinkedHashMap<>();
    m.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, null);
    m.put(ProducerConfig.CLIENT_ID_CONFIG, null);
    m.put(ProducerConfig.ACKS_CONFIG, "all");
    m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, null);
    m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, null);
    m.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, null);
    m.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, null);
    m.put(ConsumerConfig.GROUP_ID_CONFIG, null);
    m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, null);
    m.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return m;
  }

  /** Builds a {@link KafkaSendLog}. */
  public static final class Builder {
    private final String servers;
    private final String topic;
    private String clientId = "quarentena";
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = LoadDates.DEFAULT_ZONE;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private int maxUnsent = 100_000;

    private Builder(String servers, String topic) {
      Objects.requireNonNull(servers, "bootstrapServers");
      Objects.requireNonNull(topic, "topic");
      if (servers.isBlank()) {
        throw new IllegalArgumentException(
            "bootstrapServers is blank: give host:port of one or more brokers, comma-separated");
      }
      if (!TOPIC.matcher(topic).matches()) {
        throw new IllegalArgumentException(
            "Kafka topic '"
                + topic
                + "' is not a valid topic name: 1 to 249 letters, digits, '.', '_' or '-'");
      }
      this.servers = servers.strip();
      this.topic = topic;
    }

    /**
     * Names this instance's clients to the brokers ({@code <id>-producer}, {@code
     * <id>-subscription-<n>}), for quotas and the brokers' logs.
     *
     * @param value the client id
     * @return this builder
     */
    public Builder clientId(String value) {
      Objects.requireNonNull(value, "clientId");
      if (value.isBlank()) {
        throw new IllegalArgumentException("clientId is blank");
      }
      this.clientId = value;
      return this;
    }

    /**
     * Sets a setting of the Kafka clients, for both the producer and the consumers: security
     * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), timeouts ({@code
     * delivery.timeout.ms}, {@code max.block.ms}, {@code request.timeout.ms}), compression. The
     * settings the log depends on are its own: {@code acks} must be {@code all}, {@code
     * enable.idempotence} {@code true}, and the servers, client id, serializers, group and offset
     * settings cannot be set here.
     *
     * @param key the Kafka client setting
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the key is one the log sets itself, with another value
     */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value of " + key);
      if (RESERVED.containsKey(key)) {
        String needed = RESERVED.get(key);
        if (needed == null || !needed.equalsIgnoreCase(value.strip())) {
          throw new IllegalArgumentException(
              "Kafka setting '"
                  + key
                  + "' cannot be set"
                  + (needed == null
                      ? ": the send log sets it itself (docs/kafka.md, \"Settings\")"
                      : " to '" + value + "': the send log needs " + key + "=" + needed));
        }
      }
      properties.put(key, value);
      return this;
    }

    /**
     * Sets several settings, as {@link #property} each.
     *
     * @param values settings of the Kafka clients
     * @return this builder
     */
    public Builder properties(Map<String, String> values) {
      values.forEach(this::property);
      return this;
    }

    /**
     * Sets the clock whose instant stamps each appended send's record (the time replay seeks by).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the zone of contact dates: a replay from a day starts at the start of that day here.
     *
     * @param value the zone
     * @return this builder
     */
    public Builder zone(ZoneId value) {
      this.zone = Objects.requireNonNull(value, "zone");
      return this;
    }

    /**
     * Sets how long {@link KafkaSendLog#subscribe} waits for the brokers before it fails.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      Objects.requireNonNull(value, "connectTimeout");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive, not " + value);
      }
      this.connectTimeout = value;
      return this;
    }

    /**
     * Sets how many sends may wait unacknowledged (kept in memory and retried) before {@link
     * KafkaSendLog#append} throws.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxUnsent(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxUnsent must be at least 1, not " + value);
      }
      this.maxUnsent = value;
      return this;
    }

    /**
     * Builds the log and its producer; nothing is sent to the brokers until the first append or
     * subscription.
     *
     * @return the log
     * @throws IllegalArgumentException if the Kafka clients refuse the settings (for example a
     *     bootstrap server that does not resolve)
     */
    public KafkaSendLog build() {
      return new KafkaSendLog(this);
    }
  }
}

package io.quarentena.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak of the JVM's used heap during a run, sampled every 100 ms by a daemon thread (in {@code
 * local[N]} the driver and the executors share the heap). Used heap includes garbage not yet
 * collected, so the peak is an upper bound on what the run needed.
 *
 * <pre>{@code
 * try (HeapSampler heap = HeapSampler.start()) {
 *   job.run();
 *   long peak = heap.peakBytes();
 * }
 * }</pre>
 */
final class HeapSampler implements AutoCloseable {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private HeapSampler() {
    sample();
    thread = new Thread(this::loop, "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts sampling.
   *
   * @return the sampler; close it to stop
   */
  static HeapSampler start() {
    return new HeapSampler();
  }

  /**
   * The highest used heap seen so far, including a sample taken now.
   *
   * @return bytes
   */
  long peakBytes() {
    sample();
    return peak.get();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

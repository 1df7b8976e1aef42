package io.lightwire.bench.echo;

import java.util.SplittableRandom;

/**
 * The latency samples of one generator thread in one measure window: the count of every echo, and a
 * fixed reservoir of their round trips (uniform sampling beyond its capacity, so a long window
 * costs no memory). Not thread-safe; read after the thread ended.
 */
final class Latencies {

  /** Round trips kept per thread and round. */
  static final int CAPACITY = 16_384;

  private final long[] samples = new long[CAPACITY];
  private final SplittableRandom random;
  private boolean recording;
  private long count;

  Latencies(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Starts or stops counting (only echoes inside the measure window count). */
  void recording(boolean on) {
    recording = on;
  }

  /** Counts one echo of {@code nanos} round trip, when recording. */
  void add(long nanos) {
    if (!recording) {
      return;
    }
    long seen = count++;
    if (seen < CAPACITY) {
      samples[(int) seen] = nanos;
    } else {
      long slot = random.nextLong(seen + 1);
      if (slot < CAPACITY) {
        samples[(int) slot] = nanos;
      }
    }
  }

  /** Echoes counted while recording. */
  long count() {
    return count;
  }

  /** Samples kept. */
  int kept() {
    return (int) Math.min(count, CAPACITY);
  }

  /** Copies the kept samples into {@code dst[offset]}. */
  void copyTo(long[] dst, int offset) {
    System.arraycopy(samples, 0, dst, offset, kept());
  }
}

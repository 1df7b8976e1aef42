package io.lightwire.firmware.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes to all pages, per stream: how many, how many pages queued them, how many pages were
 * skipped because their transmit queue was full. At most {@value #MAX_STREAMS} streams are counted
 * by name (a counter is made the first time a name is written, never after); the rest share {@value
 * #OTHER}. Counted on the service thread only; read from any thread.
 */
final class WriteAllCounts {

  /** Streams counted by name. */
  static final int MAX_STREAMS = 256;

  /** The name the streams beyond {@value #MAX_STREAMS} are counted under. */
  static final String OTHER = "(other streams)";

  /** One stream's counters; one writer (the service thread), so plain volatile increments. */
  private static final class Counter {
    volatile long writes;
    volatile long pages;
    volatile long skipped;
  }

  private final Map<String, Counter> byStream = new ConcurrentHashMap<>();

  /**
   * Service thread: one write of {@code stream} reached {@code pages} and skipped {@code skipped}.
   */
  void count(String stream, int pages, int skipped) {
    Counter c = byStream.get(stream);
    if (c == null) {
      String key = byStream.size() < MAX_STREAMS ? stream : OTHER;
      c = byStream.computeIfAbsent(key, k -> new Counter());
    }
    c.writes++;
    c.pages += pages;
    c.skipped += skipped;
  }

  /** Pages skipped by writes of {@code stream} to all pages. */
  long skipped(String stream) {
    Counter c = byStream.get(stream);
    return c == null ? 0 : c.skipped;
  }

  /** Every counted stream, sorted by name. */
  List<Streams.WriteAllCount> snapshot() {
    List<Streams.WriteAllCount> out = new ArrayList<>();
    byStream.forEach(
        (name, c) -> out.add(new Streams.WriteAllCount(name, c.writes, c.pages, c.skipped)));
    out.sort((a, b) -> a.stream().compareTo(b.stream()));
    return out;
  }
}

package io.lightwire.websock.internal.server;

import io.lightwire.websock.server.LogBudget;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Protocol violations by peer address, and their log at a bounded rate (issue 19, item 14): a peer
 * sending garbage must not fill a board's journal. Each violation is counted (in total and for the
 * peer's address, in a table of the {@link #PEERS} addresses with the most); at most {@link
 * #LINES_PER_WINDOW} are logged per {@link #WINDOW_MILLIS} window, and the ones left out are summed
 * up in one line when the next window starts (or when the server stops).
 *
 * <p>{@link #record} runs on the service thread, on the error path only (it allocates the log line
 * when one is written); {@link #byPeer} and {@link #total} may be called from any thread.
 */
final class ProtocolErrors {

  /** Addresses whose counts are kept. */
  static final int PEERS = io.lightwire.websock.server.Server.PROTOCOL_ERROR_PEERS;

  /** Violations logged one by one per window. */
  static final int LINES_PER_WINDOW = 10;

  /** The logging window. */
  static final long WINDOW_MILLIS = 60_000;

  private final System.Logger log;
  private final long windowNanos;
  private final LogBudget budget;
  private final InetAddress[] peers = new InetAddress[PEERS];
  private final long[] counts = new long[PEERS];
  private volatile long total;

  ProtocolErrors(System.Logger log) {
    this(log, TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS));
  }

  ProtocolErrors(System.Logger log, long windowNanos) {
    this.log = log;
    this.windowNanos = windowNanos;
    this.budget =
        new LogBudget(
            LINES_PER_WINDOW,
            windowNanos,
            unlogged ->
                log.log(
                    System.Logger.Level.WARNING,
                    "{0} more protocol errors not logged one by one; by address: {1}",
                    Long.toString(unlogged),
                    byPeer()));
  }

  /** Counts a violation by {@code peer} (null when unknown) and logs it if the window allows. */
  void record(InetAddress peer, int closeCode, String rule, long now) {
    long fromPeer;
    synchronized (this) {
      total++;
      fromPeer = count(peer);
    }
    int left = budget.take(now);
    if (left > 0) {
      log.log(
          System.Logger.Level.WARNING,
          "protocol error from {0} ({1} so far), closed with {2}: {3}{4}",
          peer == null ? "?" : peer.getHostAddress(),
          Long.toString(fromPeer),
          Integer.toString(closeCode),
          rule,
          left == 1
              ? " (more in the next "
                  + TimeUnit.NANOSECONDS.toSeconds(windowNanos)
                  + " s are summed up)"
              : "");
    }
  }

  /** Logs the violations the window left out, if any, and starts counting lines afresh. */
  void summarize() {
    budget.flush();
  }

  private long count(InetAddress peer) {
    if (peer == null) {
      return 0;
    }
    int free = -1;
    int least = 0;
    for (int i = 0; i < PEERS; i++) {
      if (peer.equals(peers[i])) {
        return ++counts[i];
      }
      if (peers[i] == null) {
        free = free < 0 ? i : free;
      } else if (counts[i] < counts[least]) {
        least = i;
      }
    }
    // A new address takes a free entry, else the one with the fewest (a busy peer stays listed).
    int at = free >= 0 ? free : least;
    peers[at] = peer;
    counts[at] = 1;
    return 1;
  }

  /** All violations since the server started. */
  long total() {
    return total;
  }

  /** Violations by peer address, most first (at most {@link #PEERS} addresses). */
  synchronized Map<InetAddress, Long> byPeer() {
    List<Integer> used = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      if (peers[i] != null) {
        used.add(i);
      }
    }
    // A plain lambda: Comparator.comparingLong's are serializable, which the AOT cache cannot hold.
    used.sort((a, b) -> Long.compare(counts[b], counts[a]));
    Map<InetAddress, Long> result = new LinkedHashMap<>();
    for (int i : used) {
      result.put(peers[i], counts[i]);
    }
    return result;
  }
}

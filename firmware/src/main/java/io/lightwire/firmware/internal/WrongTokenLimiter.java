package io.lightwire.firmware.internal;

import java.net.InetAddress;

/**
 * Slows down guessing the access token: each peer address has a bucket of {@value #BURST} wrong
 * attempts that refills one every {@value #REFILL_MILLIS} ms. While a peer's bucket is empty its
 * attempts are refused without being checked (and counted), right token or not. A fixed table of
 * {@value #PEERS} peers; a new peer takes the slot of the one seen longest ago, so memory stays
 * fixed whatever the number of addresses. Service thread only.
 */
final class WrongTokenLimiter {

  /** Wrong attempts a peer may make in a row. */
  static final int BURST = 5;

  /** One more attempt per this many milliseconds after the burst: 6 a minute. */
  static final long REFILL_MILLIS = 10_000;

  /** Peers remembered at once. */
  static final int PEERS = 64;

  private final InetAddress[] peers = new InetAddress[PEERS];
  private final double[] tokens = new double[PEERS];
  private final long[] seenNanos = new long[PEERS];
  private long wrongAttempts;
  private long limitedAttempts;

  /** True when {@code peer} may try a token now; false (counted) when it must wait. */
  boolean mayTry(InetAddress peer, long nowNanos) {
    int i = slot(peer, nowNanos);
    refill(i, nowNanos);
    if (tokens[i] < 1) {
      limitedAttempts++;
      return false;
    }
    return true;
  }

  /** Records a wrong token from {@code peer}. */
  void wrong(InetAddress peer, long nowNanos) {
    wrongAttempts++;
    int i = slot(peer, nowNanos);
    refill(i, nowNanos);
    tokens[i] = Math.max(0, tokens[i] - 1);
  }

  /** Wrong tokens presented since boot. */
  long wrongAttempts() {
    return wrongAttempts;
  }

  /** Attempts refused unchecked because the peer had to wait. */
  long limitedAttempts() {
    return limitedAttempts;
  }

  private void refill(int i, long nowNanos) {
    double elapsedMillis = (nowNanos - seenNanos[i]) / 1e6;
    tokens[i] = Math.min(BURST, tokens[i] + elapsedMillis / REFILL_MILLIS);
    seenNanos[i] = nowNanos;
  }

  private int slot(InetAddress peer, long nowNanos) {
    int oldest = 0;
    for (int i = 0; i < PEERS; i++) {
      if (peers[i] == null) {
        peers[i] = peer;
        tokens[i] = BURST;
        seenNanos[i] = nowNanos;
        return i;
      }
      if (peers[i].equals(peer)) {
        return i;
      }
      if (seenNanos[i] - seenNanos[oldest] < 0) {
        oldest = i;
      }
    }
    peers[oldest] = peer;
    tokens[oldest] = BURST;
    seenNanos[oldest] = nowNanos;
    return oldest;
  }
}

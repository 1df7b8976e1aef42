package io.lightwire.websock.internal.client;

import java.util.IdentityHashMap;

/**
 * Which caller-supplied buffers an open connection uses (by identity): a config's buffers serve one
 * connection at a time, and the claim lives here, not in the immutable config. A claim is let go by
 * the connection once no thread is inside its buffers any more ({@code ClientConnection}).
 *
 * <p>Thread-safe. No allocation after the table's first growth (open addressing).
 */
public final class BufferClaims {

  private static final IdentityHashMap<byte[], Boolean> CLAIMED = new IdentityHashMap<>();

  private BufferClaims() {}

  /**
   * Claims {@code rx} and {@code tx} (either may be null: allocated per connection, not claimed).
   *
   * @throws IllegalStateException when another open connection uses one of them
   */
  public static void claim(byte[] rx, byte[] tx) {
    synchronized (CLAIMED) {
      if ((rx != null && CLAIMED.containsKey(rx)) || (tx != null && CLAIMED.containsKey(tx))) {
        throw new IllegalStateException(
            "the config's receive/send buffers are used by another open connection");
      }
      if (rx != null) {
        CLAIMED.put(rx, Boolean.TRUE);
      }
      if (tx != null) {
        CLAIMED.put(tx, Boolean.TRUE);
      }
    }
  }

  /** Lets go of what {@link #claim} took. */
  public static void release(byte[] rx, byte[] tx) {
    synchronized (CLAIMED) {
      if (rx != null) {
        CLAIMED.remove(rx);
      }
      if (tx != null) {
        CLAIMED.remove(tx);
      }
    }
  }
}

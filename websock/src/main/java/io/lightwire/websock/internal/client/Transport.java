package io.lightwire.websock.internal.client;

import java.io.IOException;

/**
 * The byte stream under a client connection: a plain or TLS socket, blocking, with read timeouts.
 */
interface Transport {

  /** {@link #read} result: the peer closed the stream. */
  int EOF = -1;

  /** {@link #read} result: nothing arrived within the timeout. */
  int TIMEOUT = io.lightwire.websock.protocol.Result.TIMEOUT;

  /**
   * Reads at least one byte, blocking at most {@code timeoutMillis} (negative: no limit; 0: a poll
   * of at most about a millisecond).
   *
   * @return the number of bytes read (> 0), {@link #EOF} or {@link #TIMEOUT}
   */
  int read(byte[] dst, int offset, int length, long timeoutMillis) throws IOException;

  /** Writes all bytes, blocking until the stream took them. */
  void write(byte[] src, int offset, int length) throws IOException;

  /** Closes the underlying socket; idempotent. */
  void close();
}

package io.lightwire.websock.client;

import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;

/**
 * Seed 004's {@code websock_recv} contract over a {@link WebSocketClient}, for code ported from C
 * line by line:
 *
 * <pre>{@code
 * SeedReceiver h = new SeedReceiver(client);
 * int rc;
 * while ((rc = h.recv(hdr, buf, buf.length, 1000)) >= 0) {
 *   if (hdr.opcode() < 0) continue;      // not complete yet: keep calling
 *   handle(hdr, buf, rc);                // rc bytes of a text/binary/continuation frame
 * }
 * // rc == ERROR: the connection is over; client.status() and lastError() say why
 * }</pre>
 *
 * <p>The differences from {@link WebSocketClient#recv}: a timeout is not a negative result but 0
 * bytes with {@code opcode() < 0} ("not complete yet", as the seed's {@code websock_msg_hdr_t}
 * says); the peer's close and unsolicited pongs are handled internally like pings (a close ends the
 * connection, reported as {@link #ERROR} with {@link #lastError()} null and the code in {@link
 * WebSocketClient#status()}; a pong is reported as not complete yet); errors are {@link #ERROR}
 * with the exception kept in {@link #lastError()} instead of thrown. Caller mistakes (a bad range)
 * still throw {@link IllegalArgumentException}.
 *
 * <p>Allocation-free like {@code recv}. One thread at a time, as for {@code recv}.
 */
public final class SeedReceiver {

  /** {@link #recv} result: the connection is closed or failed; stop calling. */
  public static final int ERROR = -1;

  private final WebSocketClient client;
  private volatile IOException lastError;

  /** A receiver for {@code client}; keep one per client and reuse it. */
  public SeedReceiver(WebSocketClient client) {
    this.client = client;
  }

  /**
   * {@code websock_recv(handle, msg_hdr, buf, len, timeout)}: {@link #recv(MessageHeader, byte[],
   * int, int, long)} at offset 0.
   */
  public int recv(MessageHeader header, byte[] buffer, int length, long timeoutMillis) {
    return recv(header, buffer, 0, length, timeoutMillis);
  }

  /**
   * Receives the next payload bytes of a data frame into {@code buffer[offset, offset + length)}.
   *
   * @param timeoutMillis how long to wait, in milliseconds; 0 polls, negative waits without limit
   * @return bytes received (>= 0; with {@code header.opcode() < 0} nothing is complete yet, call
   *     again), or {@link #ERROR} when the connection is closed or failed
   */
  public int recv(MessageHeader header, byte[] buffer, int offset, int length, long timeoutMillis) {
    int n;
    try {
      n = client.recv(header, buffer, offset, length, timeoutMillis);
    } catch (IOException e) {
      lastError = e;
      header.clear();
      return ERROR;
    }
    if (n == WebSocketClient.CLOSED || header.opcode() == WebSocketProtocol.OPCODE_CLOSE) {
      header.clear();
      return ERROR;
    }
    if (n == WebSocketClient.TIMEOUT || header.opcode() == WebSocketProtocol.OPCODE_PONG) {
      header.clear(); // opcode -1: "the header is not fully received yet, keep calling"
      return 0;
    }
    return n;
  }

  /**
   * The I/O or protocol error that made {@link #recv} return {@link #ERROR} ({@link
   * io.lightwire.websock.protocol.WebSocketProtocolException} with its close code, {@link
   * java.io.EOFException} for a connection lost without a close, or another {@link IOException}),
   * or null when none happened (the connection closed normally or is still open).
   */
  public IOException lastError() {
    return lastError;
  }
}

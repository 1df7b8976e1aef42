package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.WebSocketProtocol;
import java.nio.ByteBuffer;

/**
 * Finds the peer's answer to our close after a protocol violation, when the frame parser can no
 * longer be trusted with the framing. A client that reads our close answers with a masked close
 * frame and sends nothing after it (RFC 6455 5.5.1), so the answer is a masked close frame ending
 * exactly where the received bytes end: {@code 0x88}, {@code 0x80 | n} (n at most 125), a 4-byte
 * key and n payload bytes. Matching garbage at worst ends an already failed connection a little
 * early.
 *
 * <p>Unit of work: one call per read while the connection lingers; it keeps the last {@link
 * #LONGEST} bytes at the front of the buffer, so an answer split across reads is found. Service
 * thread only; nothing is allocated.
 */
final class CloseAnswer {

  /** The longest masked close frame a client can send: 2 + 4 + 125 bytes. */
  static final int LONGEST =
      2 + WebSocketProtocol.MASK_KEY_LENGTH + WebSocketProtocol.MAX_CONTROL_PAYLOAD;

  private static final int FIN_CLOSE =
      WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_CLOSE;

  private CloseAnswer() {}

  /** Looks at everything in {@code rx[0, position)}; see {@link #arrivedAfter}. */
  static boolean arrived(ByteBuffer rx) {
    return arrivedAfter(rx, 0, rx.position());
  }

  /**
   * True when {@code rx[from, end)} (buffer indices) ends with a complete masked close frame.
   * Either way the last {@link #LONGEST} bytes of the range are moved to the buffer's start and its
   * position set after them; the rest is discarded.
   */
  static boolean arrivedAfter(ByteBuffer rx, int from, int end) {
    boolean found = false;
    for (int n = 0; n <= WebSocketProtocol.MAX_CONTROL_PAYLOAD && !found; n++) {
      int start = end - (2 + WebSocketProtocol.MASK_KEY_LENGTH + n);
      if (start < from) {
        break;
      }
      found =
          (rx.get(start) & 0xFF) == FIN_CLOSE
              && (rx.get(start + 1) & 0xFF) == (WebSocketProtocol.B1_FLAG_MASK | n);
    }
    int keep = Math.min(LONGEST, end - from);
    rx.limit(end).position(end - keep);
    rx.compact();
    return found;
  }
}

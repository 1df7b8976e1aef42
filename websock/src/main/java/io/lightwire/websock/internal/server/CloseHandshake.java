package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.WebSocketConnection;
import java.nio.charset.StandardCharsets;

/**
 * The server side of one connection's close handshake (RFC 6455 5.5.1, 7.1): whether our close was
 * sent and the peer's received, the code and reason to report, and the encoding of our close frame.
 * The session moves its state; this class keeps the facts the state is decided from.
 *
 * <p>Service thread only; the reason string is allocated only when a close carries one.
 */
final class CloseHandshake {

  private final FrameSender sender;
  private final byte[] payload = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];

  /** Our close frame is queued. */
  boolean sent;

  /** The peer's close frame arrived (valid, or the invalid one that failed the connection). */
  boolean received;

  private int code;
  private String reason = "";

  CloseHandshake(FrameSender sender) {
    this.sender = sender;
  }

  void reset() {
    sent = false;
    received = false;
    code = 0;
    reason = "";
  }

  /**
   * The peer's valid close with {@code length} payload bytes at {@code peer[0]}: answered with the
   * same code unless it answers ours (then the code we sent is the one reported).
   */
  void peerClosed(byte[] peer, int length) {
    received = true;
    if (sent) {
      return;
    }
    int peerCode = length >= 2 ? CloseCodes.code(peer, 0, length) : CloseCodes.NO_STATUS;
    code = peerCode;
    reason = length > 2 ? new String(peer, 2, length - 2, StandardCharsets.UTF_8) : "";
    // Echo the peer's code (1005 means it sent none: answer with an empty close).
    queue(peerCode == CloseCodes.NO_STATUS ? 0 : peerCode, null);
  }

  /** We start the handshake with {@code closeCode} and {@code why} (null: none). */
  void start(int closeCode, String why) {
    queue(closeCode, why);
    reason = why == null ? "" : why;
  }

  /**
   * We failed the connection for {@code rule} with {@code closeCode}; {@code peerClose}: the
   * violating frame was the peer's close (it then waits for ours, then for the TCP close).
   */
  void failed(int closeCode, String rule, boolean peerClose) {
    received |= peerClose;
    if (!sent) {
      queue(closeCode, rule);
      reason = rule;
    }
  }

  /**
   * The close code to report when the slot is freed: the code of a completed close handshake (the
   * peer's when it closed first, ours when it answered ours), the code we failed the connection
   * with after a violation ({@code failed}), else {@link WebSocketConnection#DROPPED} (our close
   * was never answered: the peer vanished, or the close timed out).
   */
  int reportedCode(boolean failed) {
    if (failed) {
      return code;
    }
    return received && code != 0 ? code : WebSocketConnection.DROPPED;
  }

  /** The close reason to report with {@link #reportedCode}: empty when dropped. */
  String reportedReason(boolean failed) {
    return reportedCode(failed) == WebSocketConnection.DROPPED ? "" : reason;
  }

  /** Queues a close frame with {@code closeCode} (0: no code) and a reason cut to 123 bytes. */
  private void queue(int closeCode, String why) {
    sent = true;
    if (closeCode == 0) {
      code = code == 0 ? CloseCodes.NO_STATUS : code;
      sender.queueControl(WebSocketProtocol.OPCODE_CLOSE, payload, 0);
      return;
    }
    code = closeCode;
    payload[0] = (byte) (closeCode >>> 8);
    payload[1] = (byte) closeCode;
    int length = 2;
    if (why != null) {
      length += Utf8Cut.encode(why, payload, 2, WebSocketProtocol.MAX_CLOSE_REASON);
    }
    sender.queueControl(WebSocketProtocol.OPCODE_CLOSE, payload, length);
  }
}

package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.Utf8Encoding;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.WebSocketConnection;
import java.nio.charset.StandardCharsets;

/**
 * The server side of one connection's close handshake (RFC 6455 5.5.1, 7.1): the shared state
 * machine ({@link io.lightwire.websock.protocol.CloseHandshake}, the same as the client's) says
 * whether our close was sent and the peer's received; this class adds the code and reason to report
 * and queues our close frame. The session moves its state; this class keeps the facts the state is
 * decided from.
 *
 * <p>Service thread only; the reason string is allocated only when a close carries one.
 */
final class CloseHandshake {

  private final FrameSender sender;
  private final byte[] payload = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];

  private final io.lightwire.websock.protocol.CloseHandshake state =
      new io.lightwire.websock.protocol.CloseHandshake();

  private int code;
  private String reason = "";

  CloseHandshake(FrameSender sender) {
    this.sender = sender;
  }

  /** Our close frame is queued. */
  boolean sent() {
    return !state.outputOpen();
  }

  /** The peer's close frame arrived (valid, or the invalid one that failed the connection). */
  boolean received() {
    return !state.inputOpen();
  }

  void reset() {
    state.reset();
    code = 0;
    reason = "";
  }

  /**
   * The peer's valid close with {@code length} payload bytes at {@code peer[0]}: answered with the
   * same code unless it answers ours (then the code we sent is the one reported).
   */
  void peerClosed(byte[] peer, int length) {
    state.onCloseReceived();
    if (sent()) {
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
    if (peerClose && state.inputOpen()) {
      state.onCloseReceived();
    }
    if (!sent()) {
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
    return received() && code != 0 ? code : WebSocketConnection.DROPPED;
  }

  /** The close reason to report with {@link #reportedCode}: empty when dropped. */
  String reportedReason(boolean failed) {
    return reportedCode(failed) == WebSocketConnection.DROPPED ? "" : reason;
  }

  /**
   * Queues a close frame with {@code closeCode} (0: no code) and a reason: the caller's was checked
   * to fit 123 bytes by the handle ({@link io.lightwire.websock.protocol.Utf8Encoding}); a rule's
   * message (a failure) is cut at a character boundary.
   */
  private void queue(int closeCode, String why) {
    state.onCloseSent();
    if (closeCode == 0) {
      code = code == 0 ? CloseCodes.NO_STATUS : code;
      sender.queueClose(CloseCodes.NO_STATUS, payload, 0);
      return;
    }
    code = closeCode;
    int length =
        why == null
            ? 0
            : Utf8Encoding.truncated(why, payload, 0, WebSocketProtocol.MAX_CLOSE_REASON);
    sender.queueClose(closeCode, payload, length);
  }
}

package io.lightwire.websock.server;

import java.nio.ByteBuffer;

/**
 * A protocol's callbacks (libwebsockets' protocol callback, Barracuda's {@code WSSCB}). All run on
 * the service thread, one at a time, and must not block. Buffers handed in are valid only during
 * the call; copy what must outlive it. Every method has an empty default.
 */
public interface WebSocketHandler {

  /** The connection is established: the {@code 101} response is on its way. */
  default void onOpen(WebSocketConnection connection) {}

  /**
   * As {@link #onOpen(WebSocketConnection)}, with the upgrade request (path, query, headers such as
   * {@code Cookie}), valid only during this call. The server calls this one; by default it calls
   * {@link #onOpen(WebSocketConnection)}, so a handler overrides whichever it needs.
   */
  default void onOpen(WebSocketConnection connection, HttpRequest request) {
    onOpen(connection);
  }

  /**
   * A complete message arrived (all fragments joined, at most the server's message limit).
   *
   * @param text true for a text message (already validated as UTF-8), false for binary
   * @param payload the message, from position to limit; read-only, and valid during this call only
   *     (it is a view of the connection's receive or message buffer, which the next read reuses):
   *     send it, or copy what must be kept
   */
  default void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {}

  /**
   * True to receive raw pieces through {@link #onFragment} instead of whole messages through {@link
   * #onMessage} (libwebsockets' partial delivery with {@code remaining_packet_payload}).
   */
  default boolean wantsFragments() {
    return false;
  }

  /**
   * A piece of a data frame's payload, unmasked and (for text) validated so far.
   *
   * @param opcode the message's opcode ({@code 1} text, {@code 2} binary)
   * @param frameFin true when this frame is the message's last
   * @param payload the bytes of this piece; read-only
   * @param remainingInFrame payload bytes of this frame still to come (0 at the frame's end)
   */
  default void onFragment(
      WebSocketConnection connection,
      int opcode,
      boolean frameFin,
      ByteBuffer payload,
      long remainingInFrame) {}

  /** A ping arrived; the pong has been queued already (Barracuda's automatic pong). */
  default void onPing(WebSocketConnection connection, ByteBuffer payload) {}

  /** A pong arrived. */
  default void onPong(WebSocketConnection connection, ByteBuffer payload) {}

  /**
   * The connection is gone; its slot is free after this returns, and {@code connection} is inert
   * from then on (see {@link WebSocketConnection}).
   *
   * @param code the close code of a completed close handshake (the peer's when it closed first,
   *     ours when the peer answered ours); the code the server failed the connection with after a
   *     protocol violation (1002, 1003, 1007, 1009); or {@link WebSocketConnection#DROPPED}
   *     (negative) when the connection ended without a completed handshake, including a close of
   *     ours the peer never answered (it vanished, or the close timed out)
   * @param reason the close reason (for a violation: the rule broken), empty when there was none
   *     and when dropped
   */
  default void onClose(WebSocketConnection connection, int code, String reason) {}

  /** The connection asked for with {@link WebSocketConnection#requestWritable()} can take more. */
  default void onWritable(WebSocketConnection connection) {}
}

package io.lightwire.websock.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An established WebSocket connection as its handler sees it. Every method must be called on the
 * service thread (from a callback, or a task given to {@link Server#execute}); other threads use
 * {@link Server#broadcast}.
 *
 * <p>Sends return a result code in the style of Aeron's {@code offer}: a non-negative number of
 * payload bytes accepted, or one of the negative constants here. A send never blocks and never
 * drops silently: what it accepted is sent, in order.
 */
public interface WebSocketConnection {

  /** Bytes to keep free before a payload so that its frame header is written in place. */
  int HEADROOM = 10;

  /** The transmit queue is full: nothing was queued; retry after {@link #requestWritable()}. */
  int BACK_PRESSURED = -1;

  /** The connection is closing or closed: nothing was queued. */
  int CLOSED = -2;

  /** The payload is larger than the server's frame limit: nothing was queued. */
  int TOO_BIG = -3;

  /** {@link WebSocketHandler#onClose} code of a connection that dropped without a close frame. */
  int DROPPED = -1006;

  /** The protocol serving this connection. */
  Protocol protocol();

  /** The peer's address. */
  InetSocketAddress remoteAddress();

  /** The per-connection state its protocol's factory made for this slot. */
  <T> T state();

  /** True while open and not closing ({@code WSS::isValid}). */
  boolean isOpen();

  /**
   * Sends {@code payload} (position to limit) as one complete text or binary message. When the
   * buffer has {@link #HEADROOM} bytes before its position the header is written there; either way
   * the payload is written straight from the buffer when the socket can take it, and only what the
   * socket cannot take yet is copied into the connection's transmit buffer. The buffer is free for
   * reuse when this returns.
   *
   * @param text true for a text message (the payload must be UTF-8), false for binary
   * @return payload bytes accepted, or {@link #BACK_PRESSURED}, {@link #CLOSED}, {@link #TOO_BIG}
   */
  int send(boolean text, ByteBuffer payload);

  /**
   * Sends one fragment of a message: the first with {@code first}, the last with {@code fin}
   * (libwebsockets' {@code LWS_WRITE_CONTINUATION} / {@code LWS_WRITE_NO_FIN}). Each fragment is at
   * most the frame limit, so messages of any size go out as fragments.
   *
   * @return as {@link #send}
   */
  int sendFragment(boolean text, boolean first, boolean fin, ByteBuffer payload);

  /**
   * Sends a text message encoded from {@code text} straight into the transmit buffer (no string or
   * byte array is made).
   *
   * @return UTF-8 bytes accepted, or {@link #BACK_PRESSURED}, {@link #CLOSED}, {@link #TOO_BIG}
   */
  int sendText(CharSequence text);

  /** Sends a ping with up to 125 bytes of payload. Returns as {@link #send}. */
  int ping(ByteBuffer payload);

  /**
   * Starts the closing handshake with {@code code} and {@code reason} (at most 123 UTF-8 bytes);
   * the connection closes when the peer answers or the close timeout passes. Idempotent.
   *
   * @throws IllegalArgumentException when {@code code} may not be sent (RFC 6455 7.4)
   */
  void close(int code, String reason);

  /** Asks for one {@link WebSocketHandler#onWritable} call once the transmit queue is empty. */
  void requestWritable();

  /** Stops reading from this connection (rx flow control) until {@link #resumeReceive()}. */
  void pauseReceive();

  /** Reads again after {@link #pauseReceive()}. */
  void resumeReceive();

  /** Broadcast messages dropped for this connection by {@link QueuePolicy#KEEP_NEWEST}. */
  long messagesDropped();

  /** Broadcast messages not queued for this connection under {@link QueuePolicy#REFUSE}. */
  long messagesRefused();
}

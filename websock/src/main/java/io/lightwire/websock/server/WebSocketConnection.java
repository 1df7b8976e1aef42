package io.lightwire.websock.server;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.Result;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An established WebSocket connection as its handler sees it: a handle made for this one connection
 * (slot and generation, {@link #id()}) and passed to each of its callbacks. Every method must be
 * called on the service thread (from a callback, or a task given to {@link Server#execute}); other
 * threads use {@link Server#broadcast}.
 *
 * <p>A handle outlives its connection harmlessly: once {@link WebSocketHandler#onClose} returned,
 * it is inert (sends return {@link #CLOSED}, {@link #isOpen()} false, {@link #state()} null, the
 * other calls do nothing) and never reaches the next client of the same slot. So an application may
 * keep handles in member lists without racing the slot's reuse.
 *
 * <p>Sends return a result code in the style of Aeron's {@code offer}: a non-negative number of
 * payload bytes accepted, or one of the negative constants here. A send never blocks and never
 * drops silently: what it accepted is sent, in order.
 */
public interface WebSocketConnection {

  /**
   * Bytes to keep free before a payload given to {@link #sendWithHeadroom} so that its frame header
   * is written in place (libwebsockets' {@code LWS_SEND_BUFFER_PRE_PADDING}).
   */
  int HEADROOM = 10;

  /**
   * The transmit queue is full: nothing was queued; retry after {@link #requestWritable()}. {@link
   * Result#BACK_PRESSURED}, like every result here one value of the project's one vocabulary.
   */
  int BACK_PRESSURED = Result.BACK_PRESSURED;

  /** The connection is closing or closed: nothing was queued ({@link Result#CLOSED}). */
  int CLOSED = Result.CLOSED;

  /**
   * The payload is larger than the server's frame limit, or a ping's over 125 bytes: nothing was
   * queued ({@link Result#TOO_BIG}).
   */
  int TOO_BIG = Result.TOO_BIG;

  /**
   * {@link WebSocketHandler#onClose} code of a connection that ended without a completed close
   * handshake (no close frame from the peer): 1006, {@link CloseCodes#ABNORMAL}, the status the
   * client reports for a dropped connection too (a peer can never send 1006 itself).
   */
  int DROPPED = CloseCodes.ABNORMAL;

  /**
   * This connection's id, unique for the server's life: the slot index in the low 32 bits and the
   * slot's generation (how many connections the slot has served) in the high 32 bits.
   */
  long id();

  /** The protocol serving this connection. */
  Protocol protocol();

  /** The peer's address. */
  InetSocketAddress remoteAddress();

  /**
   * The per-connection state its protocol's factory made for this slot (reused by the slot's next
   * connection); null once this connection ended.
   */
  <T> T state();

  /** True while open and not closing ({@code WSS::isValid}). */
  boolean isOpen();

  /**
   * Sends {@code payload} (position to limit) as one complete text or binary message. Only the
   * payload is read: the buffer may be read-only (such as the one {@link
   * WebSocketHandler#onFragment} hands in) and bytes outside position..limit are never touched. The
   * header and the payload go out in one gathering write, straight from the buffer when the socket
   * can take them; only what the socket cannot take yet is copied into the connection's transmit
   * buffer. The buffer is free for reuse when this returns.
   *
   * @param text true for a text message (the payload must be UTF-8), false for binary
   * @return payload bytes accepted, or {@link #BACK_PRESSURED}, {@link #CLOSED}, {@link #TOO_BIG}
   */
  int send(boolean text, ByteBuffer payload);

  /**
   * As {@link #send}, for a caller that reserved {@link #HEADROOM} bytes before the payload's
   * position for the frame header (libwebsockets' pre-padding): when the buffer is writable and has
   * the header's 2 to 4 bytes free there, the header is written into them and header and payload go
   * out as one contiguous write; the bytes before the header are never touched. A read-only buffer,
   * or one without the room, is sent as {@link #send} does.
   *
   * @return as {@link #send}
   */
  int sendWithHeadroom(boolean text, ByteBuffer payload);

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
   * @throws IllegalArgumentException when {@code text} has an unpaired surrogate (never replaced;
   *     the client refuses it the same, {@link io.lightwire.websock.protocol.Utf8Encoding})
   */
  int sendText(CharSequence text);

  /** Sends a ping with up to 125 bytes of payload. Returns as {@link #send}. */
  int ping(ByteBuffer payload);

  /**
   * Starts the closing handshake with {@code code} and {@code reason} (at most 123 UTF-8 bytes);
   * the connection closes when the peer answers or the close timeout passes. Idempotent.
   *
   * @throws IllegalArgumentException when {@code code} may not be sent (RFC 6455 7.4), or the
   *     reason is over 123 UTF-8 bytes (refused, not cut: the client does the same)
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

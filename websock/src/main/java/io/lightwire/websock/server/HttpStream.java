package io.lightwire.websock.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A response body written over time (libwebsockets' incremental HTTP writes, {@code
 * LWS_CALLBACK_HTTP_WRITEABLE}): {@link HttpResponse#stream} hands one out, the server sends the
 * head at once ({@code 200}, the handler's content type and headers, {@code Connection: close}, no
 * {@code Content-Length}), and the body is whatever is written afterwards. The body ends when
 * {@link #end} was called and everything queued is out, or when the client leaves: the server then
 * closes the connection (a close-delimited body, RFC 9112 section 6.3), so any HTTP/1.0 or 1.1
 * client reads it.
 *
 * <p>A stream holds its connection slot like any other connection: it counts against {@code
 * maxConnections}, and it is closed when nothing could be written to the client for the idle
 * timeout. Bytes the client sends on a streaming connection are read and discarded.
 *
 * <p>Two ways to write, both allocation-free: {@link #write} copies into the connection's transmit
 * buffer and is never dropped once accepted; {@link Server#publish} copies a part once into a
 * shared buffer that every stream of a handler queues by reference, keeping the newest {@link
 * HttpStreamHandler#queueDepth()} parts per stream (a slow reader skips to the newest part).
 *
 * <p>One handle per stream: once the stream ended ({@link HttpStreamHandler#onClose} returned) it
 * is inert and can never reach the slot's next client. Service thread only, like {@link
 * WebSocketConnection}; {@link #isOpen()} may be read anywhere.
 */
public interface HttpStream {

  /** Nothing was queued: the transmit buffer has no room; retry after {@link #requestWritable}. */
  int BACK_PRESSURED = WebSocketConnection.BACK_PRESSURED;

  /** Nothing was queued: the stream ended or is ending. */
  int CLOSED = WebSocketConnection.CLOSED;

  /**
   * Queues {@code bytes} (position to limit, consumed when accepted) behind what is queued already,
   * copied into the connection's transmit buffer.
   *
   * @return the number of bytes queued (all of them), {@link #BACK_PRESSURED} or {@link #CLOSED}
   */
  int write(ByteBuffer bytes);

  /** Asks for one {@link HttpStreamHandler#onWritable} call once everything queued is out. */
  void requestWritable();

  /** Ends the body: the connection closes once everything queued is written. Idempotent. */
  void end();

  /** True while the stream lasts and has not been ended. */
  boolean isOpen();

  /** The connection slot (0 to {@code maxConnections - 1}): an index into per-viewer state. */
  int slot();

  /** The peer's address. */
  InetSocketAddress remoteAddress();

  /** Parts from {@link Server#publish} queued for this stream, dropped ones included. */
  long partsQueued();

  /** Published parts dropped for this stream because it was slow (it skipped to the newest). */
  long partsDropped();
}

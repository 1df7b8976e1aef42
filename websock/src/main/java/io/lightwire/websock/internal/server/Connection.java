package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.Deferral;
import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.internal.http.HttpRequestParser;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection slot: created once at server start with its parser, exchange and WebSocket
 * session, bound to a socket and pooled buffers while a client is connected, and unbound when it
 * leaves. Owned by the service thread.
 */
final class Connection {

  final int index;
  final HttpRequestParser parser;
  final HttpExchange exchange;

  /** Gathering-write pair: transmit buffer, then a body written straight from its own buffer. */
  final ByteBuffer[] gather = new ByteBuffer[2];

  /** Null when the server has no WebSocket protocols. */
  WebSocketSession ws;

  /** The slot's streamed HTTP response ({@code HttpResponse.stream}); idle between streams. */
  HttpStreamSession stream;

  /** Null when the server has no TLS. */
  TlsChannel tls;

  SocketChannel channel;

  /** Where bytes are read from and written to: the socket, or the TLS layer over it. */
  ReadableByteChannel in;

  GatheringByteChannel out;

  /** {@link #out}'s counting front, made once; bound to the socket or the TLS layer. */
  final CountedOutput countedOut;

  SelectionKey key;
  InetSocketAddress remote;
  ByteBuffer rx;
  ByteBuffer tx;

  /** True once the connection was upgraded to WebSocket. */
  boolean webSocket;

  /** HTTP: body still to send after {@link #tx} drains; null when none. */
  ByteBuffer pendingBody;

  /**
   * The loop is dispatching what one read brought: sends join one batch that is written when the
   * dispatch ends (see {@link FrameSender}).
   */
  boolean coalescing;

  /** Close once everything queued is written. */
  boolean closeAfterFlush;

  /** Deadline (the server clock, see {@link Deadlines}) of the handshake, idle or close timeout. */
  long deadlineNanos;

  /** Queued for an {@code onWritable} call. */
  boolean writablePending;

  /** The deferred response the connection waits for, or null; later requests wait behind it. */
  Deferral awaiting;

  /** The deferred request's keep-alive and HEAD flags, taken before its bytes were dropped. */
  boolean awaitingKeepAlive;

  boolean awaitingHead;

  /** Since when (the server clock) the connection waits for a request head; see Admission. */
  long headSinceNanos;

  /** A prepared upgrade's message buffer (until the 101 is queued), else null. */
  ByteBuffer upgradeMessage;

  /** A prepared upgrade's protocol index, else -1. */
  int upgradeProtocol = -1;

  Connection(int index, int maxHeadBytes, Runnable deferralWake, Counters counters) {
    this.index = index;
    this.countedOut = new CountedOutput(counters);
    this.parser = new HttpRequestParser(maxHeadBytes);
    this.exchange = new HttpExchange(parser, deferralWake);
  }

  boolean isBound() {
    return channel != null;
  }

  /** True while bytes wait to be written. */
  boolean hasPendingOutput() {
    if (webSocket) {
      return ws.sender.hasPendingOutput() || (tls != null && tls.hasPendingOutput());
    }
    return tx.position() > 0
        || (pendingBody != null && pendingBody.hasRemaining())
        || (stream != null && stream.hasPendingOutput())
        || (tls != null && tls.hasPendingOutput());
  }

  /** Binds the slot to an accepted {@code socket} at {@code nowNanos} (the server clock). */
  void bind(
      SocketChannel socket,
      SelectionKey selectionKey,
      ByteBuffer rxBuffer,
      ByteBuffer txBuffer,
      long nowNanos) {
    channel = socket;
    in = socket;
    countedOut.target(socket);
    out = countedOut;
    key = selectionKey;
    rx = rxBuffer;
    tx = txBuffer;
    parser.reset();
    pendingBody = null;
    closeAfterFlush = false;
    webSocket = false;
    writablePending = false;
    awaiting = null;
    headSinceNanos = nowNanos;
  }

  void unbind() {
    channel = null;
    in = null;
    countedOut.target(null);
    out = null;
    key = null;
    remote = null;
    rx = null;
    tx = null;
    pendingBody = null;
    webSocket = false;
    awaiting = null;
    exchange.end();
  }
}

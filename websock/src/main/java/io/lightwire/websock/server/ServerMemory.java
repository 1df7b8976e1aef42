package io.lightwire.websock.server;

import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.internal.http.HttpRequestParser;
import io.lightwire.websock.internal.server.HttpStreamSession;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.protocol.WebSocketProtocol;
import javax.net.ssl.SSLSession;

/**
 * The static memory a server runs in. The firmware allocates these pools in its memory plan and
 * hands them over; a library user can let {@link #allocate(ServerConfig, ServerTls)} size them from
 * the config.
 *
 * @param rxBuffers receive buffers, one per slot; heap buffers (frames are parsed and unmasked in
 *     place through the backing array)
 * @param txBuffers transmit buffers, one per slot
 * @param messageBuffers WebSocket message assembly buffers, one per WebSocket slot; heap buffers
 * @param broadcastBuffers encoded broadcast messages in flight, shared by every receiver
 * @param tlsBuffers {@value #TLS_BUFFERS_PER_SLOT} per slot (encrypted in, encrypted out, decrypted
 *     in) of {@link #tlsBufferBytes(ServerTls)} each; null for a server without TLS
 */
public record ServerMemory(
    BufferPool rxBuffers,
    BufferPool txBuffers,
    BufferPool messageBuffers,
    BufferPool broadcastBuffers,
    BufferPool tlsBuffers) {

  /** Pool names, as the memory plan, {@code /status} and {@code /metrics} show them. */
  public static final String RX_BUFFERS = "rx buffers";

  public static final String TX_BUFFERS = "tx buffers";
  public static final String MESSAGE_BUFFERS = "message buffers";
  public static final String BROADCAST_BUFFERS = "broadcast buffers";
  public static final String TLS_BUFFERS = "tls buffers";
  public static final String CONNECTION_SLOTS = "connection slots";

  /** TLS buffers per slot: encrypted input, encrypted output, decrypted input. */
  public static final int TLS_BUFFERS_PER_SLOT = 3;

  /**
   * Heap bytes of a slot's objects besides its arrays: the connection, HTTP parser and exchange,
   * deferral, WebSocket session with its receiver, sender, close handshake and transmit queue, the
   * streamed-body session with its queue, their buffer views and the direct buffers' bookkeeping
   * (measured on JDK 25 with compressed oops; {@code ServerMemoryTest} keeps the whole figure
   * within 15% of a measurement).
   */
  static final int SLOT_OBJECT_BYTES = 1_200;

  /** Allocates exactly what {@code config} asks for, with TLS buffers when {@code tls} is set. */
  public static ServerMemory allocate(ServerConfig config, ServerTls tls) {
    int slots = config.maxConnections();
    return new ServerMemory(
        new BufferPool(RX_BUFFERS, slots, config.rxBufferBytes(), false),
        new BufferPool(TX_BUFFERS, slots, config.txBufferBytes()),
        new BufferPool(MESSAGE_BUFFERS, slots, config.maxMessageBytes(), false),
        new BufferPool(BROADCAST_BUFFERS, config.broadcastBuffers(), config.broadcastBufferBytes()),
        tls == null
            ? null
            : new BufferPool(TLS_BUFFERS, TLS_BUFFERS_PER_SLOT * slots, tlsBufferBytes(tls)));
  }

  /** Bytes of one TLS buffer: the larger of {@code tls}'s record and application buffer sizes. */
  public static int tlsBufferBytes(ServerTls tls) {
    SSLSession session = tls.context().createSSLEngine().getSession();
    return Math.max(session.getPacketBufferSize(), session.getApplicationBufferSize());
  }

  /**
   * Bytes each connection slot keeps besides its pooled buffers, allocated once at server start:
   * the objects above, the request parser's header offsets, the response and deferral header
   * tables, and, with WebSocket protocols, the control frame buffers (heap and direct) and the
   * transmit queue for {@code queueDepth} messages. Per-connection state an application's {@link
   * Protocol#stateFactory()} makes is the application's and not counted.
   */
  public static int slotBytes(int queueDepth) {
    int parser = 4 * intArray(HttpRequestParser.MAX_HEADERS);
    int headerTables = 4 * refArray(HttpExchange.MAX_RESPONSE_HEADERS);
    int control = WebSocketProtocol.MAX_CONTROL_PAYLOAD;
    int controlBuffers = 2 * byteArray(control) + 2 * (2 + control) + 14;
    // Two transmit queues: the WebSocket session's and the streamed HTTP body's.
    int queues = queueBytes(queueDepth) + queueBytes(HttpStreamSession.QUEUE_CAPACITY);
    return SLOT_OBJECT_BYTES + parser + headerTables + controlBuffers + queues;
  }

  /** A transmit queue's arrays: its entries, their byte counts and the gathering-write views. */
  private static int queueBytes(int capacity) {
    return refArray(capacity) + intArray(capacity) + refArray(capacity + 1);
  }

  private static int intArray(int n) {
    return align(16 + 4 * n);
  }

  private static int refArray(int n) {
    return align(16 + 4 * n);
  }

  private static int byteArray(int n) {
    return align(16 + n);
  }

  private static int align(int bytes) {
    return (bytes + 7) & ~7;
  }

  /**
   * Checks that these pools can serve {@code config} (and TLS when {@code tls} is set).
   *
   * @throws IllegalArgumentException naming the pool and the shortfall
   */
  void checkFits(ServerConfig config, ServerTls tls) {
    heap(rxBuffers);
    heap(messageBuffers);
    fits(rxBuffers, config.maxConnections(), config.rxBufferBytes());
    fits(txBuffers, config.maxConnections(), config.txBufferBytes());
    fits(messageBuffers, 0, config.maxMessageBytes());
    fits(broadcastBuffers, 0, 0);
    if (tls != null) {
      if (tlsBuffers == null) {
        throw new IllegalArgumentException("a TLS server needs the '" + TLS_BUFFERS + "' pool");
      }
      fits(tlsBuffers, TLS_BUFFERS_PER_SLOT * config.maxConnections(), tlsBufferBytes(tls));
    }
  }

  private static void heap(BufferPool pool) {
    if (pool.direct()) {
      throw new IllegalArgumentException(
          "pool '" + pool.name() + "' must hold heap buffers: frames are parsed in place");
    }
  }

  private static void fits(BufferPool pool, int count, int bytes) {
    if (pool.capacity() < count || (pool.capacity() > 0 && pool.itemBytes() < bytes)) {
      throw new IllegalArgumentException(
          "pool '"
              + pool.name()
              + "' holds "
              + pool.capacity()
              + " x "
              + pool.itemBytes()
              + " bytes; the server needs "
              + count
              + " x "
              + bytes);
    }
  }
}

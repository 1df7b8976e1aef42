package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.server.HttpStream;
import io.lightwire.websock.server.HttpStreamHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * One connection slot's streamed HTTP response ({@link HttpStream}): made once with the slot and
 * reused by every stream the slot serves. Its transmit queue holds, in order, runs copied into the
 * slot's transmit buffer (the head, {@link HttpStream#write}) and references to shared published
 * parts ({@link SharedMessage}), of which it keeps the newest {@link
 * HttpStreamHandler#queueDepth()}.
 *
 * <p>Unit of work: {@link #flush} writes as much as the socket takes, then runs a requested {@code
 * onWritable} once everything is out. Service thread only; nothing is allocated per write or per
 * part (one small handle per stream).
 */
public final class HttpStreamSession {

  /** Queue entries: every published part a stream may hold plus copied writes between them. */
  public static final int QUEUE_CAPACITY = 2 * HttpStreamHandler.MAX_QUEUE_DEPTH;

  private static final System.Logger LOG = System.getLogger("io.lightwire.websock.server");

  /** Streams have no control frames: an empty buffer in its place. */
  private static final ByteBuffer NO_CONTROL = ByteBuffer.allocate(0);

  /** What the session needs from the loop that owns its connection. */
  interface Hooks {
    /** Sets the interest the connection needs now (output queued, or a stream to end). */
    void updateInterest(Connection c);

    /** Counts a callback that threw. */
    void handlerFailed(String what, RuntimeException e);
  }

  private final Connection connection;
  private final Hooks hooks;
  private final TransmitQueue queue = new TransmitQueue(QUEUE_CAPACITY);
  private final CountingChannel out = new CountingChannel();

  private HttpStreamHandler handler;
  private Handle handle;
  private boolean ending;
  private boolean writableRequested;
  private long queued;
  private long dropped;

  HttpStreamSession(Connection connection, Hooks hooks) {
    this.connection = connection;
    this.hooks = hooks;
  }

  /** The exchange's {@link HttpExchange.Streamer}: a handle for the stream about to start. */
  HttpStream prepare(HttpStreamHandler streamHandler) {
    int depth = streamHandler.queueDepth();
    if (depth < 1 || depth > HttpStreamHandler.MAX_QUEUE_DEPTH) {
      throw new IllegalArgumentException(
          "queueDepth " + depth + " is not in [1, " + HttpStreamHandler.MAX_QUEUE_DEPTH + "]");
    }
    handle = new Handle(connection.remote); // once per stream, never per part
    return handle;
  }

  /**
   * Starts the stream the handler asked for: writes the head into the empty transmit buffer and
   * runs {@code onOpen}. A {@code HEAD} request gets the head alone and the stream ends with it.
   *
   * @return false when the head did not fit in the transmit buffer (the caller answers 500)
   */
  boolean begin(HttpExchange exchange, boolean headRequest) {
    handler = exchange.streamHandler();
    ByteBuffer tx = connection.tx;
    try {
      exchange.writeStreamHead(tx);
    } catch (BufferOverflowException e) {
      tx.clear();
      handler = null;
      handle.ended = true;
      return false;
    }
    queue.addCopied(tx.position(), QUEUE_CAPACITY);
    ending = headRequest;
    writableRequested = false;
    queued = 0;
    dropped = 0;
    exchange.end();
    try {
      handler.onOpen(handle);
    } catch (RuntimeException e) {
      hooks.handlerFailed("stream onOpen", e);
      ending = true;
    }
    return true;
  }

  /** True while the slot serves a stream. */
  boolean isActive() {
    return handler != null;
  }

  /** True once the stream was ended: close when everything is out. */
  boolean isEnding() {
    return ending;
  }

  boolean hasPendingOutput() {
    return !queue.isEmpty();
  }

  /** True when the loop should watch for writability: output queued, an end or a callback due. */
  boolean wantsWrite() {
    return !queue.isEmpty() || ending || writableRequested;
  }

  /** True when this slot's stream belongs to {@code target} and takes the part now published. */
  boolean wants(HttpStreamHandler target) {
    if (handler != target || ending) {
      return false;
    }
    try {
      return target.accept(handle);
    } catch (RuntimeException e) {
      hooks.handlerFailed("stream accept", e);
      return false;
    }
  }

  /** Queues a published part, dropping the oldest unstarted one when the stream is full. */
  void offer(SharedMessage part) {
    queued++;
    int depth = handler.queueDepth();
    if (queue.addShared(part, depth)) {
      return;
    }
    dropped++;
    if (queue.dropOldestUnstartedShared()) {
      queue.addShared(part, depth);
    }
  }

  /**
   * Writes what is queued; when all is out and {@code onWritable} was asked for, runs it.
   *
   * @return true when nothing is left to write
   */
  boolean flush() throws IOException {
    if (!queue.write(out, connection.tx, NO_CONTROL)) {
      return false;
    }
    if (writableRequested && !ending) {
      writableRequested = false;
      try {
        handler.onWritable(handle);
      } catch (RuntimeException e) {
        hooks.handlerFailed("stream onWritable", e);
        ending = true;
      }
      return queue.isEmpty() || queue.write(out, connection.tx, NO_CONTROL);
    }
    return true;
  }

  /** True when bytes reached the socket since the last call: the idle deadline moves. */
  boolean takeProgress() {
    boolean moved = out.written > 0;
    out.written = 0;
    return moved;
  }

  /** The connection's channel, counting what it takes (no allocation; one per slot). */
  private final class CountingChannel implements GatheringByteChannel {
    long written;

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = connection.out.write(src);
      written += n;
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long n = connection.out.write(srcs, offset, length);
      written += n;
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public boolean isOpen() {
      return connection.out != null && connection.out.isOpen();
    }

    @Override
    public void close() {
      // The loop owns the socket.
    }
  }

  /** The connection is closing: releases every queued part and tells the handler. */
  void close() {
    if (handler == null) {
      return;
    }
    queue.clear();
    HttpStreamHandler h = handler;
    handle.droppedAtEnd = dropped;
    handle.queuedAtEnd = queued;
    try {
      h.onClose(handle);
    } catch (RuntimeException e) {
      hooks.handlerFailed("stream onClose", e);
    }
    handle.ended = true; // inert before the slot can serve anyone else
    handler = null;
    handle = null;
    ending = false;
  }

  /** What a handler holds for one stream; inert once the stream ended. */
  private final class Handle implements HttpStream {

    private final InetSocketAddress remote;
    private volatile boolean ended;
    private long queuedAtEnd;
    private long droppedAtEnd;

    Handle(InetSocketAddress remote) {
      this.remote = remote;
    }

    private boolean live() {
      return !ended && handle == this && handler != null;
    }

    @Override
    public int write(ByteBuffer bytes) {
      if (!live() || ending) {
        return CLOSED;
      }
      int n = bytes.remaining();
      ByteBuffer tx = connection.tx;
      if (n > tx.remaining() || !queue.addCopied(n, QUEUE_CAPACITY)) {
        return BACK_PRESSURED;
      }
      tx.put(bytes);
      hooks.updateInterest(connection);
      return n;
    }

    @Override
    public void requestWritable() {
      if (live()) {
        writableRequested = true;
        hooks.updateInterest(connection);
      }
    }

    @Override
    public void end() {
      if (live() && !ending) {
        ending = true;
        hooks.updateInterest(connection);
      }
    }

    @Override
    public boolean isOpen() {
      return !ended && !(handle == this && ending);
    }

    @Override
    public int slot() {
      return connection.index;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return remote;
    }

    @Override
    public long partsQueued() {
      return live() ? queued : queuedAtEnd;
    }

    @Override
    public long partsDropped() {
      return live() ? dropped : droppedAtEnd;
    }
  }
}

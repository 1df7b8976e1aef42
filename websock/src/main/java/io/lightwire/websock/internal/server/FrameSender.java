package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.FrameEncoder;
import io.lightwire.websock.protocol.Utf8Encoding;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The sending half of one slot's WebSocket session: encodes frames (the server never masks) and
 * writes them directly from the caller's buffer when nothing is queued, else appends them to the
 * slot's transmit buffer behind the {@link TransmitQueue}; control frames (pong, ping, close) wait
 * in their own small buffer and go out before the next queued entry.
 *
 * <p>While the loop dispatches what one read brought ({@link Connection#coalescing}), sends are
 * appended to one batch, a single queue entry, and the loop writes it once when the dispatch ends;
 * a batch that fills the transmit buffer is written at once, and a send finding no room even then
 * is {@link WebSocketConnection#BACK_PRESSURED}.
 *
 * <p>Service thread only. Nothing is allocated per frame.
 */
final class FrameSender {

  private static final byte[] NO_BYTES = new byte[0];

  private static final int CONTROL_OUT_BYTES = 2 * (2 + WebSocketProtocol.MAX_CONTROL_PAYLOAD);

  private final WebSocketSession session;
  private final Connection connection;
  private final ServiceLoop loop;
  private final TransmitQueue queue;
  private final int maxFrame;
  private final ByteBuffer controlOut = ByteBuffer.allocateDirect(CONTROL_OUT_BYTES);
  private final ByteBuffer headerOut =
      ByteBuffer.allocateDirect(WebSocketProtocol.MAX_HEADER_LENGTH);
  private final ByteBuffer[] gather = new ByteBuffer[2];
  private final byte[] pingPayload = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];
  private long dropped;
  private long refused;

  /** The queue's last entry is this dispatch's batch: later sends of the dispatch extend it. */
  private boolean batchOpen;

  FrameSender(
      WebSocketSession session,
      Connection connection,
      ServiceLoop loop,
      int maxFrame,
      int queueCapacity) {
    this.session = session;
    this.connection = connection;
    this.loop = loop;
    this.maxFrame = maxFrame;
    this.queue = new TransmitQueue(queueCapacity);
  }

  /** A new connection: nothing queued, nothing counted. */
  void reset() {
    controlOut.clear();
    queue.clear();
    batchOpen = false;
    dropped = 0;
    refused = 0;
  }

  /** Queues {@code bytes} the loop appended to the transmit buffer (the 101 response). */
  void queueRaw(int bytes) {
    queue.addCopied(bytes, Integer.MAX_VALUE);
  }

  /** True while output waits in the queue or the control buffer. */
  boolean hasPendingOutput() {
    return !queue.isEmpty() || controlOut.position() > 0;
  }

  /** Forgets queued output, releasing shared messages (the connection is gone). */
  void clearOutput() {
    queue.clear();
    controlOut.clear();
    batchOpen = false;
  }

  /** The dispatch is over: the next send starts a new entry (or goes direct). */
  void endBatch() {
    batchOpen = false;
  }

  /** Writes what is queued; returns true when all is out. */
  boolean flush() throws IOException {
    return queue.write(connection.out, connection.tx, controlOut);
  }

  /**
   * Queues a control frame; a second pong while one is pending is not queued (RFC 6455 5.5.3 lets
   * us answer only the most recent ping).
   */
  void queueControl(int opcode, byte[] payload, int length) {
    if (controlOut.remaining() >= 2 + length) {
      FrameEncoder.control(controlOut, opcode, payload, 0, length, false, 0);
    }
  }

  /** Queues our close frame ({@link CloseCodes#NO_STATUS}: empty) with reason bytes. */
  void queueClose(int code, byte[] reason, int length) {
    if (controlOut.remaining() >= 4 + length) {
      FrameEncoder.close(controlOut, code, reason, 0, length, false, 0);
    }
  }

  /** A whole message; {@code headroom}: the caller reserved header room before the payload. */
  int send(boolean text, ByteBuffer payload, boolean headroom) {
    return sendFrame(
        true,
        text ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY,
        payload,
        headroom);
  }

  int sendFragment(boolean text, boolean first, boolean fin, ByteBuffer payload) {
    int opcode =
        !first
            ? WebSocketProtocol.OPCODE_CONTINUATION
            : text ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY;
    return sendFrame(fin, opcode, payload, false);
  }

  private int sendFrame(boolean fin, int opcode, ByteBuffer payload, boolean headroom) {
    loop.checkServiceThread();
    if (!session.isOpen()) {
      return WebSocketConnection.CLOSED;
    }
    int length = payload.remaining();
    if (length > maxFrame) {
      return WebSocketConnection.TOO_BIG;
    }
    int headerLength = FrameCodec.headerLength(length, false);
    boolean inPlace = headroom && !payload.isReadOnly() && payload.position() >= headerLength;
    if (connection.coalescing || hasPendingOutput()) {
      if (inPlace) {
        // The header goes into the caller's headroom, as promised, and the frame is copied whole.
        int start = payload.position() - headerLength;
        FrameCodec.encodeHeader(payload, start, fin, opcode, length, false, 0);
        payload.position(start);
        int result = append(fin, opcode, payload, null, headerLength + length, 0);
        if (result < 0) {
          payload.position(start + headerLength); // not taken: the caller's buffer as it was
          return result;
        }
        return length;
      }
      return append(fin, opcode, payload, null, length, headerLength);
    }
    try {
      writeDirect(fin, opcode, payload, length, headerLength, inPlace);
    } catch (IOException e) {
      return WebSocketConnection.CLOSED; // the loop sees the dead socket and frees the slot
    }
    return length;
  }

  /**
   * The queue is empty, so the transmit buffer is too: write straight from the caller's buffer
   * (header in the headroom the caller reserved, or gathered from a small header buffer) and copy
   * only what the socket did not take. The transmit buffer holds a whole frame (the config
   * guarantees it).
   */
  private void writeDirect(
      boolean fin, int opcode, ByteBuffer payload, int length, int headerLength, boolean inPlace)
      throws IOException {
    ByteBuffer tx = connection.tx;
    if (inPlace) {
      int start = payload.position() - headerLength;
      FrameCodec.encodeHeader(payload, start, fin, opcode, length, false, 0);
      payload.position(start);
      connection.out.write(payload);
    } else {
      headerOut.clear();
      FrameCodec.encodeHeader(headerOut, 0, fin, opcode, length, false, 0);
      headerOut.limit(headerLength);
      gather[0] = headerOut;
      gather[1] = payload;
      connection.out.write(gather);
      gather[0] = null;
      gather[1] = null;
      tx.put(headerOut); // the header's unwritten rest, if any, goes first
    }
    tx.put(payload); // what the socket did not take; the queue was empty, so tx starts at 0
    int left = tx.position();
    if (left > 0) {
      queue.addCopied(left, Integer.MAX_VALUE);
      loop.flushSoon(connection);
    }
  }

  int sendText(CharSequence text) {
    loop.checkServiceThread();
    if (!session.isOpen()) {
      return WebSocketConnection.CLOSED;
    }
    long utf8Length = Utf8Encoding.encodedLength(text); // refuses unpaired surrogates
    if (utf8Length > maxFrame) {
      return WebSocketConnection.TOO_BIG;
    }
    int length = (int) utf8Length;
    int headerLength = FrameCodec.headerLength(length, false);
    return append(true, WebSocketProtocol.OPCODE_TEXT, null, text, length, headerLength);
  }

  /**
   * Appends one frame ({@code payload}'s bytes, or {@code text} encoded) to the transmit buffer as
   * a queue entry, or to the open batch. During a dispatch a buffer too full for the frame is
   * written first; outside one the loop writes the queue when the socket is ready. A {@code
   * headerLength} of 0: {@code payload} holds the whole frame, header included.
   */
  private int append(
      boolean fin,
      int opcode,
      ByteBuffer payload,
      CharSequence text,
      int length,
      int headerLength) {
    int frame = headerLength + length;
    if (!hasRoom(frame)) {
      if (!connection.coalescing) {
        return WebSocketConnection.BACK_PRESSURED;
      }
      try {
        flush(); // the batch so far leaves now: the buffer filled before the dispatch ended
      } catch (IOException e) {
        return WebSocketConnection.CLOSED; // the loop sees the dead socket and frees the slot
      }
      batchOpen &= !queue.isEmpty();
      if (!hasRoom(frame)) {
        return WebSocketConnection.BACK_PRESSURED;
      }
    }
    ByteBuffer tx = connection.tx;
    if (text != null) {
      FrameEncoder.text(tx, text, length, false, 0);
    } else {
      int start = tx.position();
      if (headerLength > 0) {
        FrameCodec.encodeHeader(tx, start, fin, opcode, length, false, 0);
        tx.position(start + headerLength);
      }
      tx.put(payload);
    }
    if (!(batchOpen && queue.extendTail(frame))) {
      queue.addCopied(frame, Integer.MAX_VALUE);
      batchOpen = connection.coalescing;
    }
    if (!connection.coalescing) {
      loop.flushSoon(connection);
    }
    return length;
  }

  /**
   * Room for a {@code frame}-byte frame: in the buffer, and in the queue unless it joins a batch.
   */
  private boolean hasRoom(int frame) {
    return connection.tx.remaining() >= frame && (batchOpen || queue.size() < queueDepth());
  }

  int ping(ByteBuffer payload) {
    loop.checkServiceThread();
    if (!session.isOpen()) {
      return WebSocketConnection.CLOSED;
    }
    int length = payload.remaining();
    if (length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
      return WebSocketConnection.TOO_BIG;
    }
    if (controlOut.remaining() < 2 + length) {
      return WebSocketConnection.BACK_PRESSURED;
    }
    payload.get(pingPayload, 0, length);
    FrameEncoder.control(
        controlOut, WebSocketProtocol.OPCODE_PING, pingPayload, 0, length, false, 0);
    if (!connection.coalescing) {
      loop.flushSoon(connection);
    }
    return length;
  }

  /** Queues an empty keep-alive ping; false when the control buffer has no room. */
  boolean keepAlivePing() {
    if (controlOut.remaining() < 2) {
      return false;
    }
    FrameEncoder.control(controlOut, WebSocketProtocol.OPCODE_PING, NO_BYTES, 0, 0, false, 0);
    return true;
  }

  /** Queues a shared message by the protocol's policy; counts what could not be queued. */
  void offer(SharedMessage shared) {
    if (queue.addShared(shared, queueDepth())) {
      batchOpen = false; // later sends of the dispatch go after it
      return;
    }
    switch (session.protocol.policy()) {
      case KEEP_NEWEST -> {
        dropped++;
        if (queue.dropOldestUnstartedShared() && queue.addShared(shared, queueDepth())) {
          batchOpen = false;
        }
      }
      case REFUSE -> refused++;
    }
  }

  private int queueDepth() {
    return session.protocol.queueDepth();
  }

  long messagesDropped() {
    return dropped;
  }

  long messagesRefused() {
    return refused;
  }
}

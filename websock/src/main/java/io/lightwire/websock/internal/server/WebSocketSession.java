package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.FrameParser;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One slot's WebSocket state, created once with the slot and reused by every connection it serves.
 * Reads frames incrementally from the slot's receive buffer with the shared {@link FrameParser},
 * joins fragments into the slot's message buffer (or hands raw pieces to handlers that want them),
 * answers pings and closes, and writes through the {@link TransmitQueue}.
 *
 * <p>Handlers never see the session itself: each connection gets its own {@link ConnectionHandle},
 * made in {@link #open} and ended in {@link #end}, so a handle kept past its connection cannot
 * reach the slot's next client.
 *
 * <p>Service thread only. Nothing is allocated per frame or per message.
 */
final class WebSocketSession {

  enum State {
    IDLE,
    OPEN,
    /** We sent a close and wait for the peer's. */
    CLOSING,
    /**
     * We failed the connection for a violation and sent our close: input is drained and discarded
     * for a short linger so the peer can read the close before the TCP connection ends.
     */
    FAILED,
    CLOSED
  }

  private static final int CONTROL_OUT_BYTES = 2 * (2 + WebSocketProtocol.MAX_CONTROL_PAYLOAD);

  private final Connection connection;
  private final ServiceLoop loop;
  private final FrameParser parser;
  private final TransmitQueue queue;
  private final int maxFrame;
  private final byte[] controlPayload = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];
  private final ByteBuffer controlView = ByteBuffer.wrap(controlPayload).asReadOnlyBuffer();
  private final ByteBuffer controlOut = ByteBuffer.allocateDirect(CONTROL_OUT_BYTES);
  private final ByteBuffer headerOut =
      ByteBuffer.allocateDirect(WebSocketProtocol.MAX_HEADER_LENGTH);
  private final ByteBuffer[] gather = new ByteBuffer[2];
  private final Object[] states;

  State state = State.IDLE;
  Protocol protocol;

  /** The current connection's handle; null between connections. */
  private ConnectionHandle handle;

  /** How many connections this slot has served; part of each handle's id. */
  private int generation;

  private ByteBuffer message;
  private ByteBuffer messageView;
  private int messageLength;
  private ByteBuffer rxView;
  private int controlLength;
  private int frameOpcode;
  private int messageOpcode;
  private boolean frameFin;
  boolean paused;
  boolean writableRequested;
  boolean pingOutstanding;
  private boolean closeSent;

  /** The peer's close frame arrived (valid, or the invalid one that failed the connection). */
  private boolean closeReceived;

  private int closeCode;
  private String closeReason = "";
  private long dropped;
  private long refused;

  WebSocketSession(
      Connection connection,
      ServiceLoop loop,
      int maxFrame,
      int maxMessage,
      int queueCapacity,
      Object[] states) {
    this.connection = connection;
    this.loop = loop;
    this.maxFrame = maxFrame;
    this.parser =
        new FrameParser(FrameParser.ROLE_SERVER, maxFrame, maxMessage, FrameParser.ACCEPT_ANY);
    this.queue = new TransmitQueue(queueCapacity);
    this.states = states;
  }

  /**
   * Starts serving {@code chosen} on this slot with {@code messageBuffer} for assembly, under a new
   * handle (the one allocation of a connection's WebSocket life).
   */
  ConnectionHandle open(Protocol chosen, int index, ByteBuffer messageBuffer) {
    protocol = chosen;
    generation++;
    handle =
        new ConnectionHandle(
            this, connection.index, generation, chosen, connection.remote, states[index]);
    message = messageBuffer;
    messageView = messageBuffer.asReadOnlyBuffer();
    rxView = connection.rx.asReadOnlyBuffer();
    messageLength = 0;
    controlLength = 0;
    parser.reset();
    controlOut.clear();
    queue.clear();
    paused = false;
    writableRequested = false;
    pingOutstanding = false;
    closeSent = false;
    closeReceived = false;
    closeCode = 0;
    closeReason = "";
    dropped = 0;
    refused = 0;
    state = State.OPEN;
    return handle;
  }

  /** The current connection's handle (null between connections). */
  ConnectionHandle handle() {
    return handle;
  }

  /** The connection is over and {@code onClose} has run: its handle goes inert. */
  void end() {
    if (handle != null) {
      handle.end(dropped, refused);
      handle = null;
    }
  }

  WebSocketHandler handler() {
    return protocol.handler();
  }

  /** Queues {@code bytes} the loop appended to the transmit buffer (the 101 response). */
  void queueRaw(int bytes) {
    queue.addCopied(bytes, Integer.MAX_VALUE);
  }

  /** The message buffer to give back to its pool, or null; forgets it. */
  ByteBuffer takeMessageBuffer() {
    ByteBuffer b = message;
    message = null;
    messageView = null;
    rxView = null;
    return b;
  }

  /** True while output waits in the queue or the control buffer. */
  boolean hasPendingOutput() {
    return !queue.isEmpty() || controlOut.position() > 0;
  }

  /** Forgets queued output, releasing shared messages (the connection is gone). */
  void clearOutput() {
    queue.clear();
    controlOut.clear();
  }

  /** Writes what is queued; returns true when all is out. */
  boolean flush() throws IOException {
    return queue.write(connection.out, connection.tx, controlOut);
  }

  /**
   * The close code to report when the slot is freed: the code of a completed close handshake (the
   * peer's when it closed first, ours when it answered ours), the code we failed the connection
   * with after a violation, else {@link WebSocketConnection#DROPPED} (our close was never answered:
   * the peer vanished, or the close timed out).
   */
  int reportedCloseCode() {
    if (state == State.FAILED) {
      return closeCode;
    }
    return closeReceived && closeCode != 0 ? closeCode : WebSocketConnection.DROPPED;
  }

  /** The close reason to report with {@link #reportedCloseCode()}: empty when dropped. */
  String reportedCloseReason() {
    return reportedCloseCode() == WebSocketConnection.DROPPED ? "" : closeReason;
  }

  // ---- reading

  /**
   * Consumes the frames in {@code rx[0, position)}, leaving an incomplete header's bytes for the
   * next read. Returns false when the connection must close once its output is written.
   */
  boolean onBytes() {
    ByteBuffer rx = connection.rx;
    if (state == State.FAILED) {
      return !CloseAnswer.arrived(rx); // the parser is corrupt: only the peer's close matters
    }
    byte[] array = rx.array();
    int base = rx.arrayOffset();
    int end = rx.position();
    int pos = 0;
    boolean keepOpen = true;
    while (pos < end && (state == State.OPEN && !paused || state == State.CLOSING)) {
      if (!parser.inPayload()) {
        int n = parser.parseHeader(array, base + pos, end - pos);
        if (n == FrameParser.ERROR) {
          fail();
          return afterFailure(rx, base + pos, base + end);
        }
        pos += n;
        if (!parser.inPayload()) {
          break; // the header continues in the next read
        }
        frameOpcode = parser.opcode();
        frameFin = parser.fin();
        messageOpcode = parser.messageOpcode();
        if (parser.payloadRemaining() == 0 && !endOfPayload(array, base + pos, 0)) {
          keepOpen = state == State.FAILED;
          break;
        }
        continue;
      }
      int take = (int) Math.min(parser.payloadRemaining(), end - pos);
      if (!endOfPayload(array, base + pos, take)) {
        keepOpen = state == State.FAILED;
        pos = state == State.FAILED ? pos + take : end;
        break;
      }
      pos += take;
    }
    if (state == State.FAILED) {
      return afterFailure(rx, base + pos, base + end);
    }
    // Keep what was not consumed (a header split across reads, or input while paused).
    rx.limit(end).position(pos);
    rx.compact();
    return keepOpen && state != State.CLOSED;
  }

  /**
   * The connection just failed: when the violating frame was the peer's close (an invalid one), or
   * the input after it ends with the peer's answer to our close, the connection can end as soon as
   * our close is written (false); else it lingers, discarding input (true).
   */
  private boolean afterFailure(ByteBuffer rx, int from, int end) {
    if (closeReceived) {
      rx.clear();
      return false;
    }
    return !CloseAnswer.arrivedAfter(rx, from - rx.arrayOffset(), end - rx.arrayOffset());
  }

  /**
   * Hands {@code length} payload bytes at {@code array[offset]} to the parser and, when the frame
   * ends, acts on it. Returns false when the connection must close.
   */
  private boolean endOfPayload(byte[] array, int offset, int length) {
    boolean control = WebSocketProtocol.isControl(frameOpcode);
    boolean fragments = !control && protocol.handler().wantsFragments();
    int result;
    if (control) {
      System.arraycopy(array, offset, controlPayload, controlLength, length);
      result = parser.payload(controlPayload, controlLength, length);
      controlLength += Math.max(0, length);
    } else if (fragments) {
      result = parser.payload(array, offset, length);
      if (result != FrameParser.ERROR && state == State.OPEN) {
        int relative = offset - connection.rx.arrayOffset();
        rxView.limit(relative + length).position(relative);
        protocol
            .handler()
            .onFragment(handle, messageOpcode, frameFin, rxView, parser.payloadRemaining());
      }
    } else {
      byte[] target = message.array();
      int at = message.arrayOffset() + messageLength;
      System.arraycopy(array, offset, target, at, length);
      result = parser.payload(target, at, length);
      messageLength += Math.max(0, length);
    }
    if (result == FrameParser.ERROR) {
      return fail();
    }
    if (parser.inPayload()) {
      return true;
    }
    if (control) {
      return onControlFrame();
    }
    if (frameFin && !fragments) {
      int length0 = messageLength;
      messageLength = 0;
      if (state == State.OPEN) {
        messageView.limit(length0).position(0);
        protocol
            .handler()
            .onMessage(handle, messageOpcode == WebSocketProtocol.OPCODE_TEXT, messageView);
      }
    }
    return true;
  }

  private boolean onControlFrame() {
    int length = controlLength;
    controlLength = 0;
    controlView.limit(length).position(0);
    switch (frameOpcode) {
      case WebSocketProtocol.OPCODE_PING -> {
        if (state == State.OPEN) {
          queueControl(WebSocketProtocol.OPCODE_PONG, controlPayload, length);
          protocol.handler().onPing(handle, controlView);
          loop.flushSoon(connection);
        }
        return true;
      }
      case WebSocketProtocol.OPCODE_PONG -> {
        pingOutstanding = false;
        if (state == State.OPEN) {
          protocol.handler().onPong(handle, controlView);
        }
        return true;
      }
      default -> {
        return onCloseFrame(length);
      }
    }
  }

  private boolean onCloseFrame(int length) {
    if (parser.checkClose(controlPayload, 0, length) == FrameParser.ERROR) {
      return fail();
    }
    int peerCode = length >= 2 ? CloseCodes.code(controlPayload, 0, length) : CloseCodes.NO_STATUS;
    closeReceived = true;
    if (closeSent) {
      // Our close was answered: the handshake is complete; report the code we sent.
      state = State.CLOSED;
      return false;
    }
    closeCode = peerCode;
    closeReason =
        length > 2 ? new String(controlPayload, 2, length - 2, StandardCharsets.UTF_8) : "";
    // Echo the peer's code (1005 means it sent none: answer with an empty close).
    int echo = peerCode == CloseCodes.NO_STATUS ? 0 : peerCode;
    queueClose(echo, null);
    state = State.CLOSED;
    return false;
  }

  /**
   * The parser found a violation: close with its code and rule (RFC 6455 7.1.7), then linger
   * briefly, discarding input, so the peer reads the close before the connection ends.
   */
  private boolean fail() {
    int code = parser.closeCode();
    String rule = parser.errorMessage();
    // A broken close frame is still the peer's close: it waits for ours, then for the TCP close.
    closeReceived |= parser.opcode() == WebSocketProtocol.OPCODE_CLOSE;
    loop.protocolError(connection, code, rule);
    if (!closeSent) {
      queueClose(code, rule);
      closeReason = rule;
    }
    state = State.FAILED;
    loop.failed(connection);
    return false;
  }

  // ---- writing

  private void queueControl(int opcode, byte[] payload, int length) {
    if (controlOut.remaining() < 2 + length) {
      return; // a pong is still pending: RFC 6455 5.5.3 lets us answer only one of the pings
    }
    controlOut.put((byte) (WebSocketProtocol.B0_FLAG_FIN | opcode));
    controlOut.put((byte) length);
    controlOut.put(payload, 0, length);
  }

  /** Queues a close frame with {@code code} (0: no code) and a reason cut to 123 UTF-8 bytes. */
  private void queueClose(int code, String reason) {
    closeSent = true;
    if (code == 0) {
      closeCode = closeCode == 0 ? CloseCodes.NO_STATUS : closeCode;
      queueControl(WebSocketProtocol.OPCODE_CLOSE, controlPayload, 0);
      return;
    }
    closeCode = code;
    controlPayload[0] = (byte) (code >>> 8);
    controlPayload[1] = (byte) code;
    int length = 2;
    if (reason != null) {
      length += Utf8Cut.encode(reason, controlPayload, 2, WebSocketProtocol.MAX_CLOSE_REASON);
    }
    queueControl(WebSocketProtocol.OPCODE_CLOSE, controlPayload, length);
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
    if (state != State.OPEN) {
      return WebSocketConnection.CLOSED;
    }
    int length = payload.remaining();
    if (length > maxFrame) {
      return WebSocketConnection.TOO_BIG;
    }
    int headerLength = FrameCodec.headerLength(length, false);
    ByteBuffer tx = connection.tx;
    if (hasPendingOutput()) {
      if (tx.remaining() < headerLength + length || queue.size() >= protocol.queueDepth()) {
        return WebSocketConnection.BACK_PRESSURED;
      }
      int start = tx.position();
      FrameCodec.encodeHeader(tx, start, fin, opcode, length, false, 0);
      tx.position(start + headerLength);
      tx.put(payload);
      queue.addCopied(headerLength + length, Integer.MAX_VALUE);
      return length;
    }
    boolean inPlace = headroom && !payload.isReadOnly() && payload.position() >= headerLength;
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
    if (state != State.OPEN) {
      return WebSocketConnection.CLOSED;
    }
    int length = Utf8Cut.encodedLength(text);
    if (length > maxFrame) {
      return WebSocketConnection.TOO_BIG;
    }
    int headerLength = FrameCodec.headerLength(length, false);
    ByteBuffer tx = connection.tx;
    if (tx.remaining() < headerLength + length || queue.size() >= protocol.queueDepth()) {
      return WebSocketConnection.BACK_PRESSURED;
    }
    int start = tx.position();
    FrameCodec.encodeHeader(tx, start, true, WebSocketProtocol.OPCODE_TEXT, length, false, 0);
    tx.position(start + headerLength);
    Utf8Cut.put(text, tx);
    queue.addCopied(headerLength + length, Integer.MAX_VALUE);
    loop.flushSoon(connection);
    return length;
  }

  int ping(ByteBuffer payload) {
    loop.checkServiceThread();
    if (state != State.OPEN) {
      return WebSocketConnection.CLOSED;
    }
    int length = payload.remaining();
    if (length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
      return WebSocketConnection.TOO_BIG;
    }
    if (controlOut.remaining() < 2 + length) {
      return WebSocketConnection.BACK_PRESSURED;
    }
    controlOut.put((byte) (WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_PING));
    controlOut.put((byte) length);
    controlOut.put(payload);
    loop.flushSoon(connection);
    return length;
  }

  /** Sends an empty keep-alive ping from the loop; false when one is already outstanding. */
  boolean keepAlivePing() {
    if (pingOutstanding || state != State.OPEN || controlOut.remaining() < 2) {
      return false;
    }
    controlOut.put((byte) (WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_PING));
    controlOut.put((byte) 0);
    pingOutstanding = true;
    return true;
  }

  /** Starts our closing handshake; the handle has checked {@code code}. */
  void close(int code, String reason) {
    loop.checkServiceThread();
    if (state != State.OPEN) {
      return;
    }
    queueClose(code, reason);
    closeReason = reason == null ? "" : reason;
    state = State.CLOSING;
    loop.closing(connection);
  }

  /** Server stop: close with 1001 (idempotent). */
  void goingAway() {
    if (state == State.OPEN) {
      queueClose(CloseCodes.GOING_AWAY, "server stopping");
      closeReason = "server stopping";
      state = State.CLOSING;
    }
  }

  void requestWritable() {
    loop.checkServiceThread();
    if (state == State.OPEN && !writableRequested) {
      writableRequested = true;
      loop.writableRequested(connection);
    }
  }

  void pauseReceive() {
    loop.checkServiceThread();
    paused = true;
    loop.updateInterest(connection);
  }

  void resumeReceive() {
    loop.checkServiceThread();
    if (paused) {
      paused = false;
      try {
        loop.resumed(connection);
      } catch (IOException e) {
        loop.updateInterest(connection); // the read path finds the dead socket and frees the slot
      }
    }
  }

  // ---- broadcast

  /** Queues a shared message by the protocol's policy; counts what could not be queued. */
  void offer(SharedMessage shared) {
    if (state != State.OPEN) {
      return;
    }
    if (queue.addShared(shared, protocol.queueDepth())) {
      return;
    }
    switch (protocol.policy()) {
      case KEEP_NEWEST -> {
        dropped++;
        if (queue.dropOldestUnstartedShared()) {
          queue.addShared(shared, protocol.queueDepth());
        }
      }
      case REFUSE -> refused++;
    }
  }

  // ---- accessors

  boolean isOpen() {
    return state == State.OPEN;
  }

  long messagesDropped() {
    return dropped;
  }

  long messagesRefused() {
    return refused;
  }
}

package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.WebSocketHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One slot's WebSocket state, created once with the slot and reused by every connection it serves:
 * the connection's state and handle, receive flow control and writable requests. Receiving is the
 * {@link FrameReceiver}'s job, sending the {@link FrameSender}'s, and the close handshake's facts
 * are kept in a {@link CloseHandshake}.
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

  private final Connection connection;
  private final ServiceLoop loop;
  private final Object[] states;
  final FrameReceiver receiver;
  final FrameSender sender;
  final CloseHandshake closeHandshake;

  State state = State.IDLE;
  Protocol protocol;

  /** The current connection's handle; null between connections. */
  private ConnectionHandle handle;

  /** How many connections this slot has served; part of each handle's id. */
  private int generation;

  boolean paused;
  boolean writableRequested;
  boolean pingOutstanding;

  WebSocketSession(
      Connection connection,
      ServiceLoop loop,
      int maxFrame,
      int maxMessage,
      int queueCapacity,
      Object[] states) {
    this.connection = connection;
    this.loop = loop;
    this.states = states;
    this.receiver = new FrameReceiver(this, connection, maxFrame, maxMessage);
    this.sender = new FrameSender(this, connection, loop, maxFrame, queueCapacity);
    this.closeHandshake = new CloseHandshake(sender);
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
    receiver.reset(messageBuffer);
    sender.reset();
    closeHandshake.reset();
    paused = false;
    writableRequested = false;
    pingOutstanding = false;
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
      handle.end(sender.messagesDropped(), sender.messagesRefused());
      handle = null;
    }
  }

  WebSocketHandler handler() {
    return protocol.handler();
  }

  /** True while frames are read: open and not paused, or waiting for the answer to our close. */
  boolean receiving() {
    return state == State.OPEN && !paused || state == State.CLOSING;
  }

  /** See {@link FrameReceiver#onBytes()}. */
  boolean onBytes() {
    return receiver.onBytes();
  }

  /** The close code to report when the slot is freed; see {@link CloseHandshake#reportedCode}. */
  int reportedCloseCode() {
    return closeHandshake.reportedCode(state == State.FAILED);
  }

  /** The close reason to report with {@link #reportedCloseCode()}: empty when dropped. */
  String reportedCloseReason() {
    return closeHandshake.reportedReason(state == State.FAILED);
  }

  // ---- what the receiver found

  void onPing(byte[] payload, int length, ByteBuffer view) {
    sender.queueControl(WebSocketProtocol.OPCODE_PONG, payload, length);
    protocol.handler().onPing(handle, view);
    loop.flushSoon(connection);
  }

  void onPong(ByteBuffer view) {
    pingOutstanding = false;
    if (state == State.OPEN) {
      protocol.handler().onPong(handle, view);
    }
  }

  /** The peer's valid close frame: answered (or it answers ours); the connection ends. */
  void onPeerClose(byte[] payload, int length) {
    closeHandshake.peerClosed(payload, length);
    state = State.CLOSED;
  }

  /**
   * A violation: close with {@code code} and {@code rule} (RFC 6455 7.1.7), then linger briefly,
   * discarding input, so the peer reads the close before the connection ends.
   */
  void fail(int code, String rule, boolean peerClose) {
    loop.protocolError(connection, code, rule);
    closeHandshake.failed(code, rule, peerClose);
    state = State.FAILED;
    loop.failed(connection);
  }

  // ---- what handles and the loop ask for

  /** Sends an empty keep-alive ping from the loop; false when one is already outstanding. */
  boolean keepAlivePing() {
    if (pingOutstanding || state != State.OPEN || !sender.keepAlivePing()) {
      return false;
    }
    pingOutstanding = true;
    return true;
  }

  /** Starts our closing handshake; the handle has checked {@code code}. */
  void close(int code, String reason) {
    loop.checkServiceThread();
    if (state != State.OPEN) {
      return;
    }
    closeHandshake.start(code, reason);
    state = State.CLOSING;
    loop.closing(connection);
  }

  /** Server stop: close with 1001 (idempotent). */
  void goingAway() {
    if (state == State.OPEN) {
      closeHandshake.start(CloseCodes.GOING_AWAY, "server stopping");
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

  /** Queues a shared broadcast message by the protocol's policy (open connections only). */
  void offer(SharedMessage shared) {
    if (state == State.OPEN) {
      sender.offer(shared);
    }
  }

  boolean isOpen() {
    return state == State.OPEN;
  }
}

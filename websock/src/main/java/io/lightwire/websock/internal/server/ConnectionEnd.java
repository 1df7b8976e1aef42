package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.BufferPool;

/**
 * Ends connections: the handler hears of the end, the message buffer, handles and upgrade state go
 * back, then the slot. Also counts the streamed HTTP responses open now, since a stream's end is
 * one of the ends it handles. Service thread, except {@link #openStreams()}.
 */
final class ConnectionEnd {

  private final BufferPool messagePool;
  private final WritableCallbacks writables;
  private final WebSocketUpgrades upgrades;
  private final Acceptor acceptor;
  private final CallbackGuard guard;

  /** Written by the service thread only; read by any. */
  private volatile int openStreams;

  ConnectionEnd(
      BufferPool messagePool,
      WritableCallbacks writables,
      WebSocketUpgrades upgrades,
      Acceptor acceptor,
      CallbackGuard guard) {
    this.messagePool = messagePool;
    this.writables = writables;
    this.upgrades = upgrades;
    this.acceptor = acceptor;
    this.guard = guard;
  }

  /** A stream's head was queued. */
  void streamOpened() {
    openStreams++;
  }

  /** Streamed HTTP responses open now. Any thread. */
  int openStreams() {
    return openStreams;
  }

  /** Ends {@code c}'s connection: the handler hears of it, then the slot goes back. */
  void close(Connection c) {
    if (!c.isBound()) {
      return;
    }
    if (c.webSocket) {
      WebSocketSession ws = c.ws;
      ws.sender.clearOutput();
      messagePool.release(ws.receiver.takeMessageBuffer());
      int code = ws.reportedCloseCode();
      String reason = ws.reportedCloseReason();
      ws.state = WebSocketSession.State.CLOSED;
      writables.forget(c);
      try {
        ws.handler().onClose(ws.handle(), code, reason);
      } catch (RuntimeException e) {
        guard.failed("onClose failed", e);
      }
      ws.end(); // the handle goes inert before the slot can serve anyone else
    }
    if (c.stream.isActive()) {
      openStreams--;
      c.stream.close(); // onClose; the handle goes inert before the slot serves anyone else
    }
    upgrades.cancel(c);
    if (c.awaiting != null) {
      c.awaiting.drop(); // the answering thread's completion becomes a no-op
      c.awaiting = null;
    }
    acceptor.unbind(c);
  }
}

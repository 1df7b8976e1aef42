package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.Utf8Encoding;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.WebSocketConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a handler holds for one WebSocket connection: made when the connection opens (one small
 * object per connection, never per message) and handed to every callback of that connection. The
 * slot's {@link WebSocketSession} serves one connection after another; this handle reaches it only
 * while its own connection lasts. Once the connection ended ({@code onClose} returned) the handle
 * is inert: sends return {@link #CLOSED}, {@link #isOpen()} false, {@link #state()} null, and the
 * other calls do nothing, so a reference kept by the application can never reach the slot's next
 * client.
 *
 * <p>Service thread only, like the session; {@link #isOpen()} and the id may be read anywhere.
 */
final class ConnectionHandle implements WebSocketConnection {

  private final WebSocketSession session;
  private final long id;
  private final Protocol protocol;
  private final InetSocketAddress remote;
  private final Object state;

  /** Set once, on the service thread, after {@code onClose} returned. */
  private volatile boolean ended;

  private long droppedAtEnd;
  private long refusedAtEnd;

  ConnectionHandle(
      WebSocketSession session,
      int slot,
      int generation,
      Protocol protocol,
      InetSocketAddress remote,
      Object state) {
    this.session = session;
    this.id = ((long) generation << 32) | (slot & 0xFFFF_FFFFL);
    this.protocol = protocol;
    this.remote = remote;
    this.state = state;
  }

  /** The connection is over: keep its final counters and cut the way to the session. */
  void end(long dropped, long refused) {
    droppedAtEnd = dropped;
    refusedAtEnd = refused;
    ended = true;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T state() {
    return ended ? null : (T) state;
  }

  @Override
  public boolean isOpen() {
    return !ended && session.isOpen();
  }

  @Override
  public int send(boolean text, ByteBuffer payload) {
    return ended ? CLOSED : session.sender.send(text, payload, false);
  }

  @Override
  public int sendWithHeadroom(boolean text, ByteBuffer payload) {
    return ended ? CLOSED : session.sender.send(text, payload, true);
  }

  @Override
  public int sendFragment(boolean text, boolean first, boolean fin, ByteBuffer payload) {
    return ended ? CLOSED : session.sender.sendFragment(text, first, fin, payload);
  }

  @Override
  public int sendText(CharSequence text) {
    return ended ? CLOSED : session.sender.sendText(text);
  }

  @Override
  public int ping(ByteBuffer payload) {
    return ended ? CLOSED : session.sender.ping(payload);
  }

  @Override
  public void close(int code, String reason) {
    if (!CloseCodes.isValidOnWire(code)) {
      throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 7.4)");
    }
    if (reason != null) {
      Utf8Encoding.checkCloseReason(reason); // refused, never cut: the client's close does the same
    }
    if (!ended) {
      session.close(code, reason);
    }
  }

  @Override
  public void requestWritable() {
    if (!ended) {
      session.requestWritable();
    }
  }

  @Override
  public void pauseReceive() {
    if (!ended) {
      session.pauseReceive();
    }
  }

  @Override
  public void resumeReceive() {
    if (!ended) {
      session.resumeReceive();
    }
  }

  @Override
  public long messagesDropped() {
    return ended ? droppedAtEnd : session.sender.messagesDropped();
  }

  @Override
  public long messagesRefused() {
    return ended ? refusedAtEnd : session.sender.messagesRefused();
  }

  @Override
  public String toString() {
    return "ws#" + (id & 0xFFFF_FFFFL) + "." + (id >>> 32) + (ended ? " (ended)" : "");
  }
}

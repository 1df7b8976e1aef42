package io.lightwire.examples.support;

import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.WebSocketConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection that takes every message without a socket: it keeps the last one's bytes in a reused
 * array, so that a handler's own allocations can be measured alone.
 */
public final class RecordingConnection implements WebSocketConnection {

  private final Object state;
  private final byte[] last = new byte[65_536];
  private int lastLength;
  private long sent;

  /** A connection whose slot state is {@code state}. */
  public RecordingConnection(Object state) {
    this.state = state;
  }

  /** The last message sent, as ASCII text (allocates; for assertions). */
  public String lastText() {
    return new String(last, 0, lastLength, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Messages sent. */
  public long sent() {
    return sent;
  }

  @Override
  public Protocol protocol() {
    return null;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T state() {
    return (T) state;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public int send(boolean text, ByteBuffer payload) {
    lastLength = payload.remaining();
    payload.get(last, 0, lastLength);
    sent++;
    return lastLength;
  }

  @Override
  public int sendWithHeadroom(boolean text, ByteBuffer payload) {
    return send(text, payload);
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public int sendFragment(boolean text, boolean first, boolean fin, ByteBuffer payload) {
    return send(text, payload);
  }

  @Override
  public int sendText(CharSequence text) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int ping(ByteBuffer payload) {
    return 0;
  }

  @Override
  public void close(int code, String reason) {}

  @Override
  public void requestWritable() {}

  @Override
  public void pauseReceive() {}

  @Override
  public void resumeReceive() {}

  @Override
  public long messagesDropped() {
    return 0;
  }

  @Override
  public long messagesRefused() {
    return 0;
  }
}

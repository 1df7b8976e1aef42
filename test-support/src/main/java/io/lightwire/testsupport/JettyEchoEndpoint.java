package io.lightwire.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The endpoint of {@link JettyPeer}. Public because Jetty reaches its listener methods reflectively
 * from outside our (test-patched) module.
 */
@SuppressWarnings("exports")
public final class JettyEchoEndpoint implements Session.Listener.AutoDemanding {
  private final BlockingQueue<String> events;
  private Session session;

  /** Records into {@code events}. */
  public JettyEchoEndpoint(BlockingQueue<String> events) {
    this.events = events;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
  }

  @Override
  public void onWebSocketText(String message) {
    try {
      if (message.equals("cmd:frag")) {
        send(c -> session.sendPartialText("frag-", false, c));
        send(c -> session.sendPartialText("mént-", false, c));
        send(c -> session.sendPartialText("ed", true, c));
      } else if (message.equals("cmd:binfrag")) {
        send(c -> session.sendPartialBinary(ByteBuffer.wrap(new byte[] {1, 2}), false, c));
        send(c -> session.sendPartialBinary(ByteBuffer.wrap(new byte[] {3}), true, c));
      } else if (message.equals("cmd:ping")) {
        send(
            c ->
                session.sendPing(
                    ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)), c));
      } else if (message.startsWith("cmd:close:")) {
        String[] parts = message.split(":", 4);
        session.close(
            Integer.parseInt(parts[2]), parts.length > 3 ? parts[3] : null, Callback.NOOP);
      } else {
        send(c -> session.sendText(message, c));
      }
    } catch (Exception e) {
      events.add("error " + e);
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
    copy.put(payload).flip();
    callback.succeed();
    session.sendBinary(copy, Callback.NOOP);
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    events.add("pong " + StandardCharsets.UTF_8.decode(payload));
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    events.add("close " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    events.add("error " + cause);
  }

  private void send(java.util.function.Consumer<Callback> action) throws Exception {
    Callback.Completable done = new Callback.Completable();
    action.accept(done);
    done.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}

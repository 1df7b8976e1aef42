package io.lightwire.firmware.kernel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket client on the firmware's {@code /gpio} panel (an independent peer, not
 * Lightwire's client): sends text, waits for a message containing a fragment.
 */
final class PanelSocket implements AutoCloseable {

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  PanelSocket(HttpClient http, URI uri) {
    this.socket =
        http.newWebSocketBuilder()
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      messages.add(partial.toString());
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .join();
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The next message containing {@code fragment} within {@code millis}, or null. */
  String await(String fragment, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (long left = millis; left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
      String m = messages.poll(left, TimeUnit.MILLISECONDS);
      if (m != null && m.contains(fragment)) {
        return m;
      }
    }
    return null;
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }
}

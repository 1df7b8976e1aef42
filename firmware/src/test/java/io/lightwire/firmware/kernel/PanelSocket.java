package io.lightwire.firmware.kernel;

import io.lightwire.testsupport.JdkMessages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;

/**
 * A JDK WebSocket client on the firmware's {@code /gpio} panel (an independent peer, not
 * Lightwire's client; messages collected by {@link JdkMessages}): sends text, waits for a message
 * containing a fragment.
 */
final class PanelSocket implements AutoCloseable {

  private final JdkMessages messages = new JdkMessages();
  private final WebSocket socket;

  PanelSocket(HttpClient http, URI uri) {
    this.socket = http.newWebSocketBuilder().buildAsync(uri, messages).join();
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /**
   * The next message containing {@code fragment}, skipping others; fails when nothing arrives
   * within {@code seconds} of the previous message.
   */
  String await(String fragment, long seconds) throws InterruptedException {
    while (true) {
      if (messages.next(seconds) instanceof String text && text.contains(fragment)) {
        return text;
      }
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }
}

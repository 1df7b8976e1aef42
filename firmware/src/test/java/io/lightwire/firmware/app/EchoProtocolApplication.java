package io.lightwire.firmware.app;

import io.lightwire.firmware.AppSetup;
import io.lightwire.firmware.Application;
import io.lightwire.firmware.Firmware;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user's firmware with its own WebSocket protocol: {@code /echo} answers each text message with
 * {@code echo:<text>} and each binary message with its bytes reversed. It registers the protocol
 * with {@link AppSetup#protocol(Protocol)}, so the firmware's same-origin default applies.
 */
public final class EchoProtocolApplication implements Application {

  /** Connections the handler saw open and close, for the test to check the handler ran. */
  static final AtomicInteger opened = new AtomicInteger();

  static final AtomicInteger closed = new AtomicInteger();

  /** Made by the harness. */
  public EchoProtocolApplication() {
    opened.set(0);
    closed.set(0);
  }

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public void install(AppSetup setup) {
    setup.protocol(new Protocol("echo", "/echo", new Echo(), QueuePolicy.REFUSE, 16, () -> null));
  }

  @Override
  public void start(Firmware firmware) {}

  /** The handler, on the service thread: no blocking, buffers valid only during the call. */
  private static final class Echo implements WebSocketHandler {
    private final ByteBuffer reversed = ByteBuffer.allocate(1024);

    @Override
    public void onOpen(WebSocketConnection connection) {
      opened.incrementAndGet();
    }

    @Override
    public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
      if (text) {
        connection.sendText("echo:" + StandardCharsets.UTF_8.decode(payload));
        return;
      }
      reversed.clear();
      for (int i = payload.limit() - 1; i >= payload.position() && reversed.hasRemaining(); i--) {
        reversed.put(payload.get(i));
      }
      connection.send(false, reversed.flip());
    }

    @Override
    public void onClose(WebSocketConnection connection, int code, String reason) {
      closed.incrementAndGet();
    }
  }
}

package io.lightwire.examples.client;

import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.firmware.Example;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.CloseStatus;
import io.lightwire.websock.client.HandshakeException;
import io.lightwire.websock.client.ReceiveLoop;
import io.lightwire.websock.client.TlsConfig;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.CloseCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * {@code lightwire example client --url ws[s]://HOST:PORT/PATH [options]}: seed 004's {@code
 * examples/websocket}. Opens the connection ({@code websock_open}), starts a receive loop on its
 * own thread that prints every message ({@code websock_recv} in a loop), sends text and a binary
 * message ({@code websock_send_text}, {@code websock_send_binary}), waits for the answers, and
 * closes cleanly ({@code websock_close}).
 *
 * <p>Options: {@code --send TEXT} (repeatable; default one greeting), {@code --binary BYTES} (a
 * binary message of that many bytes 0, 1, 2...; default 16, 0 for none), {@code --protocol NAME}
 * (offer a subprotocol; repeatable), {@code --expect N} (messages to wait for; default: as many as
 * were sent, as an echo server answers), {@code --wait MS} (the longest wait; default 5000), {@code
 * --allow-self-signed} (accept a {@code wss://} server's self-signed certificate; off by default).
 *
 * <p>Exit status: 0 when the expected messages arrived and the closing handshake completed, 1
 * otherwise (with a one-line reason), 2 for bad arguments.
 */
public final class ClientExample implements Example {

  /** The default text sent when no {@code --send} is given. */
  public static final String GREETING = "Hello from Lightwire";

  private static final long DEFAULT_WAIT_MILLIS = 5_000;
  private static final long CLOSE_TIMEOUT_MILLIS = 5_000;
  private static final int DEFAULT_BINARY_BYTES = 16;
  private static final int MAX_BINARY_BYTES = 1 << 20;

  private static final ExampleUsage USAGE =
      new ExampleUsage(
          "client",
          "usage: client --url ws[s]://HOST:PORT/PATH [--send TEXT]... [--binary BYTES]"
              + " [--protocol NAME]... [--expect N] [--wait MS] [--allow-self-signed]",
          "Seed 004's WebSocket client: connects, prints every message from a receive-loop"
              + " thread, sends text and a binary message, waits for the answers and closes"
              + " cleanly. Exit 0 when the expected messages came and the close completed, 1"
              + " otherwise, 2 for a bad command line.",
          List.of(
              ExampleUsage.Option.value("--url", "URL", "ws:// or wss:// URL (required)."),
              ExampleUsage.Option.value(
                  "--send", "TEXT", "Text message to send; repeatable (default: a greeting)."),
              ExampleUsage.Option.value(
                  "--binary",
                  "BYTES",
                  "Binary message of that many bytes 0, 1, 2... (default: 16; 0 for none)."),
              ExampleUsage.Option.value("--protocol", "NAME", "Subprotocol to offer; repeatable."),
              ExampleUsage.Option.value(
                  "--expect", "N", "Messages to wait for (default: as many as were sent)."),
              ExampleUsage.Option.value("--wait", "MS", "Longest wait (default: 5000)."),
              ExampleUsage.Option.flag(
                  "--allow-self-signed", "Accept a wss:// server's self-signed certificate.")));

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public ClientExample() {}

  @Override
  public String name() {
    return "client";
  }

  @Override
  public String summary() {
    return "ws:// or wss:// client: receive loop thread, text and binary sends, clean close";
  }

  @Override
  public int run(String[] args, PrintStream out) {
    ClientConfig config;
    List<String> texts;
    int binaryBytes;
    long expect;
    long waitMillis;
    try {
      ExampleArgs options = ExampleArgs.parse(args, USAGE);
      if (options.helpRequested()) {
        out.print(USAGE.help());
        return 0;
      }
      String url = options.value("--url", null);
      if (url == null) {
        throw new IllegalArgumentException("--url is required");
      }
      texts = options.has("--send") ? options.values("--send") : List.of(GREETING);
      binaryBytes = (int) options.number("--binary", DEFAULT_BINARY_BYTES, 0, MAX_BINARY_BYTES);
      expect =
          options.number(
              "--expect", texts.size() + (binaryBytes > 0 ? 1 : 0), 0, Integer.MAX_VALUE);
      waitMillis = options.number("--wait", DEFAULT_WAIT_MILLIS, 0, Integer.MAX_VALUE);
      ClientConfig.Builder builder =
          ClientConfig.builder()
              .url(url)
              .tls(TlsConfig.builder().allowSelfSigned(options.has("--allow-self-signed")).build());
      for (String protocol : options.values("--protocol")) {
        builder.subprotocol(protocol);
      }
      config = builder.build();
    } catch (IllegalArgumentException e) {
      out.println("client: " + e.getMessage());
      out.println(USAGE.synopsis());
      return 2;
    }
    WebSocketClient client;
    try {
      client = WebSocketClient.open(config);
    } catch (HandshakeException e) {
      out.println("client: handshake failed (HTTP " + e.status() + "): " + e.getMessage());
      return 1;
    } catch (SSLException e) {
      out.println(
          "client: TLS failed: "
              + e.getMessage()
              + (config.tls().allowSelfSigned()
                  ? ""
                  : " (for a server with a self-signed certificate add --allow-self-signed)"));
      return 1;
    } catch (IOException e) {
      out.println(
          "client: cannot connect: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
    try {
      return converse(client, texts, binaryBytes, expect, waitMillis, out);
    } catch (IOException e) {
      out.println("client: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("client: interrupted");
      return 1;
    } finally {
      try {
        client.close(CloseCodes.NORMAL, "", 0); // no-op after a clean close; frees the socket
      } catch (IOException ignored) {
        // The socket is gone either way.
      }
    }
  }

  private static int converse(
      WebSocketClient client,
      List<String> texts,
      int binaryBytes,
      long expect,
      long waitMillis,
      PrintStream out)
      throws IOException, InterruptedException {
    String subprotocol = client.subprotocol();
    out.println(
        "client: connected to "
            + describe(client.config())
            + (subprotocol == null ? "" : " (subprotocol " + subprotocol + ")"));
    PrintingListener listener = new PrintingListener(out);
    ReceiveLoop loop = client.startReceiveLoop(listener);
    int sent = 0;
    for (String text : texts) {
      if (client.sendText(text) != WebSocketClient.OK) {
        break;
      }
      out.println("> text " + PrintingListener.quoted(text));
      sent++;
    }
    if (binaryBytes > 0 && client.isOpen()) {
      byte[] data = new byte[binaryBytes];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) i;
      }
      if (client.sendBinary(data, 0, data.length) == WebSocketClient.OK) {
        out.println("> binary " + PrintingListener.describeBinary(data, 0, data.length));
        sent++;
      }
    }
    long received = listener.awaitMessages(expect, waitMillis);
    loop.stop();
    boolean clean;
    CloseStatus status = client.status();
    if (status == null) {
      clean = client.close(CloseCodes.NORMAL, "", CLOSE_TIMEOUT_MILLIS);
      status = client.status();
    } else {
      clean = status.code() == CloseCodes.NORMAL || status.code() == CloseCodes.GOING_AWAY;
    }
    String summary = "client: sent " + sent + ", received " + received + " messages";
    if (listener.error() != null) {
      out.println(summary + "; receiving failed: " + listener.error());
      return 1;
    }
    if (received < expect) {
      out.println(summary + "; expected " + expect + " within " + waitMillis + " ms");
      return 1;
    }
    if (!clean) {
      out.println(
          summary
              + "; the close was not clean"
              + (status == null ? "" : " (" + status.code() + " " + status.reason() + ")")
                  .stripTrailing());
      return 1;
    }
    out.println(summary + "; closed cleanly (" + status.code() + ")");
    return 0;
  }

  private static String describe(ClientConfig config) {
    return (config.secure() ? "wss://" : "ws://")
        + (config.connectHost().contains(":")
            ? "[" + config.connectHost() + "]"
            : config.connectHost())
        + ":"
        + config.port()
        + config.path();
  }
}

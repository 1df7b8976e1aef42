package io.lightwire.examples.echo;

import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.firmware.Example;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.CloseStatus;
import io.lightwire.websock.client.HandshakeException;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code lightwire example echo-client --url ws://HOST:PORT/PATH}: connects and sends back every
 * text and binary message unchanged (same type, same bytes; fragmented messages reassembled) until
 * the server closes. Exits 0 when the server closes normally (1000), 1 with a one-line reason
 * otherwise, 2 for bad arguments. Uses the public client API only, so it is how conformance is
 * checked from outside (e.g. by a test suite's fuzzing server).
 *
 * <p>Options: {@code --url URL} (required), {@code --timeout MS} (give up when no frame arrives for
 * that long; default: wait without limit), {@code --max-message BYTES} (largest message echoed,
 * default 16 MiB; a larger one is answered with close 1009).
 */
public final class EchoClientExample implements Example {

  private static final int DEFAULT_MAX_MESSAGE = 16 << 20;

  private static final ExampleUsage USAGE =
      new ExampleUsage(
          "echo-client",
          "usage: echo-client --url ws://HOST:PORT/PATH [--timeout MS] [--max-message BYTES]",
          "Connects and sends back every text and binary message unchanged until the server"
              + " closes. Exit 0 when the server closes normally (1000), 1 otherwise, 2 for a bad"
              + " command line.",
          List.of(
              ExampleUsage.Option.value("--url", "URL", "ws:// or wss:// URL (required)."),
              ExampleUsage.Option.value(
                  "--timeout",
                  "MS",
                  "Give up when no frame arrives for that long (default: wait without limit)."),
              ExampleUsage.Option.value(
                  "--max-message",
                  "BYTES",
                  "Largest message echoed (default: 16 MiB); a larger one gets close 1009.")));

  /** Creates the example (found through {@link java.util.ServiceLoader}). */
  public EchoClientExample() {}

  @Override
  public String name() {
    return "echo-client";
  }

  @Override
  public String summary() {
    return "connect to ws://HOST:PORT/PATH and echo every message back until the server closes";
  }

  @Override
  public int run(String[] args, PrintStream out) {
    String url;
    long timeout;
    int maxMessage;
    try {
      ExampleArgs options = ExampleArgs.parse(args, USAGE);
      if (options.helpRequested()) {
        out.print(USAGE.help());
        return 0;
      }
      url = options.value("--url", null);
      if (url == null) {
        throw new IllegalArgumentException("--url is required");
      }
      timeout = options.number("--timeout", -1, 0, Long.MAX_VALUE);
      maxMessage = (int) options.number("--max-message", DEFAULT_MAX_MESSAGE, 1, Integer.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      out.println("echo-client: " + e.getMessage());
      out.println(USAGE.synopsis());
      return 2;
    }
    ClientConfig config;
    try {
      config = ClientConfig.of(url);
    } catch (IllegalArgumentException e) {
      out.println("echo-client: " + e.getMessage());
      return 2;
    }
    try (WebSocketClient client = WebSocketClient.open(config)) {
      return echo(client, timeout, maxMessage, out);
    } catch (HandshakeException e) {
      out.println("echo-client: handshake failed (HTTP " + e.status() + "): " + e.getMessage());
      return 1;
    } catch (IOException e) {
      out.println("echo-client: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  private static int echo(WebSocketClient client, long timeout, int maxMessage, PrintStream out)
      throws IOException {
    MessageHeader header = new MessageHeader();
    byte[] message = new byte[Math.min(maxMessage, 64 * 1024)];
    int length = 0;
    long messages = 0;
    while (true) {
      if (length == message.length) {
        if (message.length == maxMessage) {
          client.close(CloseCodes.TOO_BIG, "message over " + maxMessage + " bytes", 1_000);
          out.println("echo-client: a message was larger than --max-message " + maxMessage);
          return 1;
        }
        message = Arrays.copyOf(message, (int) Math.min(maxMessage, 2L * message.length));
      }
      int n = client.recv(header, message, length, message.length - length, timeout);
      if (n == WebSocketClient.TIMEOUT) {
        out.println("echo-client: no frame within " + timeout + " ms");
        return 1;
      }
      if (n == WebSocketClient.CLOSED || header.opcode() == WebSocketProtocol.OPCODE_CLOSE) {
        CloseStatus status = client.status();
        if (status != null && status.code() == CloseCodes.NORMAL) {
          out.println(
              "echo-client: echoed " + messages + " messages; server closed normally (1000)");
          return 0;
        }
        out.println(
            "echo-client: server closed with "
                + (status == null ? "no status" : status.code() + " " + status.reason()).strip());
        return 1;
      }
      if (header.opcode() == WebSocketProtocol.OPCODE_PONG) {
        continue; // pongs are not messages; the bytes landed past the message and are ignored
      }
      length += n;
      if (header.endOfMessage()) {
        int result =
            header.isText()
                ? client.sendText(message, 0, length)
                : client.sendBinary(message, 0, length);
        if (result == WebSocketClient.CLOSED) {
          out.println("echo-client: the connection closed while echoing");
          return 1;
        }
        messages++;
        length = 0;
      }
    }
  }
}

package io.lightwire.firmware.testing;

import io.lightwire.firmware.AppState;
import io.lightwire.firmware.AppStatus;
import io.lightwire.firmware.Firmware;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.pool.Pool;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One booted firmware as a test sees it: the firmware, the emulated board's test API, its address,
 * the access token, and WebSocket clients that the harness closes after the test. Made by {@link
 * LightwireExtension}; not thread-safe (use it from the test's thread).
 */
public final class Lightwire {

  /** How long {@link #connect} waits for the TCP connection and the handshake, in milliseconds. */
  public static final long CONNECT_TIMEOUT_MILLIS = 5_000;

  private final Firmware firmware;
  private final List<WebSocketClient> clients = new ArrayList<>();

  Lightwire(Firmware firmware) {
    this.firmware = firmware;
  }

  /** The firmware under test. */
  public Firmware firmware() {
    return firmware;
  }

  /** The application's name, version, state and failures, as {@code /status} shows them. */
  public AppStatus application() {
    return firmware.application();
  }

  /**
   * Waits until the application's {@code start} has returned or thrown, at most {@code
   * timeoutMillis}.
   *
   * @throws IllegalStateException when it is still starting after that
   */
  void awaitApplicationStarted(long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (firmware.application().state() == AppState.STARTING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "application "
                + firmware.application().name()
                + " still starting after "
                + timeoutMillis
                + " ms");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The emulated board's test API: wiring, driving inputs, levels, the timeline, faults. */
  public EmulatedHardware board() {
    return firmware
        .emulatedHardware()
        .orElseThrow(() -> new IllegalStateException("the firmware is not on the emulated board"));
  }

  /** The port the firmware serves on (loopback). */
  public int port() {
    return firmware.port();
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** The access token that unlocks pin control and {@code /hil}. */
  public String accessToken() {
    return firmware.accessToken();
  }

  /**
   * Opens a WebSocket client to {@code path} ({@code /gpio}, {@code /camera}, {@code /hil}); the
   * harness closes it after the test. {@code /hil} is opened with the access token.
   *
   * @throws IOException when the connection or handshake fails
   */
  public WebSocketClient connect(String path) throws IOException {
    ClientConfig.Builder config =
        ClientConfig.builder()
            .url("ws://127.0.0.1:" + port() + path)
            .connectTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
            .handshakeTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
            .bufferBytes(1 << 16, 1 << 14);
    if (path.startsWith("/hil")) {
      config.header("Authorization: Bearer " + accessToken());
    }
    WebSocketClient client = WebSocketClient.open(config.build());
    clients.add(client);
    return client;
  }

  /**
   * Receives one whole message into {@code buffer}, waiting at most {@code timeoutMillis} in all.
   *
   * @return the message length, or -1 when none completed in time or the connection closed
   * @throws IOException when the message is larger than the buffer, or on I/O errors
   */
  public static int receive(WebSocketClient client, byte[] buffer, long timeoutMillis)
      throws IOException {
    MessageHeader header = new MessageHeader();
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    int length = 0;
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return -1;
      }
      if (length == buffer.length) {
        throw new IOException("message larger than the " + buffer.length + "-byte buffer");
      }
      int n = client.recv(header, buffer, length, buffer.length - length, left);
      if (n == WebSocketClient.CLOSED) {
        return -1;
      }
      if (n == WebSocketClient.TIMEOUT) {
        continue;
      }
      if (header.opcode() == 8) {
        return -1; // close
      }
      if (header.opcode() == 9 || header.opcode() == 10) {
        continue; // control frames do not belong to the message
      }
      length += n;
      if (header.endOfMessage()) {
        return length;
      }
    }
  }

  /**
   * Receives one text message, waiting at most {@code timeoutMillis}.
   *
   * @return the text, or null when none came in time
   */
  public static String receiveText(WebSocketClient client, long timeoutMillis) throws IOException {
    byte[] buffer = new byte[1 << 16];
    int n = receive(client, buffer, timeoutMillis);
    return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * Receives text messages until one contains {@code fragment}, waiting at most {@code
   * timeoutMillis} in all.
   *
   * @return that message, or null when none came in time
   */
  public static String awaitText(WebSocketClient client, String fragment, long timeoutMillis)
      throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    long left;
    while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
      String text = receiveText(client, left);
      if (text != null && text.contains(fragment)) {
        return text;
      }
    }
    return null;
  }

  /**
   * Sends a hil request and returns its reply (the next text message).
   *
   * @throws IOException when no reply comes within five seconds
   */
  public static String request(WebSocketClient hil, String json) throws IOException {
    hil.sendText(json);
    String reply = receiveText(hil, CONNECT_TIMEOUT_MILLIS);
    if (reply == null) {
      throw new IOException("no reply to " + json);
    }
    return reply;
  }

  /** Closes the clients, then the firmware; returns the pools still in use afterwards. */
  List<String> shutDown() {
    for (WebSocketClient c : clients) {
      try {
        c.close(1000, "test over", 1_000);
      } catch (IOException | RuntimeException e) {
        // the connection is gone either way; the firmware's pools tell whether it cleaned up
      }
    }
    clients.clear();
    firmware.close();
    List<String> leaks = new ArrayList<>();
    for (Pool pool : firmware.pools()) {
      if (pool.inUse() != 0) {
        leaks.add(pool.name() + " (" + pool.inUse() + " of " + pool.capacity() + ")");
      }
    }
    return leaks;
  }
}

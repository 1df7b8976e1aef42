package io.lightwire.examples.gpio;

import io.lightwire.examples.device.DeviceServer;
import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.json.JsonMessage;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.Pull;
import io.lightwire.hal.Subscription;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * An LED (a digital output) and a button (a digital input) on a page: every page sees both live; a
 * page that holds the access token switches the LED.
 *
 * <p>Who does what, and on which thread:
 *
 * <ul>
 *   <li>Service thread (the protocol's callbacks): a page's control message is parsed and checked
 *       there; {@code {"type":"auth","token":...}} unlocks that connection (compared in constant
 *       time), a control from a locked connection is refused, answered and counted. Accepted
 *       controls are posted to the application thread.
 *   <li>Application thread: the only place that sets the LED and that writes the state to every
 *       page ({@link Server#broadcast}, encoded once; queues keep the newest state, so a slow page
 *       skips to it). The button's edges (hardware event thread) are posted here too.
 *   <li>A 250 ms application timer sends the state again when a broadcast was refused (every
 *       broadcast buffer in flight), so a page never stays on a stale state.
 * </ul>
 *
 * <p>The button is an active-high input with a pull-down (a push button between the GPIO and 3.3
 * V), debounced 10 ms. Its rising edges are counted as presses.
 */
public final class GpioRemote implements AutoCloseable {

  /** The WebSocket path of the remote. */
  public static final String PATH = "/remote";

  /** The subprotocol name. */
  public static final String PROTOCOL = "gpio-remote";

  /** Where the page lives in the jar: a folder outside any package, so always readable. */
  static final String WEB_ROOT = "gpio-remote-web";

  /** The largest control message a page may send, in bytes; larger ones close with 1009. */
  static final int MAX_MESSAGE_BYTES = 1024;

  /** How often a refused state broadcast is retried, in milliseconds. */
  static final long REPUBLISH_MILLIS = 250;

  static final int MAX_CONNECTIONS = 16;
  static final int BROADCAST_BUFFERS = 8;
  static final int APP_EVENTS = 64;
  static final int STATE_QUEUE_DEPTH = 2;
  private static final int BUFFER_BYTES = 16_384;

  private static final System.Logger LOG = System.getLogger("io.lightwire.examples.gpio");

  private final Hardware hardware;
  private final DigitalOutput led;
  private final DigitalInput button;
  private final byte[] token;
  private final Protocol protocol;
  private final DeviceServer serving;
  private final Server server;
  private final ApplicationThread app;
  private Subscription edges;

  // Written by one thread each (led: application; button and presses: the hardware's edge thread).
  private volatile boolean ledOn;
  private volatile boolean buttonHigh;
  private volatile long presses;
  private volatile boolean dirty;
  private volatile long controlsApplied;
  private volatile long controlsRefused;

  private final Runnable publishTask = this::publish;
  private final StringBuilder appText = new StringBuilder(128);
  private final ByteBuffer appBytes = ByteBuffer.allocate(256);
  private final StringBuilder serviceText = new StringBuilder(128);

  private GpioRemote(
      Hardware hardware, DigitalOutput led, DigitalInput button, String token, ServerConfig config)
      throws IOException {
    this.hardware = hardware;
    this.led = led;
    this.button = button;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.protocol =
        new Protocol(
            PROTOCOL,
            PATH,
            new Pages(),
            QueuePolicy.KEEP_NEWEST,
            STATE_QUEUE_DEPTH,
            RemoteClient::new);
    this.serving = DeviceServer.open(config, GpioRemote.class, WEB_ROOT, protocol, APP_EVENTS);
    this.server = serving.server();
    this.app = serving.app();
  }

  /**
   * Opens the LED on GPIO {@code ledBcm} (low, and left low on shutdown) and the button on GPIO
   * {@code buttonBcm}, serves the page on {@code bind}:{@code port}, and starts.
   *
   * @param token the access token that unlocks the LED for a page
   * @throws IOException when the port cannot be bound (the message names the address)
   * @throws IllegalArgumentException when a pin does not exist on the board or cannot serve (the
   *     message names it)
   * @throws IllegalStateException when a pin is already taken
   */
  public static GpioRemote start(
      Hardware hardware, int ledBcm, int buttonBcm, String token, String bind, int port)
      throws IOException {
    DigitalOutput led = hardware.openDigitalOutput(DigitalOutputConfig.of("led", ledBcm));
    DigitalInput button = null;
    GpioRemote remote = null;
    try {
      button =
          hardware.openDigitalInput(
              new DigitalInputConfig(
                  "button",
                  buttonBcm,
                  Pull.DOWN,
                  false,
                  DigitalInputConfig.DEFAULT_DEBOUNCE_MICROS));
      remote = new GpioRemote(hardware, led, button, token, serverConfig(bind, port));
      remote.edges = button.onEdge(remote::onButtonEdge);
      remote.buttonHigh = button.get(); // after subscribing, so no edge falls in between
      if (remote.app.every(REPUBLISH_MILLIS, remote::republishIfDirty)
          == ApplicationThread.REFUSED) {
        throw new IllegalStateException("no timer left for the state re-send");
      }
      remote.serving.start();
      return remote;
    } catch (IOException | RuntimeException e) {
      if (remote != null) {
        remote.close();
      } else {
        led.close();
        if (button != null) {
          button.close();
        }
      }
      throw e;
    }
  }

  static ServerConfig serverConfig(String bind, int port) {
    ServerConfig base = ServerConfig.loopback();
    return ServerConfig.builder()
        .bindAddress(bind)
        .port(port)
        .maxConnections(MAX_CONNECTIONS)
        .rxBufferBytes(BUFFER_BYTES)
        .txBufferBytes(BUFFER_BYTES)
        .maxHeaderBytes(base.maxHeaderBytes())
        .maxMessageBytes(MAX_MESSAGE_BYTES)
        .broadcastBuffers(BROADCAST_BUFFERS)
        .broadcastBufferBytes(MAX_MESSAGE_BYTES + ServerConfig.MAX_FRAME_HEADER)
        .timeouts(base.handshakeTimeoutMillis(), base.idleTimeoutMillis())
        .build();
  }

  /** The hardware's edge thread: remember the level, count a press, wake the application. */
  private void onButtonEdge(boolean high, long timeNanos) {
    buttonHigh = high;
    if (high) {
      presses++; // only this thread writes it
    }
    dirty = true;
    app.post(publishTask); // when the queue is full, the re-send timer picks it up
  }

  /** Application thread: set the LED as a page asked, then tell every page. */
  private void setLed(boolean on) {
    led.set(on);
    ledOn = on;
    controlsApplied++;
    publish();
  }

  private void republishIfDirty() {
    if (dirty) {
      publish();
    }
  }

  /** Application thread: write the state to every page. */
  private void publish() {
    dirty = false; // before reading the state: a change after this sets it again
    renderState(appText);
    appBytes.clear();
    for (int i = 0; i < appText.length(); i++) {
      appBytes.put((byte) appText.charAt(i)); // the state is ASCII
    }
    appBytes.flip();
    if (server.broadcast(protocol, true, appBytes) < 0) {
      dirty = true; // every broadcast buffer in flight: the timer sends it again
    }
  }

  /** The state message: {@code {"type":"state","led":B,"button":B,"presses":N}}. */
  private void renderState(StringBuilder out) {
    out.setLength(0);
    out.append("{\"type\":\"state\",\"led\":")
        .append(ledOn)
        .append(",\"button\":")
        .append(buttonHigh)
        .append(",\"presses\":")
        .append(presses)
        .append(",\"board\":\"")
        .append(hardware.kind())
        .append("\",\"ledGpio\":")
        .append(led.config().bcm())
        .append(",\"buttonGpio\":")
        .append(button.config().bcm())
        .append('}');
  }

  /** The protocol's callbacks, on the service thread. */
  private final class Pages implements WebSocketHandler {

    @Override
    public void onOpen(WebSocketConnection connection) {
      RemoteClient client = connection.state();
      client.reset();
      sendState(connection, client);
    }

    @Override
    public void onWritable(WebSocketConnection connection) {
      RemoteClient client = connection.state();
      if (client.stateOwed) {
        sendState(connection, client);
      }
    }

    private void sendState(WebSocketConnection connection, RemoteClient client) {
      renderState(serviceText);
      client.stateOwed = connection.sendText(serviceText) == WebSocketConnection.BACK_PRESSURED;
      if (client.stateOwed) {
        connection.requestWritable();
      }
    }

    @Override
    public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
      if (!text) {
        connection.close(CloseCodes.UNSUPPORTED_DATA, "gpio-remote takes JSON text only");
        return;
      }
      JsonMessage message;
      String type;
      try {
        message = JsonMessage.parse(StandardCharsets.UTF_8.decode(payload));
        type = message.string("type");
      } catch (IllegalArgumentException e) {
        connection.close(CloseCodes.POLICY_VIOLATION, reason(e.getMessage()));
        return;
      }
      RemoteClient client = connection.state();
      if ("auth".equals(type)) {
        authenticate(connection, client, token(message));
      } else if ("led".equals(type) && isFlag(message, "on")) {
        control(connection, client, message.flag("on") ? Control.ON : Control.OFF);
      } else if ("toggle".equals(type)) {
        control(connection, client, Control.TOGGLE);
      } else {
        connection.close(
            CloseCodes.POLICY_VIOLATION,
            "expected type auth (token), led (on: true|false) or toggle");
      }
    }

    private static String token(JsonMessage message) {
      try {
        return message.string("token");
      } catch (IllegalArgumentException e) {
        return null; // a token of the wrong type is a wrong token
      }
    }

    private static boolean isFlag(JsonMessage message, String name) {
      try {
        message.flag(name);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    private void authenticate(WebSocketConnection connection, RemoteClient client, String given) {
      boolean ok =
          given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
      client.unlocked = ok;
      if (!ok) {
        controlsRefused++;
        LOG.log(
            System.Logger.Level.WARNING,
            "gpio-remote: wrong access token from {0}",
            connection.remoteAddress());
      }
      connection.sendText(
          ok ? "{\"type\":\"auth\",\"ok\":true}" : "{\"type\":\"auth\",\"ok\":false}");
    }

    private void control(WebSocketConnection connection, RemoteClient client, Control control) {
      if (!client.unlocked) {
        controlsRefused++;
        LOG.log(
            System.Logger.Level.WARNING,
            "gpio-remote: LED control without the access token from {0}",
            connection.remoteAddress());
        connection.sendText(
            "{\"type\":\"error\",\"message\":\"switching the LED needs the access token\"}");
        return;
      }
      if (!app.post(
          control == Control.TOGGLE ? toggle : control == Control.ON ? turnOn : turnOff)) {
        connection.sendText("{\"type\":\"error\",\"message\":\"busy: try again\"}");
      }
    }
  }

  /** A close reason of at most 123 UTF-8 bytes (RFC 6455 5.5): ASCII here, cut at 100. */
  private static String reason(String message) {
    return message.length() <= 100 ? message : message.substring(0, 100);
  }

  private enum Control {
    ON,
    OFF,
    TOGGLE
  }

  private final Runnable turnOn = () -> setLed(true);
  private final Runnable turnOff = () -> setLed(false);
  private final Runnable toggle = () -> setLed(!ledOn);

  /** The server, for its address and its pools. */
  public Server server() {
    return server;
  }

  /** The hardware the pins are on. */
  public Hardware hardware() {
    return hardware;
  }

  /** The LED's level as last set. */
  public boolean ledOn() {
    return ledOn;
  }

  /** The button's level as last seen. */
  public boolean buttonPressed() {
    return buttonHigh;
  }

  /** Rising edges of the button since start. */
  public long presses() {
    return presses;
  }

  /** LED controls applied. */
  public long controlsApplied() {
    return controlsApplied;
  }

  /** Controls and tokens refused. */
  public long controlsRefused() {
    return controlsRefused;
  }

  /** Every pool this example runs on; each is back to zero in use after {@link #close()}. */
  public List<Pool> pools() {
    return serving.pools();
  }

  /**
   * Stops the application thread and the server (pages get close 1001), then closes the pins (the
   * LED goes low). Leaves the hardware open: its owner closes it. Idempotent.
   */
  public synchronized void stop() {
    if (edges != null) {
      edges.close(); // no press is posted to an application thread that is stopping
      edges = null;
    }
    if (serving.stop()) {
      led.close();
      button.close();
    }
  }

  /** As {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }
}

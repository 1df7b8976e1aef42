package io.lightwire.firmware.internal;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.hal.Subscription;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The GPIO panel: WebSocket at {@code /gpio}, a watcher of the board's {@link GpioPins}. Every
 * client gets the board's header with the state of each opened pin ({@code {"type":"pins",...}}),
 * again whenever a pin changes, whoever changed it (the application, an input edge, MQTT or another
 * panel client). Reading is open to anyone who can reach the page; changing a pin needs the access
 * token, sent once per connection as {@code {"type":"auth","token":"..."}} ({@link PanelAuth}:
 * wrong tokens rate-limited per peer, a replaced token locks its connections). Control messages
 * without it are refused, counted and logged with the peer's address.
 *
 * <p>Threads: messages arrive on the service thread; the changes they ask for are posted to the
 * application thread and made through {@link GpioPins}. A pin change (any thread) only marks the
 * state changed; one task on the service thread then sends the new state to every client. A client
 * whose queue is full gets it when it can take more; an application timer re-sends whatever a full
 * task ring held back.
 */
public final class GpioPanel implements WebSocketHandler, AutoCloseable {

  /** The panel endpoint's path. */
  public static final String PATH = "/gpio";

  /** The protocol's name (also accepted as a subprotocol). */
  public static final String PROTOCOL = "lightwire.gpio";

  private final GpioPins pins;
  private final PanelAuth auth;
  private final ApplicationThread app;
  private final List<PanelClient> clients = new CopyOnWriteArrayList<>();
  private final Protocol protocol;
  private final AtomicBoolean pushPending = new AtomicBoolean();
  private final Runnable pushTask = this::pushAll;
  private final Subscription watching;
  private volatile long pushedVersion = -1;
  private volatile Server server;
  private volatile long controlsApplied;
  private Subscription sweeping;
  private volatile Supplier<String> status = () -> "{}";

  /**
   * A panel over {@code pins}; control needs {@code token}; changes run on {@code app}; the
   * wrong-token rate limit and log budget run on {@code nanoClock} ({@link System#nanoTime()}
   * scale).
   */
  public GpioPanel(
      GpioPins pins, AccessToken token, ApplicationThread app, LongSupplier nanoClock) {
    this.pins = pins;
    this.auth = new PanelAuth(token, nanoClock);
    this.app = app;
    this.protocol = new Protocol(PROTOCOL, PATH, this, QueuePolicy.REFUSE, 8, this::newClient);
    this.watching = pins.watch(this::requestPush);
  }

  private PanelClient newClient() {
    PanelClient c = new PanelClient(); // once per connection slot, at server start
    clients.add(c);
    return c;
  }

  /** Where {@code {"type":"status"}} requests get the {@code /status} document; service thread. */
  public void statusSource(Supplier<String> source) {
    this.status = Objects.requireNonNull(source, "source");
  }

  /** The protocol to add to the server's table. */
  public Protocol protocol() {
    return protocol;
  }

  /** The pins the panel shows. */
  public GpioPins pins() {
    return pins;
  }

  /**
   * Starts pushing state through {@code target}; the pins' sweep retries a push a full task ring
   * refused.
   */
  public void start(Server target) {
    this.server = target;
    sweeping = pins.sweep(this::sweep);
  }

  private void sweep() {
    if (pins.version() != pushedVersion) {
      requestPush();
    }
  }

  private void requestPush() {
    Server s = server;
    if (s != null && pushPending.compareAndSet(false, true) && !s.execute(pushTask)) {
      pushPending.set(false); // the task ring is full: the sweep timer tries again
    }
  }

  /** Service thread: sends the current state to every client that has an older one. */
  private void pushAll() {
    pushPending.set(false);
    long v = pins.version();
    String state = null;
    for (PanelClient c : clients) {
      if (c.connection != null && c.sentVersion != v) {
        if (state == null) {
          state = stateJson();
        }
        send(c, state, v);
      }
    }
    pushedVersion = v;
  }

  private void send(PanelClient c, String state, long v) {
    int result = c.connection.sendText(state);
    if (result >= 0) {
      c.sentVersion = v;
    } else if (result == WebSocketConnection.BACK_PRESSURED) {
      c.connection.requestWritable(); // onWritable sends the newest state
    }
  }

  @Override
  public void onWritable(WebSocketConnection connection) {
    PanelClient c = connection.state();
    long v = pins.version();
    if (c.connection != null && c.sentVersion != v) {
      send(c, stateJson(), v);
    }
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    PanelClient c = connection.state();
    c.open(connection);
    send(c, stateJson(), pins.version());
  }

  @Override
  public void onClose(WebSocketConnection connection, int code, String reason) {
    PanelClient c = connection.state();
    c.close();
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    PanelControl.handle(this, connection, text, payload);
  }

  PanelAuth auth() {
    return auth;
  }

  String statusJson() {
    return status.get();
  }

  /**
   * Service thread: posts {@code change} of the pins to the application thread, counted as applied
   * when it ran; false when the application queue is full.
   */
  boolean apply(Runnable change) {
    return app.post(
        () -> {
          change.run();
          controlsApplied++;
        });
  }

  /** The whole header and the state of every opened pin, as the panel message. */
  String stateJson() {
    return PanelJson.pins(pins.board(), pins.version(), pins.header());
  }

  /** Writes the panel's part of {@code /status}, with the edge counters of every input. */
  void writeStatus(Json json) {
    int open = 0;
    for (PanelClient c : clients) {
      if (c.connection != null) {
        open++;
      }
    }
    PanelJson.status(json, open, controlsApplied, auth, pins.header());
  }

  /** Control attempts refused for want of the current token. */
  public long controlsRefused() {
    return auth.controlsRefused();
  }

  /** Control attempts applied. */
  public long controlsApplied() {
    return controlsApplied;
  }

  /** Wrong access tokens presented since boot. */
  public long wrongTokens() {
    return auth.wrongTokens();
  }

  /** Token attempts refused unchecked because the peer had made too many wrong ones. */
  public long tokenAttemptsRateLimited() {
    return auth.rateLimited();
  }

  /** Stops watching the pins. The pins stay with their owner. */
  @Override
  public void close() {
    watching.close();
    if (sweeping != null) {
      sweeping.close();
      sweeping = null;
    }
  }
}

package io.lightwire.firmware.internal;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.BoardHardware;
import io.lightwire.boards.PinKind;
import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.GpioEdgeCounts;
import io.lightwire.firmware.GpioEdgeListener;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.Pull;
import io.lightwire.hal.Subscription;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The GPIO panel: WebSocket at {@code /gpio}. Every client gets the board's header with the state
 * of each pin the firmware opened ({@code {"type":"pins",...}}), again whenever a pin changes.
 * Reading is open to anyone who can reach the page; changing a pin needs the access token, sent
 * once per connection as {@code {"type":"auth","token":"..."}} ({@link PanelAuth}: wrong tokens
 * rate-limited per peer, a replaced token locks its connections). Control messages without it are
 * refused, counted and logged with the peer's address.
 *
 * <p>Threads: messages arrive on the service thread; hardware changes run on the application thread
 * (posted there), so no lock guards the devices; input edges arrive on the hardware's event thread,
 * which also posts each input's preallocated {@link EdgeEvent} to the application thread for the
 * application's listeners ({@link io.lightwire.firmware.Gpio}). Any of them marks the state
 * changed; one task on the service thread then sends the new state to every client. A client whose
 * queue is full gets it when it can take more; an application timer re-sends whatever a full task
 * ring held back.
 */
public final class GpioPanel implements WebSocketHandler, AutoCloseable {

  /** The panel endpoint's path. */
  public static final String PATH = "/gpio";

  /** The protocol's name (also accepted as a subprotocol). */
  public static final String PROTOCOL = "lightwire.gpio";

  /** PWM frequency the panel's PWM pins run at, in Hz. */
  static final long PWM_FREQUENCY_HZ = 1_000;

  /** How often the application thread checks for a state change not yet sent, in ms. */
  static final long SWEEP_MILLIS = 250;

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.gpio");

  private final BoardDescriptor board;
  private final List<PanelPin> pins;
  private final PanelAuth auth;
  private final ApplicationThread app;
  private final List<PanelClient> clients = new CopyOnWriteArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final Protocol protocol;
  private final AtomicLong version = new AtomicLong();
  private final AtomicBoolean pushPending = new AtomicBoolean();
  private final Runnable pushTask = this::pushAll;
  private volatile long pushedVersion = -1;
  private volatile Server server;
  private volatile Runnable changeListener;
  private volatile long controlsApplied;
  private long sweepTimer = ApplicationThread.REFUSED;
  private volatile Supplier<String> status = () -> "{}";

  private GpioPanel(
      BoardDescriptor board, List<PanelPin> pins, AccessToken token, ApplicationThread app) {
    this.board = board;
    this.pins = pins;
    this.auth = new PanelAuth(token);
    this.app = app;
    this.protocol = new Protocol(PROTOCOL, PATH, this, QueuePolicy.REFUSE, 8, this::newClient);
  }

  /**
   * Opens the panel's pins on {@code hardware}: outputs (start low), inputs (pull-down, default
   * debounce), hardware PWM (stopped, 1 kHz).
   *
   * @throws IllegalArgumentException when a pin is not a GPIO of the board, lacks PWM, or is named
   *     twice; the message names the pin
   */
  public static GpioPanel open(
      BoardDescriptor board,
      Hardware hardware,
      List<Integer> outputs,
      List<Integer> inputs,
      List<Integer> pwm,
      AccessToken token,
      ApplicationThread app) {
    List<PanelPin> pins = PanelLayout.pins(board, outputs, inputs, pwm);
    GpioPanel panel = new GpioPanel(board, pins, token, app);
    try {
      for (PanelPin p : panel.pins) {
        panel.openDevice(hardware, p);
      }
    } catch (RuntimeException e) {
      panel.close();
      throw e;
    }
    return panel;
  }

  private void openDevice(Hardware hardware, PanelPin p) {
    String id = "gpio" + p.bcm();
    switch (p.mode) {
      case OUTPUT -> {
        p.output = hardware.openDigitalOutput(DigitalOutputConfig.of(id, p.bcm()));
        p.level = p.output.get();
      }
      case INPUT -> {
        p.input =
            hardware.openDigitalInput(
                new DigitalInputConfig(
                    id, p.bcm(), Pull.DOWN, false, DigitalInputConfig.DEFAULT_DEBOUNCE_MICROS));
        p.level = p.input.get();
        p.events = new EdgeEvent(p.bcm(), app);
        subscriptions.add(p.input.onEdge((high, nanos) -> hardwareEdge(p, high, nanos)));
      }
      case PWM -> {
        p.pwm =
            hardware.openPwm(
                BoardHardware.pwmConfig(board, "pwm" + p.bcm(), p.bcm(), PWM_FREQUENCY_HZ, 0));
        p.frequencyHz = PWM_FREQUENCY_HZ;
      }
      default -> {
        // power, ground and unused pins are shown, never opened
      }
    }
  }

  /**
   * Hardware event thread: record the level, let the service thread tell the clients and the
   * application thread tell the application's listeners. Allocates nothing.
   */
  void hardwareEdge(PanelPin p, boolean high, long nanos) {
    p.level = high;
    changed();
    p.events.hardwareEdge(high, nanos);
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

  /** Starts pushing state through {@code target}, with a sweep timer on the application thread. */
  public void start(Server target) {
    this.server = target;
    sweepTimer = app.every(SWEEP_MILLIS, this::sweep);
  }

  private void sweep() {
    if (version.get() != pushedVersion) {
      requestPush();
    }
    for (PanelPin p : pins) {
      if (p.events != null) {
        p.events.deliverIfStranded();
      }
    }
  }

  private void changed() {
    version.incrementAndGet();
    requestPush();
    Runnable listener = changeListener;
    if (listener != null) {
      listener.run();
    }
  }

  /**
   * Sets the one listener told after every change of an opened pin (null: none). It runs on the
   * thread that made the change (the application thread, or the hardware's event thread for input
   * edges), so it must only note the change and return (the MQTT bridge wakes its thread).
   */
  public void onChange(Runnable listener) {
    this.changeListener = listener;
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
    long v = version.get();
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
    long v = version.get();
    if (c.connection != null && c.sentVersion != v) {
      send(c, stateJson(), v);
    }
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    PanelClient c = connection.state();
    c.open(connection);
    send(c, stateJson(), version.get());
  }

  @Override
  public void onClose(WebSocketConnection connection, int code, String reason) {
    PanelClient c = connection.state();
    c.close();
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    PanelClient c = connection.state();
    if (!text) {
      reply(connection, "error", "the panel takes JSON text messages");
      return;
    }
    JsonObject m;
    String type;
    try {
      m = JsonObject.parse(StandardCharsets.UTF_8.decode(payload));
      type = m.string("type");
    } catch (IllegalArgumentException e) {
      reply(connection, "error", e.getMessage());
      return;
    }
    if ("auth".equals(type)) {
      authorize(c, m);
      return;
    }
    if ("status".equals(type)) {
      // The page reads the status here, so that a tab needs no HTTP connection besides its two
      // WebSockets (camera and this panel).
      connection.sendText("{\"type\":\"status\",\"status\":" + status.get() + "}");
      return;
    }
    if (!"set".equals(type) && !"toggle".equals(type) && !"pwm".equals(type)) {
      reply(
          connection, "error", "unknown type " + type + "; known: auth, status, set, toggle, pwm");
      return;
    }
    if (!auth.mayControl(c, type)) {
      return;
    }
    try {
      control(connection, type, m);
    } catch (IllegalArgumentException e) {
      reply(connection, "error", e.getMessage());
    }
  }

  private void authorize(PanelClient c, JsonObject m) {
    String candidate;
    try {
      candidate = m.string("token");
    } catch (IllegalArgumentException e) {
      candidate = null;
    }
    auth.authorize(c, candidate);
  }

  private void control(WebSocketConnection connection, String type, JsonObject m) {
    int bcm = m.integer("bcm");
    PanelPin p = pin(bcm);
    Runnable change;
    switch (type) {
      case "set" -> {
        requireMode(p, PanelPin.Mode.OUTPUT);
        boolean level = m.flag("level");
        change = () -> setOutput(p, level);
      }
      case "toggle" -> {
        requireMode(p, PanelPin.Mode.OUTPUT);
        change = () -> setOutput(p, !p.output.get());
      }
      default -> {
        requireMode(p, PanelPin.Mode.PWM);
        double duty = m.number("duty");
        if (!(duty >= 0 && duty <= 100)) {
          throw new IllegalArgumentException("duty " + duty + " is not in [0, 100] percent");
        }
        change = () -> setDuty(p, duty);
      }
    }
    if (!app.post(change)) {
      reply(connection, "error", "the application queue is full; try again");
    }
  }

  PanelPin pin(int bcm) {
    for (PanelPin p : pins) {
      if (p.header.kind() == PinKind.GPIO && p.bcm() == bcm) {
        return p;
      }
    }
    throw new IllegalArgumentException("GPIO " + bcm + " is not on the header of " + board.id());
  }

  private static void requireMode(PanelPin p, PanelPin.Mode mode) {
    if (p.mode != mode) {
      throw new IllegalArgumentException(
          "GPIO " + p.bcm() + " is " + p.mode.json() + ", not " + mode.json());
    }
  }

  /** Application thread. */
  private void setOutput(PanelPin p, boolean level) {
    p.output.set(level);
    p.level = level;
    controlsApplied++;
    changed();
  }

  /**
   * Application thread: sets PWM pin {@code bcm} to {@code duty} percent (0 stops it) and tells the
   * panel's clients.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the panel's PWM pins, or the
   *     duty is not within 0 to 100
   */
  public void writeDuty(int bcm, double duty) {
    PanelPin p = pin(bcm);
    requireMode(p, PanelPin.Mode.PWM);
    if (!(duty >= 0 && duty <= 100)) {
      throw new IllegalArgumentException("duty " + duty + " is not in [0, 100] percent");
    }
    setDuty(p, duty);
  }

  /**
   * The duty of PWM pin {@code bcm} in percent (0: stopped).
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the panel's PWM pins
   */
  public double duty(int bcm) {
    PanelPin p = pin(bcm);
    requireMode(p, PanelPin.Mode.PWM);
    return p.duty;
  }

  /** Application thread. */
  private void setDuty(PanelPin p, double duty) {
    if (duty == 0) {
      p.pwm.off();
    } else {
      p.pwm.on(duty, PWM_FREQUENCY_HZ);
    }
    p.duty = duty;
    controlsApplied++;
    changed();
  }

  private static void reply(WebSocketConnection connection, String type, String message) {
    connection.sendText(
        new Json()
            .beginObject()
            .field("type", type)
            .field("message", message)
            .endObject()
            .toString());
  }

  /** The whole header and the state of every opened pin, as the panel message. */
  String stateJson() {
    return PanelJson.pins(board, version.get(), pins);
  }

  /** Writes the panel's part of {@code /status}, with the edge counters of every input. */
  void writeStatus(Json json) {
    int open = 0;
    for (PanelClient c : clients) {
      if (c.connection != null) {
        open++;
      }
    }
    PanelJson.status(json, open, controlsApplied, auth, pins);
  }

  /**
   * Adds an application listener for the edges of input {@code bcm}; it runs on the application
   * thread.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the panel's inputs
   */
  public Subscription onEdge(int bcm, GpioEdgeListener listener) {
    Objects.requireNonNull(listener, "listener");
    PanelPin p = pin(bcm);
    requireMode(p, PanelPin.Mode.INPUT);
    return p.events.add(listener);
  }

  /**
   * The last known logical level of input or output {@code bcm}.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the panel's inputs or outputs
   */
  public boolean level(int bcm) {
    PanelPin p = pin(bcm);
    if (p.mode != PanelPin.Mode.INPUT && p.mode != PanelPin.Mode.OUTPUT) {
      throw new IllegalArgumentException(
          "GPIO " + bcm + " is " + p.mode.json() + ", not input or output");
    }
    return p.level;
  }

  /**
   * Application thread: drives output {@code bcm} and tells the panel's clients.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the panel's outputs
   */
  public void write(int bcm, boolean level) {
    PanelPin p = pin(bcm);
    requireMode(p, PanelPin.Mode.OUTPUT);
    p.output.set(level);
    p.level = level;
    changed();
  }

  /** The GPIO numbers of the panel's inputs, in header order. */
  public List<Integer> inputs() {
    return bcms(PanelPin.Mode.INPUT);
  }

  /** The GPIO numbers of the panel's digital outputs, in header order. */
  public List<Integer> outputs() {
    return bcms(PanelPin.Mode.OUTPUT);
  }

  /** The GPIO numbers of the panel's PWM pins, in header order. */
  public List<Integer> pwmPins() {
    return bcms(PanelPin.Mode.PWM);
  }

  private List<Integer> bcms(PanelPin.Mode mode) {
    List<Integer> out = new ArrayList<>();
    for (PanelPin p : pins) {
      if (p.mode == mode) {
        out.add(p.bcm());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Edge counters of input {@code bcm}: seen, delivered, coalesced, refused (see {@link
   * EdgeEvent}).
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the panel's inputs
   */
  public GpioEdgeCounts edgeCounts(int bcm) {
    PanelPin p = pin(bcm);
    requireMode(p, PanelPin.Mode.INPUT);
    EdgeEvent e = p.events;
    return new GpioEdgeCounts(bcm, e.edges(), e.delivered(), e.coalesced(), e.refused());
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

  /** Receives one opened input's edge count. */
  interface InputEdges {
    void input(int bcm, long edges);
  }

  /** Calls {@code visitor} with the edges seen since boot on each opened input, in header order. */
  void forEachInput(InputEdges visitor) {
    for (PanelPin p : pins) {
      if (p.events != null) {
        visitor.input(p.bcm(), p.events.edges());
      }
    }
  }

  /** Stops the sweep timer and the input listeners. The devices close with the hardware. */
  @Override
  public void close() {
    if (sweepTimer != ApplicationThread.REFUSED) {
      app.cancel(sweepTimer);
      sweepTimer = ApplicationThread.REFUSED;
    }
    for (Subscription s : subscriptions) {
      s.close();
    }
    subscriptions.clear();
    for (PanelPin p : pins) {
      if (p.events != null) {
        p.events.clear();
      }
    }
  }
}

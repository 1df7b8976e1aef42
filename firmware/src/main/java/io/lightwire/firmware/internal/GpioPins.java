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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The board's opened pins, the one owner of them: the {@code gpio.*} keys claim them at boot
 * (outputs start low, inputs pull down with the default debounce, PWM stopped at 1 kHz); this class
 * keeps their state, delivers input edges to the application's listeners and tells its watchers
 * after every change. Applications reach it through {@link io.lightwire.firmware.Gpio}; the GPIO
 * panel, the MQTT bridge and {@code /status} are watchers and readers of it, never in the
 * application's path.
 *
 * <p>Threads: writes run on the application thread, so no lock guards the devices; input edges
 * arrive on the hardware's event thread, which posts each input's preallocated {@link EdgeEvent} to
 * the application thread (no allocation per edge). Levels and duties are readable from any thread.
 * Watchers run on the thread that made the change and must only note it and return.
 */
public final class GpioPins implements AutoCloseable {

  /** PWM frequency the PWM pins run at, in Hz. */
  static final long PWM_FREQUENCY_HZ = 1_000;

  /** How often the application thread delivers an edge a full queue held back, in ms. */
  static final long SWEEP_MILLIS = 250;

  private static final Runnable[] NO_WATCHERS = new Runnable[0];

  private final BoardDescriptor board;
  private final List<PanelPin> pins;
  private final ApplicationThread app;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final AtomicLong version = new AtomicLong();
  // Copied on change, read without a lock: an edge must not allocate an iterator.
  private volatile Runnable[] watchers = NO_WATCHERS;
  private volatile Runnable[] sweepers = NO_WATCHERS;
  private long sweepTimer = ApplicationThread.REFUSED;

  private GpioPins(BoardDescriptor board, List<PanelPin> pins, ApplicationThread app) {
    this.board = board;
    this.pins = pins;
    this.app = app;
  }

  /**
   * Claims the pins on {@code hardware} and starts delivering edges to the application thread.
   *
   * @throws IllegalArgumentException when a pin is not a GPIO of the board, lacks PWM, or is named
   *     twice; the message names the pin
   */
  public static GpioPins open(
      BoardDescriptor board,
      Hardware hardware,
      List<Integer> outputs,
      List<Integer> inputs,
      List<Integer> pwm,
      ApplicationThread app) {
    GpioPins opened = new GpioPins(board, PanelLayout.pins(board, outputs, inputs, pwm), app);
    try {
      for (PanelPin p : opened.pins) {
        opened.openDevice(hardware, p);
      }
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    opened.sweepTimer = app.every(SWEEP_MILLIS, opened::deliverStranded);
    return opened;
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
   * Hardware event thread: record the level, tell the watchers and post the application's event.
   * Allocates nothing.
   */
  void hardwareEdge(PanelPin p, boolean high, long nanos) {
    p.level = high;
    changed();
    p.events.hardwareEdge(high, nanos);
  }

  /**
   * Application thread, every {@link #SWEEP_MILLIS}: an edge a full queue refused reaches the
   * listeners now, and the sweepers retry what a full queue of theirs held back.
   */
  private void deliverStranded() {
    for (PanelPin p : pins) {
      if (p.events != null) {
        p.events.deliverIfStranded();
      }
    }
    Runnable[] current = sweepers;
    for (int i = 0; i < current.length; i++) {
      current[i].run();
    }
  }

  private void changed() {
    version.incrementAndGet();
    Runnable[] current = watchers;
    for (int i = 0; i < current.length; i++) {
      current[i].run();
    }
  }

  /**
   * Adds {@code watcher}, told after every change of an opened pin on the thread that made it (the
   * application thread, or the hardware's event thread for input edges): it must only note the
   * change and return. Closing the result removes it.
   */
  public Subscription watch(Runnable watcher) {
    Objects.requireNonNull(watcher, "watcher");
    synchronized (this) {
      watchers = added(watchers, watcher);
    }
    return () -> {
      synchronized (this) {
        watchers = removed(watchers, watcher);
      }
    };
  }

  /**
   * Adds {@code sweeper}, run on the application thread with the pins' own sweep (every {@link
   * #SWEEP_MILLIS} ms), so a watcher that could not act on a change (its queue was full) retries
   * without a timer of its own. Closing the result removes it.
   */
  public Subscription sweep(Runnable sweeper) {
    Objects.requireNonNull(sweeper, "sweeper");
    synchronized (this) {
      sweepers = added(sweepers, sweeper);
    }
    return () -> {
      synchronized (this) {
        sweepers = removed(sweepers, sweeper);
      }
    };
  }

  private static Runnable[] added(Runnable[] list, Runnable r) {
    Runnable[] next = Arrays.copyOf(list, list.length + 1);
    next[next.length - 1] = r;
    return next;
  }

  private static Runnable[] removed(Runnable[] list, Runnable r) {
    List<Runnable> kept = new ArrayList<>(Arrays.asList(list));
    kept.remove(r);
    return kept.toArray(NO_WATCHERS);
  }

  /** Counts every change of an opened pin since boot; a watcher compares it with what it sent. */
  long version() {
    return version.get();
  }

  /** The board the pins are on. */
  BoardDescriptor board() {
    return board;
  }

  /** Every header pin in physical order, opened or not. */
  List<PanelPin> header() {
    return pins;
  }

  /**
   * The header pin of GPIO {@code bcm}.
   *
   * @throws IllegalArgumentException when the board's header has no such GPIO
   */
  PanelPin pin(int bcm) {
    for (PanelPin p : pins) {
      if (p.header.kind() == PinKind.GPIO && p.bcm() == bcm) {
        return p;
      }
    }
    throw new IllegalArgumentException("GPIO " + bcm + " is not on the header of " + board.id());
  }

  /**
   * The pin of GPIO {@code bcm}, checked to be opened in {@code mode}.
   *
   * @throws IllegalArgumentException naming the pin and what it is instead
   */
  PanelPin pin(int bcm, PanelPin.Mode mode) {
    PanelPin p = pin(bcm);
    if (p.mode != mode) {
      throw new IllegalArgumentException(
          "GPIO " + p.bcm() + " is " + p.mode.json() + ", not " + mode.json());
    }
    return p;
  }

  /**
   * Adds an application listener for the edges of input {@code bcm}; it runs on the application
   * thread.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the opened inputs
   */
  public Subscription onEdge(int bcm, GpioEdgeListener listener) {
    Objects.requireNonNull(listener, "listener");
    return pin(bcm, PanelPin.Mode.INPUT).events.add(listener);
  }

  /**
   * The last known logical level of input or output {@code bcm}. Any thread.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the opened inputs or outputs
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
   * Application thread: drives output {@code bcm} and tells the watchers.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the opened outputs
   */
  public void write(int bcm, boolean level) {
    PanelPin p = pin(bcm, PanelPin.Mode.OUTPUT);
    p.output.set(level);
    p.level = level;
    changed();
  }

  /**
   * Application thread: sets PWM pin {@code bcm} to {@code duty} percent (0 stops it) and tells the
   * watchers.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the opened PWM pins, or the
   *     duty is not within 0 to 100
   */
  public void writeDuty(int bcm, double duty) {
    PanelPin p = pin(bcm, PanelPin.Mode.PWM);
    checkDuty(duty);
    if (duty == 0) {
      p.pwm.off();
    } else {
      p.pwm.on(duty, PWM_FREQUENCY_HZ);
    }
    p.duty = duty;
    changed();
  }

  /**
   * Checks a PWM duty.
   *
   * @throws IllegalArgumentException when {@code duty} is not within 0 to 100 percent
   */
  static void checkDuty(double duty) {
    if (!(duty >= 0 && duty <= 100)) {
      throw new IllegalArgumentException("duty " + duty + " is not in [0, 100] percent");
    }
  }

  /**
   * The duty of PWM pin {@code bcm} in percent (0: stopped). Any thread.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the opened PWM pins
   */
  public double duty(int bcm) {
    return pin(bcm, PanelPin.Mode.PWM).duty;
  }

  /** The GPIO numbers of the opened inputs, in header order. */
  public List<Integer> inputs() {
    return bcms(PanelPin.Mode.INPUT);
  }

  /** The GPIO numbers of the opened digital outputs, in header order. */
  public List<Integer> outputs() {
    return bcms(PanelPin.Mode.OUTPUT);
  }

  /** The GPIO numbers of the opened PWM pins, in header order. */
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
   * @throws IllegalArgumentException when {@code bcm} is not one of the opened inputs
   */
  public GpioEdgeCounts edgeCounts(int bcm) {
    EdgeEvent e = pin(bcm, PanelPin.Mode.INPUT).events;
    return new GpioEdgeCounts(bcm, e.edges(), e.delivered(), e.coalesced(), e.refused());
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

  /**
   * Stops the sweep timer, the input listeners and the application's edge listeners. The devices
   * close with the hardware.
   */
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
    watchers = NO_WATCHERS;
  }
}

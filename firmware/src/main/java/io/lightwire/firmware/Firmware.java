package io.lightwire.firmware;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.firmware.config.AppConfig;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.AccessToken;
import io.lightwire.firmware.internal.CameraRingPool;
import io.lightwire.firmware.internal.CameraService;
import io.lightwire.firmware.internal.GpioPanel;
import io.lightwire.firmware.internal.GpioPins;
import io.lightwire.firmware.internal.HilService;
import io.lightwire.firmware.internal.ServiceWatchdog;
import io.lightwire.firmware.internal.StatusHandler;
import io.lightwire.firmware.internal.SystemdNotifier;
import io.lightwire.firmware.mqtt.MqttBridge;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.StaticFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * The running firmware. {@link #boot} validates the config, picks the board, prints and allocates
 * the memory plan, opens the hardware, starts the application thread, the services (camera stream
 * at {@code /camera}, GPIO panel at {@code /gpio}, hil at {@code /hil} on the emulated board, the
 * page at {@code /}, status at {@code /status}) and the server; {@link #close()} stops them in
 * reverse order and returns every pool to zero in use.
 */
public final class Firmware implements AutoCloseable {

  /** GPIOs the panel opens on the emulated board when the gpio keys say {@code auto}. */
  static final List<Integer> EMULATED_OUTPUTS = List.of(17, 27);

  static final List<Integer> EMULATED_INPUTS = List.of(22);
  static final List<Integer> EMULATED_PWM = List.of(18);

  /**
   * On the emulated board's default panel, output 27 is wired to input 22 (a jumper, for demos).
   */
  static final int DEMO_WIRE_FROM = 27;

  static final int DEMO_WIRE_TO = 22;

  private final FirmwareConfig config;
  private final BoardDescriptor board;
  private final MemoryPlan plan;
  private final Hardware hardware;
  private final AccessToken token;
  private final EventQueue events;
  private final Timers timers;
  private final ApplicationThread app;
  private final Pool cameraFrames;
  private final BufferPool cameraStaging;
  private final BufferPool streamMessages;
  private final BufferPool mqttMessages;
  private final BufferPool mqttSnapshot;
  private final MqttBridge mqtt;
  private final GpioPins pins;
  private final GpioPanel gpio;
  private final Gpio gpioApi;
  private final CameraService camera;
  private final HilService hil;
  private final Streams streams;
  private final StaticFiles pages;
  private final Server server;
  private final SystemdNotifier systemd;
  private final ServiceWatchdog watchdog;
  private final LongSupplier nanoClock;
  private final long bootNanos;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AppHost appHost;
  private final AppConfig appConfig;
  private boolean closed;

  Firmware(
      FirmwareConfig config,
      BoardDescriptor board,
      MemoryPlan plan,
      AccessToken token,
      EventQueue events,
      Timers timers,
      BufferPool cameraStaging,
      BufferPool streamMessages,
      BufferPool[] mqttPools,
      HilService hil,
      AppHost appHost,
      BootParts parts) {
    this.config = config;
    this.board = board;
    this.plan = plan;
    this.token = token;
    this.events = events;
    this.timers = timers;
    this.cameraStaging = cameraStaging;
    this.streamMessages = streamMessages;
    this.mqttMessages = mqttPools[0];
    this.mqttSnapshot = mqttPools[1];
    this.mqtt = parts.mqtt;
    this.hil = hil;
    this.appHost = appHost;
    this.appConfig = parts.appSetup.config();
    this.hardware = parts.hardware;
    this.app = parts.app;
    this.gpio = parts.gpio;
    this.pins = parts.pins;
    this.gpioApi = new Gpio(parts.pins, parts.app);
    this.camera = parts.camera;
    this.streams = parts.streams;
    this.pages = parts.pages;
    this.server = parts.server;
    this.systemd = parts.systemd;
    this.watchdog = parts.watchdog;
    this.nanoClock = parts.nanoClock;
    this.bootNanos = nanoClock.getAsLong();
    this.cameraFrames =
        plan.bind(
            MemoryPlan.CAMERA_FRAMES,
            new CameraRingPool(parts.cameraDevice, plan.entry(MemoryPlan.CAMERA_FRAMES)));
  }

  /**
   * Boots the firmware and returns once it serves.
   *
   * @param config the validated configuration
   * @param out where the boot report (board, memory plan, address, access token) is printed
   * @param root the file system root for board detection: {@code /} on a board
   * @throws BootException when the board is unknown, a pin cannot be opened, the state directory
   *     cannot be written or the port cannot be bound; nothing stays allocated or open
   */
  public static Firmware boot(FirmwareConfig config, PrintStream out, Path root)
      throws BootException {
    return boot(config, out, root, null);
  }

  /**
   * Boots the firmware with {@code application} and returns once it serves; the application's
   * {@link Application#start} is then on its way on the application thread. The application's
   * {@code app.*} config keys are validated before anything is allocated, and its {@link
   * Application#install} runs before the server opens.
   *
   * @param application the user's firmware, or null for the services alone
   * @throws BootException as {@link #boot(FirmwareConfig, PrintStream, Path)}, and when an {@code
   *     app.*} key is unknown or bad, or the application's {@code install} throws
   */
  public static Firmware boot(
      FirmwareConfig config, PrintStream out, Path root, Application application)
      throws BootException {
    return FirmwareBoot.boot(config, out, root, application, System::nanoTime);
  }

  /**
   * Boots as {@link #boot(FirmwareConfig, PrintStream, Path, Application)} with {@code nanoClock}
   * as the firmware's one clock ({@link System#nanoTime()} scale, compared by subtraction): the
   * application's timers, the wrong-token windows, the camera's stop-after time, start retries and
   * fps pacing, the MQTT intervals, the streams' write leases and the uptime. A test passes a
   * manual clock, moves it, then calls {@link #clockMoved()}. Waits for real peers (a snapshot, a
   * page's reply, the broker) stay on the system clock.
   *
   * @throws BootException as {@link #boot(FirmwareConfig, PrintStream, Path, Application)}
   */
  public static Firmware boot(
      FirmwareConfig config,
      PrintStream out,
      Path root,
      Application application,
      LongSupplier nanoClock)
      throws BootException {
    return FirmwareBoot.boot(config, out, root, application, nanoClock);
  }

  /** The clock the firmware's timers and windows run on. */
  public LongSupplier nanoClock() {
    return nanoClock;
  }

  /**
   * Makes every thread that waits for a time on the firmware's clock look at it now: the
   * application thread, the camera capture and the MQTT bridge. For a test that has just moved the
   * manual clock it booted with; never needed with the system clock. Any thread; never blocks.
   */
  public void clockMoved() {
    app.clockMoved();
    if (camera != null) {
      camera.clockMoved();
    }
    if (mqtt != null) {
      mqtt.clockMoved();
    }
  }

  /**
   * Parses and validates the config file when one is given, else the defaults.
   *
   * @throws ConfigException naming the key and the value
   */
  public static FirmwareConfig loadConfig(Path file) throws ConfigException {
    return file == null ? FirmwareConfig.defaults() : FirmwareConfig.load(file);
  }

  /** The port the server listens on. */
  public int port() {
    return server.localPort();
  }

  /** The board the firmware runs on. */
  public BoardDescriptor board() {
    return board;
  }

  /** The plan the pools were allocated from. */
  public MemoryPlan plan() {
    return plan;
  }

  /** The hardware the firmware opened. */
  public Hardware hardware() {
    return hardware;
  }

  /** The application thread. */
  public ApplicationThread applicationThread() {
    return app;
  }

  /**
   * The board's opened input and output pins for application code: edges delivered on the
   * application thread, levels, writes.
   */
  public Gpio gpio() {
    return gpioApi;
  }

  /** The data streams service (seed 000): device streams, pages, REST. */
  public Streams streams() {
    return streams;
  }

  /**
   * The emulated board's test API (wiring, driving inputs, the timeline, faults), when the firmware
   * runs on the emulated board.
   */
  public Optional<EmulatedHardware> emulatedHardware() {
    return Optional.ofNullable(BootSettings.emulated(hardware));
  }

  /**
   * The access token that unlocks pin control and the hil protocol. For in-process tests and tools;
   * it is printed once, at the boot that generated it.
   */
  public String accessToken() {
    return token.value();
  }

  /** Camera viewers connected now (0 when the camera is off). */
  public int cameraViewers() {
    return camera == null ? 0 : camera.viewers();
  }

  /**
   * What the camera does: {@code idle} (nobody watches, stopped), {@code starting}, {@code
   * running}, {@code stalled}, {@code failed}; {@code off} when {@code camera.enabled=false}.
   */
  public String cameraState() {
    return camera == null ? "off" : camera.state().wire();
  }

  /** Frames handed to the server for viewers since boot (0 when the camera is off). */
  public long cameraFramesBroadcast() {
    return camera == null ? 0 : camera.framesBroadcast();
  }

  /** GPIO control attempts refused for want of the access token. */
  public long gpioControlsRefused() {
    return gpio.controlsRefused();
  }

  /** The application's config values ({@code app.*} keys it declared), validated at boot. */
  public AppConfig appConfig() {
    return appConfig;
  }

  /** The application's name, version, state and failures ({@code /status} shows the same). */
  public AppStatus application() {
    return appHost.status();
  }

  /**
   * Calls {@code listener} on the camera's capture thread with each frame, read-only (see {@link
   * CameraFrameListener}); closing the result stops it.
   *
   * @throws IllegalStateException when the camera is off ({@code camera.enabled=false})
   */
  public Subscription onCameraFrame(CameraFrameListener listener) {
    if (camera == null) {
      throw new IllegalStateException("the camera is off (camera.enabled=false)");
    }
    return camera.onFrame(listener);
  }

  /** The configuration the firmware booted with. */
  public FirmwareConfig config() {
    return config;
  }

  /** Every pool of the memory plan, live, in plan order. */
  public List<Pool> pools() {
    return plan.pools().stream().map(MemoryPlan.Bound::pool).toList();
  }

  /** Time since boot. */
  public Duration uptime() {
    return Duration.ofNanos(nanoClock.getAsLong() - bootNanos);
  }

  StatusHandler.Snapshot statusSnapshot() {
    return new StatusHandler.Snapshot(
        board,
        hardware.kind(),
        Version.current(),
        uptime(),
        plan,
        pools(),
        server,
        app,
        camera,
        gpio,
        streams,
        appHost.status(),
        mqtt);
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Stops the server, the application thread and the hardware. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      appHost.stop(app); // the application first, while every service it uses still runs
      if (mqtt != null) {
        mqtt.close(); // then the bridge: it says offline while pins and streams are still there
      }
      systemd.stopping();
      if (watchdog != null) {
        watchdog.close();
      }
      if (camera != null) {
        camera.close(); // capture thread first: it broadcasts through the server
      }
      server.stop();
      pages.clearCache();
      gpio.close();
      pins.close();
      app.close();
      streams.close();
      hardware.close();
      systemd.close();
    } finally {
      stopped.countDown();
    }
  }
}

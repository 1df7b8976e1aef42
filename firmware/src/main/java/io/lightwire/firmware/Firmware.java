package io.lightwire.firmware;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.firmware.config.AppConfig;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.AccessToken;
import io.lightwire.firmware.internal.CameraRingPool;
import io.lightwire.firmware.internal.CameraService;
import io.lightwire.firmware.internal.CameraSettingsHandler;
import io.lightwire.firmware.internal.EndpointGuard;
import io.lightwire.firmware.internal.GpioPanel;
import io.lightwire.firmware.internal.HilService;
import io.lightwire.firmware.internal.Journald;
import io.lightwire.firmware.internal.ListenFailure;
import io.lightwire.firmware.internal.ServiceWatchdog;
import io.lightwire.firmware.internal.StateDirectory;
import io.lightwire.firmware.internal.StatusHandler;
import io.lightwire.firmware.internal.SystemdNotifier;
import io.lightwire.firmware.internal.TlsSetup;
import io.lightwire.firmware.mqtt.MqttBridge;
import io.lightwire.firmware.mqtt.MqttSettings;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.hal.Camera;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerMemory;
import io.lightwire.websock.server.StaticFiles;
import io.lightwire.websock.server.UpgradeFilter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The running firmware. {@link #boot} validates the config, picks the board, prints and allocates
 * the memory plan, opens the hardware, starts the application thread, the services (camera stream
 * at {@code /camera}, GPIO panel at {@code /gpio}, hil at {@code /hil} on the emulated board, the
 * page at {@code /}, status at {@code /status}) and the server; {@link #close()} stops them in
 * reverse order and returns every pool to zero in use.
 */
public final class Firmware implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware");

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
  private final GpioPanel gpio;
  private final Gpio gpioApi;
  private final CameraService camera;
  private final HilService hil;
  private final Streams streams;
  private final StaticFiles pages;
  private final Server server;
  private final SystemdNotifier systemd;
  private final ServiceWatchdog watchdog;
  private final long bootNanos = System.nanoTime();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AppHost appHost;
  private final AppConfig appConfig;
  private boolean closed;

  /** Everything boot made, so a failure part way closes exactly what was opened. */
  private static final class Parts implements AutoCloseable {
    Hardware hardware;
    ApplicationThread app;
    GpioPanel gpio;
    Camera cameraDevice;
    CameraService camera;
    AccessToken token;
    Streams streams;
    StaticFiles pages;
    Server server;
    MqttBridge mqtt;
    SystemdNotifier systemd;
    ServiceWatchdog watchdog;
    AppSetup appSetup;
    Firmware firmware;

    Firmware firmware() {
      return firmware;
    }

    @Override
    public void close() {
      if (mqtt != null) {
        mqtt.close();
      }
      if (watchdog != null) {
        watchdog.close();
      }
      if (systemd != null) {
        systemd.close();
      }
      if (camera != null) {
        camera.close();
      }
      if (server != null) {
        server.stop();
      }
      if (pages != null) {
        pages.clearCache();
      }
      if (gpio != null) {
        gpio.close();
      }
      if (app != null) {
        app.close();
      }
      if (streams != null) {
        streams.close(); // after the app thread: its handlers may still hold contexts
      }
      if (hardware != null) {
        hardware.close(); // closes the camera device and the pins too
      }
    }
  }

  private Firmware(
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
      Parts parts) {
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
    this.gpioApi = new Gpio(parts.gpio, parts.app);
    this.camera = parts.camera;
    this.streams = parts.streams;
    this.pages = parts.pages;
    this.server = parts.server;
    this.systemd = parts.systemd;
    this.watchdog = parts.watchdog;
    this.cameraFrames =
        new CameraRingPool(parts.cameraDevice, plan.entry(MemoryPlan.CAMERA_FRAMES));
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
    AppHost host = AppHost.of(application);
    AppSetup setup = AppSetup.install(config, application);
    BoardDescriptor board = BootSettings.chooseBoard(config.text(ConfigKey.BOARD), root);
    MemoryPlan plan = MemoryPlan.from(config);
    out.printf("Lightwire %s on %s (%s)%n", Version.current(), board.name(), board.id());
    out.printf("memory plan:%n%s", plan.table());
    Path stateDir = StateDirectory.of(config);
    AccessToken token;
    try {
      token = AccessToken.loadOrCreate(stateDir);
    } catch (IOException e) {
      throw new BootException(
          "config key 'state.dir': '" + stateDir + "' cannot hold the access token: " + e, e);
    }
    TlsSetup tls = null;
    if (TlsSetup.wanted(config)) {
      try {
        tls = TlsSetup.open(config, stateDir);
      } catch (IOException e) {
        throw new BootException(e.getMessage(), e);
      }
    }
    Parts parts = new Parts();
    parts.appSetup = setup;
    parts.token = token;
    try {
      parts.hardware = BootSettings.openHardware(board);
      EventQueue events =
          new EventQueue(
              plan.entry(MemoryPlan.APP_EVENTS).count(),
              plan.entry(MemoryPlan.APP_RESERVED_EVENTS).count());
      Timers timers = new Timers(plan.entry(MemoryPlan.APP_TIMERS).count());
      BufferPool staging = allocate(plan.entry(MemoryPlan.CAMERA_STAGING), false);
      BufferPool streamMessages = allocate(plan.entry(MemoryPlan.STREAM_MESSAGES), false);
      BufferPool[] mqttPools = {
        allocate(plan.entry(MemoryPlan.MQTT_MESSAGES), false),
        allocate(plan.entry(MemoryPlan.MQTT_SNAPSHOT), false)
      };
      ServerMemory serverMemory =
          new ServerMemory(
              allocate(plan.entry(MemoryPlan.RX_BUFFERS), false),
              allocate(plan.entry(MemoryPlan.TX_BUFFERS), true),
              allocate(plan.entry(MemoryPlan.MESSAGE_BUFFERS), false),
              allocate(plan.entry(MemoryPlan.BROADCAST_BUFFERS), true));
      parts.app = new ApplicationThread(events, timers);
      parts.gpio = BootSettings.openPanel(config, board, parts.hardware, parts.app, token);
      parts.streams = Streams.fromConfig(streamMessages, config);
      if (Boolean.parseBoolean(config.text(ConfigKey.CAMERA_ENABLED))) {
        parts.cameraDevice = parts.hardware.openCamera(BootSettings.cameraConfig(config));
        parts.camera =
            new CameraService(
                parts.cameraDevice,
                staging,
                Boolean.parseBoolean(config.text(ConfigKey.CAMERA_ALWAYS_ON)),
                config.number(ConfigKey.CAMERA_STOP_AFTER_MS));
      }
      EmulatedHardware emulated = BootSettings.emulated(parts.hardware);
      HilService hil = emulated != null ? new HilService(emulated, token) : null;
      parts.server = openServer(config, serverMemory, parts, hil, tls);
      parts.mqtt = openMqtt(config, mqttPools, board, parts);
      parts.systemd =
          SystemdNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
      parts.watchdog = ServiceWatchdog.start(parts.app, parts.server, parts.systemd);
      Firmware firmware =
          new Firmware(
              config,
              board,
              plan,
              token,
              events,
              timers,
              staging,
              streamMessages,
              mqttPools,
              hil,
              host,
              parts);
      parts.firmware = firmware;
      parts.server.start();
      parts.gpio.start(parts.server);
      parts.streams.start(parts.server, parts.app);
      if (parts.camera != null) {
        try {
          parts.camera.start(parts.server);
        } catch (RuntimeException e) {
          // A board without a working camera still serves its pins and status.
          // An expected condition on a board without a camera: one line, no stack trace.
          LOG.log(
              System.Logger.Level.WARNING,
              "camera did not start; serving without it: {0}",
              e.getMessage());
          out.printf("camera: not started: %s%n", e.getMessage());
        }
      }
      if (parts.mqtt != null) {
        parts.mqtt.start();
        out.printf(
            "mqtt: bridging to %s under %s/ (connecting in the background)%n",
            parts.mqtt.broker(), parts.mqtt.topicPrefix());
      }
      BootReport.print(
          out,
          config.text(ConfigKey.SERVER_BIND),
          firmware.port(),
          tls,
          token,
          Journald.isJournal(1, System.getenv()));
      parts.systemd.ready(
          "serving on "
              + BootReport.scheme(tls)
              + "://"
              + config.text(ConfigKey.SERVER_BIND)
              + ":"
              + firmware.port());
      if (application != null) {
        out.printf("application %s %s: starting%n", host.status().name(), host.status().version());
        host.start(parts.app, firmware);
      }
      return firmware;
    } catch (IOException e) {
      parts.close();
      throw new BootException(
          ListenFailure.explain(
              config.text(ConfigKey.SERVER_BIND), config.number(ConfigKey.SERVER_PORT), e),
          e);
    } catch (BootException e) {
      parts.close();
      throw e;
    } catch (RuntimeException e) {
      parts.close();
      throw new BootException(e.getMessage(), e);
    }
  }

  private static Server openServer(
      FirmwareConfig config, ServerMemory memory, Parts parts, HilService hil, TlsSetup tls)
      throws IOException {
    StatusHandler status = new StatusHandler(() -> parts.firmware().statusSnapshot());
    parts.gpio.statusSource(status::currentJson);
    AppSetup app = parts.appSetup;
    parts.pages =
        StaticFiles.fromClassPath(
            Streams.class,
            Streams.WEB_ROOT,
            status,
            config.number(ConfigKey.SERVER_STATIC_CACHE_BYTES));
    Server.Builder builder =
        Server.builder(BootSettings.serverConfig(config))
            .memory(memory)
            // The application's prefixes, then streams REST, then the files under lightwire-web/
            // (the page, the JS client, examples' pages), then the status JSON; every answer with
            // the security headers.
            .http(BootSettings.pageHttp(app.http(parts.streams.restHandler(cameraHttp(parts)))))
            .protocol(parts.gpio.protocol())
            .protocol(parts.streams.protocol());
    if (parts.camera != null) {
      builder.protocol(parts.camera.protocol());
    }
    if (tls != null) {
      builder.tls(tls.tls());
    }
    app.protocols().forEach(builder::protocol);
    if (hil != null) {
      builder.protocol(hil.protocol());
    }
    // The same origin rule first for every endpoint, then its own check: the hil token, or the
    // filter an application gave its protocol.
    builder.upgradeFilter(
        new EndpointGuard(
            config.sameOrigin(),
            parts.streams.protocol(),
            parts.streams.upgradeFilter(),
            hil,
            (request, protocol) -> {
              UpgradeFilter own = app.filterFor(protocol);
              return own == null ? 0 : own.check(request, protocol);
            }));
    return builder.open();
  }

  /** The camera's HTTP endpoints in front of the page's files (just the files without a camera). */
  private static HttpHandler cameraHttp(Parts parts) {
    return parts.camera == null
        ? parts.pages
        : new CameraSettingsHandler(parts.camera, parts.token, parts.pages);
  }

  /** The MQTT bridge when {@code mqtt.url} is set, else null; started once the server serves. */
  private static MqttBridge openMqtt(
      FirmwareConfig config, BufferPool[] pools, BoardDescriptor board, Parts parts)
      throws BootException {
    MqttSettings settings = MqttSettings.from(config);
    if (settings == null) {
      return null;
    }
    try {
      return new MqttBridge(
          settings,
          pools[0],
          pools[1],
          parts.gpio,
          parts.app,
          parts.streams,
          parts.camera,
          board.name(),
          Version.current());
    } catch (IOException e) {
      throw new BootException(e.getMessage(), e);
    }
  }

  private static BufferPool allocate(MemoryPlan.Entry entry, boolean direct) {
    return new BufferPool(entry.pool(), entry.count(), entry.size(), direct);
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
    return List.of(
        server.connectionSlots(),
        server.memory().rxBuffers(),
        server.memory().txBuffers(),
        server.memory().messageBuffers(),
        server.memory().broadcastBuffers(),
        cameraFrames,
        cameraStaging,
        streamMessages,
        events,
        events.reservedPool(),
        timers,
        mqttMessages,
        mqttSnapshot,
        pages.cachePool());
  }

  /** Time since boot. */
  public Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - bootNanos);
  }

  private StatusHandler.Snapshot statusSnapshot() {
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
      app.close();
      streams.close();
      hardware.close();
      systemd.close();
    } finally {
      stopped.countDown();
    }
  }
}

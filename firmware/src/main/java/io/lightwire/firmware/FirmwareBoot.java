package io.lightwire.firmware;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.AccessToken;
import io.lightwire.firmware.internal.CameraHttp;
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
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerMemory;
import io.lightwire.websock.server.StaticFiles;
import io.lightwire.websock.server.UpgradeFilter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The order of boot ({@link Firmware#boot}): config and board, the printed memory plan, the access
 * token and TLS, then each part ({@link BootParts}) opened, the server started, the services and
 * the application started, the boot report printed. A failure at any step closes what was opened
 * and ends as one {@link BootException}. Runs once, on the caller's thread.
 */
final class FirmwareBoot {

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware");

  private FirmwareBoot() {}

  static Firmware boot(
      FirmwareConfig config,
      PrintStream out,
      Path root,
      Application application,
      LongSupplier nanoClock)
      throws BootException {
    AppHost host = AppHost.of(application);
    AppSetup setup = AppSetup.install(config, application);
    BoardDescriptor board = BootSettings.chooseBoard(config.text(ConfigKey.BOARD), root);
    out.printf("Lightwire %s on %s (%s)%n", Version.current(), board.name(), board.id());
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
    // Printed before anything is allocated; TLS first, so its buffers show their real size.
    MemoryPlan plan =
        MemoryPlan.from(
            config,
            tls == null ? 0 : ServerMemory.tlsBufferBytes(tls.tls()),
            setup.protocols().stream().mapToInt(Protocol::queueDepth).max().orElse(0));
    out.printf("memory plan:%n%s", plan.table());
    BootParts parts = new BootParts(nanoClock);
    parts.appSetup = setup;
    parts.token = token;
    try {
      parts.hardware = BootSettings.openHardware(board);
      EventQueue events =
          plan.bind(
              MemoryPlan.APP_EVENTS,
              new EventQueue(
                  plan.entry(MemoryPlan.APP_EVENTS).count(),
                  plan.entry(MemoryPlan.APP_RESERVED_EVENTS).count()));
      plan.bind(MemoryPlan.APP_RESERVED_EVENTS, events.reservedPool());
      Timers timers =
          plan.bind(MemoryPlan.APP_TIMERS, new Timers(plan.entry(MemoryPlan.APP_TIMERS).count()));
      BufferPool staging = plan.allocate(MemoryPlan.CAMERA_STAGING, false);
      BufferPool streamMessages = plan.allocate(MemoryPlan.STREAM_MESSAGES, false);
      BufferPool[] mqttPools = {
        plan.allocate(MemoryPlan.MQTT_MESSAGES, false),
        plan.allocate(MemoryPlan.MQTT_SNAPSHOT, false)
      };
      ServerMemory serverMemory =
          new ServerMemory(
              plan.allocate(MemoryPlan.RX_BUFFERS, false),
              plan.allocate(MemoryPlan.TX_BUFFERS, true),
              plan.allocate(MemoryPlan.MESSAGE_BUFFERS, false),
              plan.allocate(MemoryPlan.BROADCAST_BUFFERS, true),
              plan.allocate(MemoryPlan.TLS_BUFFERS, true));
      parts.app = new ApplicationThread(events, timers, nanoClock);
      parts.pins = BootSettings.openPins(config, board, parts.hardware, parts.app);
      parts.gpio = new GpioPanel(parts.pins, token, parts.app, nanoClock);
      parts.streams = Streams.fromConfig(streamMessages, config, nanoClock);
      if (Boolean.parseBoolean(config.text(ConfigKey.CAMERA_ENABLED))) {
        parts.cameraDevice = parts.hardware.openCamera(BootSettings.cameraConfig(config));
        parts.camera =
            new CameraService(
                parts.cameraDevice,
                staging,
                Boolean.parseBoolean(config.text(ConfigKey.CAMERA_ALWAYS_ON)),
                config.number(ConfigKey.CAMERA_STOP_AFTER_MS),
                nanoClock);
        parts.cameraHttp =
            CameraHttp.create(
                CameraHttp.tokenMode(
                    config.text(ConfigKey.CAMERA_ACCESS),
                    BootSettings.emulated(parts.hardware) != null),
                token,
                parts.cameraDevice.config().framePeriodNanos(),
                config.number(ConfigKey.SERVER_MAX_CONNECTIONS),
                nanoClock);
        parts.camera.http(parts.cameraHttp);
      }
      EmulatedHardware emulated = BootSettings.emulated(parts.hardware);
      HilService hil = emulated != null ? new HilService(emulated, token, nanoClock) : null;
      parts.server = openServer(config, serverMemory, parts, hil, tls);
      plan.bind(MemoryPlan.CONNECTION_SLOTS, parts.server.connectionSlots());
      plan.bind(MemoryPlan.STATIC_FILE_CACHE, parts.pages.cachePool());
      if (parts.cameraHttp != null) {
        parts.cameraHttp.serveThrough(parts.server);
      }
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
      FirmwareConfig config, ServerMemory memory, BootParts parts, HilService hil, TlsSetup tls)
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
              if (parts.camera != null && protocol == parts.camera.protocol()) {
                return parts.cameraHttp.checkUpgrade(request); // camera.access
              }
              UpgradeFilter own = app.filterFor(protocol);
              return own == null ? 0 : own.check(request, protocol);
            }));
    return builder.open();
  }

  /**
   * The camera's HTTP endpoints ({@code /camera.mjpg}, {@code /camera.jpg}, the settings) in front
   * of the page's files (just the files without a camera).
   */
  private static HttpHandler cameraHttp(BootParts parts) {
    return parts.camera == null
        ? parts.pages
        : parts.cameraHttp.in(
            new CameraSettingsHandler(parts.camera, parts.token, parts.pages, parts.nanoClock));
  }

  /** The MQTT bridge when {@code mqtt.url} is set, else null; started once the server serves. */
  private static MqttBridge openMqtt(
      FirmwareConfig config, BufferPool[] pools, BoardDescriptor board, BootParts parts)
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
          parts.pins,
          parts.app,
          parts.streams,
          parts.camera,
          board.name(),
          Version.current(),
          parts.nanoClock);
    } catch (IOException e) {
      throw new BootException(e.getMessage(), e);
    }
  }
}

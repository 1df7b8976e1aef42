package io.lightwire.firmware;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.BoardHardware;
import io.lightwire.boards.Boards;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.StatusHandler;
import io.lightwire.firmware.streams.Streams;
import io.lightwire.hal.Hardware;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerMemory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The running firmware. {@link #boot} validates the config, picks the board, prints and allocates
 * the memory plan, opens the hardware, starts the application thread and the server; {@link
 * #close()} stops them in reverse order and returns every pool to zero in use.
 */
public final class Firmware implements AutoCloseable {

  private final FirmwareConfig config;
  private final BoardDescriptor board;
  private final MemoryPlan plan;
  private final Hardware hardware;
  private final EventQueue events;
  private final ApplicationThread app;
  private final BufferPool cameraFrames;
  private final BufferPool streamMessages;
  private final Streams streams;
  private final Server server;
  private final long bootNanos = System.nanoTime();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;

  private Firmware(
      FirmwareConfig config,
      BoardDescriptor board,
      MemoryPlan plan,
      Hardware hardware,
      EventQueue events,
      BufferPool cameraFrames,
      BufferPool streamMessages,
      ServerMemory serverMemory)
      throws IOException {
    this.config = config;
    this.board = board;
    this.plan = plan;
    this.hardware = hardware;
    this.events = events;
    this.cameraFrames = cameraFrames;
    this.streamMessages = streamMessages;
    this.streams = Streams.fromConfig(streamMessages, config);
    this.server =
        Server.builder(serverConfig(config))
            .memory(serverMemory)
            .http(streams.httpHandler(new StatusHandler(this::statusSnapshot)))
            .protocol(streams.protocol())
            .upgradeFilter(streams.upgradeFilter())
            .open();
    this.app = new ApplicationThread(events);
    streams.start(server, app);
  }

  /**
   * Boots the firmware and returns once it serves.
   *
   * @param config the validated configuration
   * @param out where the boot report (board, memory plan, address) is printed
   * @param root the file system root for board detection: {@code /} on a board
   * @throws BootException when the board is unknown or the port cannot be bound; nothing stays
   *     allocated or open
   */
  public static Firmware boot(FirmwareConfig config, PrintStream out, Path root)
      throws BootException {
    BoardDescriptor board = chooseBoard(config.text(ConfigKey.BOARD), root);
    MemoryPlan plan = MemoryPlan.from(config);
    out.printf("Lightwire %s on %s (%s)%n", Version.current(), board.name(), board.id());
    out.printf("memory plan:%n%s", plan.table());
    Hardware hardware = openHardware(board);
    try {
      Firmware firmware =
          new Firmware(
              config,
              board,
              plan,
              hardware,
              new EventQueue(plan.entry(MemoryPlan.APP_EVENTS).count()),
              allocate(plan.entry(MemoryPlan.CAMERA_FRAMES), true),
              allocate(plan.entry(MemoryPlan.STREAM_MESSAGES), false),
              new ServerMemory(
                  allocate(plan.entry(MemoryPlan.RX_BUFFERS), false),
                  allocate(plan.entry(MemoryPlan.TX_BUFFERS), true),
                  allocate(plan.entry(MemoryPlan.MESSAGE_BUFFERS), false),
                  allocate(plan.entry(MemoryPlan.BROADCAST_BUFFERS), true)));
      firmware.server.start();
      out.printf(
          "serving on %s:%d: status page http://localhost:%d/ (JSON at /status)%n",
          config.text(ConfigKey.SERVER_BIND), firmware.port(), firmware.port());
      return firmware;
    } catch (IOException e) {
      hardware.close();
      throw new BootException(
          "server: "
              + e.getMessage()
              + " (choose another port with --port or server.port, or stop what uses it)",
          e);
    }
  }

  private static BoardDescriptor chooseBoard(String wanted, Path root) throws BootException {
    if (wanted.equals("auto")) {
      return Boards.detect(root).orElse(Boards.EMULATED);
    }
    return Boards.byId(wanted)
        .orElseThrow(
            () ->
                new BootException(
                    "config key 'board': '"
                        + wanted
                        + "' is not a known board; known: auto, "
                        + String.join(
                            ", ", Boards.all().stream().map(BoardDescriptor::id).toList()),
                    null));
  }

  /**
   * The emulated board in memory, or a Raspberry Pi through Pi4J with Lightwire's providers; every
   * device opened later is checked against the board's header.
   */
  private static Hardware openHardware(BoardDescriptor board) throws BootException {
    try {
      return BoardHardware.open(board);
    } catch (RuntimeException e) {
      throw new BootException("board '" + board.id() + "': " + e.getMessage(), e);
    }
  }

  private static BufferPool allocate(MemoryPlan.Entry entry, boolean direct) {
    return new BufferPool(entry.pool(), entry.count(), entry.size(), direct);
  }

  static ServerConfig serverConfig(FirmwareConfig config) {
    return new ServerConfig(
        config.text(ConfigKey.SERVER_BIND),
        config.number(ConfigKey.SERVER_PORT),
        config.number(ConfigKey.SERVER_MAX_CONNECTIONS),
        config.number(ConfigKey.SERVER_RX_BUFFER_BYTES),
        config.number(ConfigKey.SERVER_TX_BUFFER_BYTES),
        config.number(ConfigKey.SERVER_MAX_HEADER_BYTES),
        config.number(ConfigKey.SERVER_MAX_FRAME_BYTES),
        config.number(ConfigKey.SERVER_BROADCAST_BUFFERS),
        config.number(ConfigKey.SERVER_BROADCAST_BUFFER_BYTES),
        config.number(ConfigKey.SERVER_HANDSHAKE_TIMEOUT_MS),
        config.number(ConfigKey.SERVER_IDLE_TIMEOUT_MS));
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

  /** The data streams service (seed 000): device streams, pages, REST. */
  public Streams streams() {
    return streams;
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
        streamMessages,
        events);
  }

  /** Time since boot. */
  public Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - bootNanos);
  }

  private StatusHandler.Snapshot statusSnapshot() {
    return new StatusHandler.Snapshot(
        board, hardware.kind(), Version.current(), uptime(), plan, pools(), server);
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
      server.stop();
      app.close();
      streams.close();
      hardware.close();
    } finally {
      stopped.countDown();
    }
  }
}

package io.lightwire.examples.device;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.EventQueue;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.SameOrigin;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.StaticFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The serving half of a device example: a server with the example's page (a folder of the jar), one
 * WebSocket protocol behind the {@link SameOrigin} check, and the {@link ApplicationThread} that
 * alone touches the device and broadcasts to the pages. The protocol's callbacks (service thread)
 * post to {@link #app()}; {@link #stop()} stops the application thread first, so no device work
 * runs while the server closes the pages.
 */
public final class DeviceServer {

  private final Server server;
  private final EventQueue events;
  private final ApplicationThread app;
  private boolean stopped;

  private DeviceServer(Server server, int appEvents) {
    this.server = server;
    this.events = new EventQueue(appEvents);
    this.app = new ApplicationThread(events);
  }

  /**
   * Binds the server (not started yet: {@link #start()}) and starts the application thread.
   *
   * @param config the server's sizes and address
   * @param anchor a class of the jar that holds the page
   * @param webRoot the page's folder in the jar, outside any package so that it is always readable
   * @param protocol the example's WebSocket protocol
   * @param appEvents application events (posts from other threads) that may wait at once
   * @throws IOException when the port cannot be bound (the message names the address)
   */
  public static DeviceServer open(
      ServerConfig config, Class<?> anchor, String webRoot, Protocol protocol, int appEvents)
      throws IOException {
    Server server =
        Server.builder(config)
            .http(StaticFiles.fromClassPath(anchor, webRoot, HttpHandler.notFound()))
            .protocol(protocol)
            .upgradeFilter(SameOrigin.plain())
            .open();
    return new DeviceServer(server, appEvents);
  }

  /** Starts accepting connections. */
  public void start() {
    server.start();
  }

  /** The server, for its address, its broadcasts and its pools. */
  public Server server() {
    return server;
  }

  /** The application thread: device work and broadcasts run here. */
  public ApplicationThread app() {
    return app;
  }

  /** Every pool the example runs on; each is back to zero in use after {@link #stop()}. */
  public List<Pool> pools() {
    List<Pool> all = new ArrayList<>(server.pools());
    all.add(events);
    return all;
  }

  /**
   * Stops the application thread, then the server (pages get close 1001). Idempotent: only the
   * first call stops, and only it returns true, so the example closes its own devices once.
   */
  public synchronized boolean stop() {
    if (stopped) {
      return false;
    }
    stopped = true;
    app.close();
    server.stop();
    return true;
  }
}

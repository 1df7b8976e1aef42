package io.lightwire.firmware;

import io.lightwire.firmware.config.AppConfig;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.streams.StreamAcceptor;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.HttpResponse;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.UpgradeFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link Application} adds to the firmware's server during boot, before it opens ({@link
 * Application#install}). Handlers and protocols are served by the firmware's one server from the
 * memory plan's pools: their connections take the plan's connection slots and buffers ({@code
 * server.max-connections} and the buffer keys), so the plan printed at boot still counts every
 * byte. Valid only during {@code install}; the booting thread.
 */
public final class AppSetup {

  /**
   * Path prefixes the firmware serves itself; an application's HTTP prefix and protocol paths may
   * not overlap them.
   */
  static final List<String> FIRMWARE_PATHS =
      List.of(
          "/status",
          "/streams",
          "/lightwire",
          "/camera",
          "/gpio",
          "/hil",
          "/metrics",
          "/index.html");

  private final AppConfig config;
  private final List<Route> routes = new ArrayList<>();
  private final List<Protocol> protocols = new ArrayList<>();
  private final List<UpgradeFilter> filters = new ArrayList<>();
  private boolean closed;

  /** An HTTP handler for the paths under {@code prefix}. */
  record Route(String prefix, HttpHandler handler) {}

  AppSetup(AppConfig config) {
    this.config = config;
  }

  /** The application's config and hooks, validated and installed before anything is allocated. */
  static AppSetup install(FirmwareConfig config, Application application) throws BootException {
    String name = application == null ? null : application.name();
    AppSetup setup;
    try {
      setup =
          new AppSetup(
              AppConfig.of(
                  config, application == null ? List.of() : application.configKeys(), name));
    } catch (ConfigException e) {
      throw new BootException(e.getMessage(), e);
    }
    if (application != null) {
      try {
        application.install(setup);
      } catch (RuntimeException e) {
        throw new BootException("application " + name + ": install failed: " + e.getMessage(), e);
      }
    }
    setup.close();
    return setup;
  }

  /** The application's config values ({@code app.*} keys), validated. */
  public AppConfig config() {
    return config;
  }

  /**
   * Serves HTTP requests whose path is {@code prefix} or below it with {@code handler}, on the
   * service thread (it must not block: defer slow answers with {@link HttpResponse#defer}).
   *
   * @param prefix e.g. {@code /api}; starts with {@code /}, is not {@code /} and does not overlap
   *     the firmware's own paths ({@code /status}, {@code /streams}, {@code /lightwire}, {@code
   *     /camera}, {@code /gpio}, {@code /hil}, {@code /metrics})
   * @throws IllegalArgumentException naming the prefix and the firmware path it overlaps
   */
  public AppSetup http(String prefix, HttpHandler handler) {
    checkOpen();
    checkPath("HTTP prefix", prefix);
    for (Route route : routes) {
      if (route.prefix().equals(prefix)) {
        throw new IllegalArgumentException("HTTP prefix " + prefix + " is added already");
      }
    }
    routes.add(new Route(prefix, Objects.requireNonNull(handler, "handler")));
    return this;
  }

  /**
   * Adds a WebSocket protocol to the server's table. Browsers of other sites are refused ({@code
   * 403}): pages the device served itself and programs (no {@code Origin}) may connect, as for the
   * streams.
   *
   * @throws IllegalArgumentException when its path overlaps the firmware's own, or the name is
   *     taken
   */
  public AppSetup protocol(Protocol protocol) {
    StreamAcceptor sameOrigin = StreamAcceptor.sameOrigin();
    return protocol(protocol, (request, p) -> sameOrigin.accept(request) ? 0 : 403);
  }

  /**
   * Adds a WebSocket protocol whose upgrades {@code filter} decides (on the service thread, before
   * anything is allocated for the connection).
   *
   * @throws IllegalArgumentException when its path overlaps the firmware's own, or the name is
   *     taken
   */
  public AppSetup protocol(Protocol protocol, UpgradeFilter filter) {
    checkOpen();
    Objects.requireNonNull(filter, "filter");
    if (protocol.path() != null) {
      checkPath("protocol " + protocol.name() + " path", protocol.path());
    }
    for (Protocol p : protocols) {
      if (p.name().equals(protocol.name())) {
        throw new IllegalArgumentException("protocol " + protocol.name() + " is added already");
      }
    }
    protocols.add(protocol);
    filters.add(filter);
    return this;
  }

  private static void checkPath(String what, String path) {
    if (path == null || !path.startsWith("/") || path.equals("/") || path.endsWith("/")) {
      throw new IllegalArgumentException(
          what + " '" + path + "' must start with / and name a path below it, like /api");
    }
    for (String firmware : FIRMWARE_PATHS) {
      if (path.equals(firmware)
          || path.startsWith(firmware + "/")
          || firmware.startsWith(path + "/")) {
        throw new IllegalArgumentException(
            what + " '" + path + "' overlaps the firmware's " + firmware);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the server is open: add handlers in Application.install");
    }
  }

  /** Ends the setup: later calls throw. */
  void close() {
    closed = true;
  }

  List<Protocol> protocols() {
    return List.copyOf(protocols);
  }

  /** The filter for {@code protocol} when it is one of the application's, else null. */
  UpgradeFilter filterFor(Protocol protocol) {
    int i = protocols.indexOf(protocol);
    return i < 0 ? null : filters.get(i);
  }

  /** {@code fallback} with the application's routes in front of it. */
  HttpHandler http(HttpHandler fallback) {
    if (routes.isEmpty()) {
      return fallback;
    }
    Route[] table = routes.toArray(Route[]::new); // an array: no iterator per request
    return (HttpRequest request, HttpResponse response) -> {
      String path = request.path();
      for (Route route : table) {
        if (path.equals(route.prefix()) || path.startsWith(route.prefix() + "/")) {
          route.handler().onRequest(request, response);
          return;
        }
      }
      fallback.onRequest(request, response);
    };
  }
}

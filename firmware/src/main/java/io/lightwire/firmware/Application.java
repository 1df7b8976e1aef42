package io.lightwire.firmware;

import io.lightwire.firmware.config.AppConfigKey;
import java.util.List;

/**
 * The user's firmware: a service the firmware finds with {@link java.util.ServiceLoader} in the
 * application's module ({@code provides io.lightwire.firmware.Application with ...}), or is given
 * by class in a test. Lightwire's own services (camera, GPIO panel, streams, status) are the
 * platform it stands on.
 *
 * <p>Life cycle, in order, each step at most once:
 *
 * <ol>
 *   <li>{@link #configKeys()}: before boot; the {@code app.*} keys of the config are validated
 *       against these (an unknown {@code app.*} key stops boot like an unknown firmware key);
 *   <li>{@link #install(AppSetup)}: during boot, before the server opens, on the booting thread:
 *       add HTTP handlers and WebSocket protocols to the firmware's server and read config;
 *   <li>{@link #start(Firmware)}: on the {@linkplain ApplicationThread application thread} once
 *       every service serves. An exception here leaves the firmware serving; the application's
 *       state becomes {@code failed} in {@code /status} and the log;
 *   <li>{@link #stop()}: at shutdown, on the application thread, before the services stop (only
 *       after a {@code start} that returned normally).
 * </ol>
 *
 * Everything the application does afterwards (stream handlers, GPIO edges, timers) runs on the
 * application thread too, so application code needs no locks.
 */
public interface Application {

  /** A short name for {@code /status}, the page and the log, e.g. {@code "greenhouse"}. */
  String name();

  /**
   * The application's own config keys, all beginning with {@code app.}; the firmware validates the
   * config's {@code app.*} entries against them before boot. None by default.
   */
  default List<AppConfigKey> configKeys() {
    return List.of();
  }

  /**
   * Adds the application's HTTP handlers and WebSocket protocols to the firmware's server, before
   * it opens. Nothing by default.
   *
   * @throws RuntimeException to stop boot; the firmware does not start and the message is shown
   */
  default void install(AppSetup setup) {}

  /**
   * Starts the application on the application thread, once the services serve: register streams,
   * subscribe to GPIO edges, schedule timers. It should return promptly: every other application
   * event waits behind it.
   *
   * @throws Exception when the application cannot start; the firmware keeps serving and reports the
   *     failure
   */
  void start(Firmware firmware) throws Exception;

  /**
   * Stops the application at shutdown, on the application thread, before the services stop. Timers
   * and GPIO subscriptions end with the firmware anyway; close what the application opened itself.
   * Nothing by default.
   */
  default void stop() {}
}

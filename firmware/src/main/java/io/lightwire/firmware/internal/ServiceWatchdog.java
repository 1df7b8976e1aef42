package io.lightwire.firmware.internal;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.websock.server.Server;

/**
 * Pings systemd's watchdog only while both of the firmware's loops turn: an application-thread
 * timer (every {@link SystemdNotifier#watchdogIntervalMillis()}) hands one task to the service
 * loop, and that task sends {@code WATCHDOG=1}. A stuck application thread fires no timer, a stuck
 * service loop runs no task: either way the pings stop and systemd restarts the unit after {@code
 * WatchdogSec=}. Takes one application timer; nothing is allocated per ping.
 */
public final class ServiceWatchdog implements AutoCloseable {

  private final ApplicationThread app;
  private final long timer;

  private ServiceWatchdog(ApplicationThread app, long timer) {
    this.app = app;
    this.timer = timer;
  }

  /**
   * Starts pinging through {@code notifier}; returns null when systemd asked for no watchdog.
   *
   * @throws IllegalStateException when the application's timer table is full
   */
  public static ServiceWatchdog start(
      ApplicationThread app, Server server, SystemdNotifier notifier) {
    long interval = notifier.watchdogIntervalMillis();
    if (interval == 0) {
      return null;
    }
    Runnable ping = notifier::watchdog;
    Runnable handOff = () -> server.execute(ping);
    long timer = app.every(interval, handOff);
    if (timer == ApplicationThread.REFUSED) {
      throw new IllegalStateException(
          "app.timers: no timer left for the systemd watchdog; raise app.timers");
    }
    return new ServiceWatchdog(app, timer);
  }

  @Override
  public void close() {
    app.cancel(timer);
  }
}

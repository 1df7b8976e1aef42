package io.lightwire.firmware.internal;

import io.lightwire.hal.unix.UnixDatagram;
import java.io.IOException;
import java.util.Map;

/**
 * systemd's notify protocol ({@code sd_notify(3)}) for a {@code Type=notify} unit: {@code READY=1}
 * once the firmware serves, {@code WATCHDOG=1} pings while its loops turn, {@code STOPPING=1} on
 * the way down. The socket is the datagram socket named by {@code NOTIFY_SOCKET}; without it (not
 * under systemd, or another unit type) every call does nothing. A failed send is logged once and
 * never stops the firmware. Calls may come from any thread; they are serialised.
 */
public final class SystemdNotifier implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.systemd");

  /** sd_notify messages are short; STATUS lines are cut to fit. */
  private static final int MESSAGE_BYTES = 512;

  private static final SystemdNotifier NONE = new SystemdNotifier(null, 0);

  private final UnixDatagram socket;
  private final long watchdogMicros;
  private boolean failureLogged;

  /** Pings wait for READY=1: the watchdog guards a serving firmware, and boot has its own limit. */
  private volatile boolean ready;

  private SystemdNotifier(UnixDatagram socket, long watchdogMicros) {
    this.socket = socket;
    this.watchdogMicros = watchdogMicros;
  }

  /**
   * The notifier for this process's environment: {@code NOTIFY_SOCKET}, and {@code WATCHDOG_USEC}
   * when {@code WATCHDOG_PID} is absent or names {@code pid}.
   */
  public static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
    String name = env.get("NOTIFY_SOCKET");
    if (name == null || name.isBlank()) {
      return NONE;
    }
    long watchdog = 0;
    String usec = env.get("WATCHDOG_USEC");
    String forPid = env.get("WATCHDOG_PID");
    if (usec != null && (forPid == null || forPid.strip().equals(Long.toString(pid)))) {
      try {
        watchdog = Math.max(0, Long.parseLong(usec.strip()));
      } catch (NumberFormatException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "WATCHDOG_USEC ''{0}'' is not a number; no watchdog",
            usec);
      }
    }
    try {
      return new SystemdNotifier(UnixDatagram.open(MESSAGE_BYTES).target(name.strip()), watchdog);
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "NOTIFY_SOCKET ''{0}'' cannot be used ({1}); systemd will not hear from the firmware",
          name,
          e.getMessage());
      return NONE;
    }
  }

  /** True when there is a notify socket. */
  public boolean enabled() {
    return socket != null;
  }

  /**
   * How often to ping, in milliseconds: half of systemd's {@code WatchdogSec=}, as
   * sd_watchdog_enabled(3) advises; 0 when systemd asked for no watchdog.
   */
  public long watchdogIntervalMillis() {
    return watchdogMicros == 0 ? 0 : Math.max(1, watchdogMicros / 2_000);
  }

  /** Tells systemd the firmware serves, with a status line for {@code systemctl status}. */
  public void ready(String status) {
    send("READY=1\nSTATUS=" + oneLine(status) + "\nMAINPID=" + ProcessHandle.current().pid());
    ready = true;
  }

  /** One watchdog ping; none before {@link #ready}. */
  public void watchdog() {
    if (ready) {
      send("WATCHDOG=1");
    }
  }

  /** Tells systemd the firmware is stopping. */
  public void stopping() {
    ready = false;
    send("STOPPING=1\nSTATUS=stopping");
  }

  private static String oneLine(String status) {
    String line = status.replace('\n', ' ');
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  private synchronized void send(String message) {
    if (socket == null) {
      return;
    }
    try {
      socket.send(message);
    } catch (IOException e) {
      if (!failureLogged) {
        failureLogged = true;
        LOG.log(System.Logger.Level.WARNING, "sd_notify failed: {0}", e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      socket.close();
    }
  }
}

package io.lightwire.firmware.bundle;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.Boards;

/**
 * The generated files of a bundle: the board-side launcher and the systemd unit. Text, so a user
 * can read on the board exactly what runs.
 */
final class BoardFiles {

  /** Placeholder in the unit for the install folder; {@code lightwire flash} fills it in. */
  static final String HOME_PLACEHOLDER = "@LIGHTWIRE_HOME@";

  /** The Java feature release the firmware is compiled for. */
  static final int JAVA_FEATURE = 25;

  /** Launcher exit status when no suitable Java is found (the unit does not restart on it). */
  static final int EXIT_NO_JAVA = 3;

  /** Exit status of a bad config (see RunCommand); restarting would not help either. */
  static final int EXIT_BAD_CONFIG = 2;

  private BoardFiles() {}

  /**
   * The launcher, {@code bin/lightwire}: picks the bundled runtime, else {@code JAVA_HOME}, else
   * {@code java} on the PATH; refuses a Java older than 25 with the command that installs one.
   */
  static String launcher(boolean withExamples) {
    String addModules = withExamples ? " --add-modules " + AppModules.EXAMPLES : "";
    return """
        #!/bin/sh
        # Lightwire on the board (made by `lightwire bundle`). Runs the bundled Java runtime when
        # the bundle has one, else $JAVA_HOME/bin/java, else java on the PATH, and refuses a Java
        # older than %1$d with the command that installs one. JAVA_OPTS goes to the JVM.
        #   bin/lightwire run --config config/lightwire.properties
        set -eu
        here=$(cd "$(dirname "$0")/.." && pwd -P)
        need=%1$d

        no_java() {
          echo "lightwire: $1" >&2
          echo "  Lightwire needs Java $need or newer. On Raspberry Pi OS or Debian 13 (trixie):" >&2
          echo "    sudo apt install openjdk-$need-jre-headless" >&2
          echo "  or flash a bundle that carries its own runtime (lightwire bundle --runtime)." >&2
          exit %2$d
        }

        if [ -x "$here/runtime/bin/java" ]; then
          java="$here/runtime/bin/java"
        elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
          java="$JAVA_HOME/bin/java"
        elif command -v java >/dev/null 2>&1; then
          java=$(command -v java)
        else
          no_java "no Java found (no bundled runtime, no JAVA_HOME, no java on the PATH)"
        fi

        # `java -version` prints e.g.: openjdk version "25.0.1" 2025-10-21 (or "1.8.0_402").
        version=$("$java" -version 2>&1 | sed -n 's/^[^"]* version "\\([^"]*\\)".*/\\1/p' | head -n 1)
        feature=${version%%%%[.+_-]*}
        case "$feature" in
          '' | *[!0-9]*) no_java "cannot tell the version of $java (it printed: $version)" ;;
        esac
        if [ "$feature" -lt "$need" ]; then
          no_java "$java is Java $version"
        fi

        # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags on purpose
        # AutoBoxCacheMax: the JDK's epoll selector boxes each ready descriptor past 127; a larger
        # Integer cache keeps the service thread at zero bytes per message.
        exec "$java" -XX:AutoBoxCacheMax=65536 ${JAVA_OPTS:-} \\
          --enable-native-access=io.lightwire.hal \\
          --sun-misc-unsafe-memory-access=allow \\
          --module-path "$here/lib"%3$s \\
          --module io.lightwire.firmware/io.lightwire.firmware.cli.LightwireCli "$@"
        """
        .formatted(JAVA_FEATURE, EXIT_NO_JAVA, addModules);
  }

  /**
   * The systemd unit. A dynamic user (created by systemd when the service starts, never a login
   * account), restart on failure except for a bad config or a missing Java, and the hardening
   * options that still let a Pi's firmware reach its GPIO, I2C, SPI, PWM and camera devices.
   */
  static String unit(BoardDescriptor board) {
    boolean pi = !board.id().equals(Boards.EMULATED.id());
    String devices =
        pi
            ? """
            # The Pi's device groups (Raspberry Pi OS): GPIO, I2C, SPI, camera and DMA heaps.
            SupplementaryGroups=gpio i2c spi video
            """
            : "";
    return """
        # Lightwire firmware for %1$s (made by `lightwire bundle`).
        # `lightwire flash` fills in %2$s and links this unit into systemd.
        [Unit]
        Description=Lightwire firmware (%1$s)
        After=network-online.target
        Wants=network-online.target

        [Service]
        # READY=1 once the firmware serves; WATCHDOG=1 every WatchdogSec/2 while its service and
        # application loops turn, so a hung JVM is restarted (Restart=on-failure covers it).
        Type=notify
        NotifyAccess=main
        WatchdogSec=30
        ExecStart=%2$s/current/bin/lightwire run --config %2$s/current/config/lightwire.properties
        # A user of its own, made by systemd for the service; state (the access token) persists
        # in /var/lib/lightwire.
        DynamicUser=yes
        StateDirectory=lightwire
        WorkingDirectory=%%S/lightwire
        # state.dir 'auto' is $XDG_STATE_HOME/lightwire: the access token lands in the state
        # directory, the one place a read-only system lets the service write.
        Environment=XDG_STATE_HOME=%%S
        %3$sRestart=on-failure
        RestartSec=2
        # 2: bad config, 3: no Java 25. Restarting would fail the same way.
        RestartPreventExitStatus=%4$d %5$d
        # SIGTERM stops the firmware cleanly (exit 0; 143 where the JVM has no signal API).
        KillSignal=SIGTERM
        SuccessExitStatus=143
        TimeoutStopSec=20

        # Hardening. Not set, on purpose: MemoryDenyWriteExecute (the JIT writes code),
        # ProtectKernelTunables (sysfs PWM is written under /sys), PrivateDevices (/dev/gpiochip*).
        NoNewPrivileges=yes
        CapabilityBoundingSet=
        AmbientCapabilities=
        ProtectSystem=strict
        ProtectHome=yes
        PrivateTmp=yes
        ProtectKernelModules=yes
        ProtectKernelLogs=yes
        ProtectControlGroups=yes
        ProtectClock=yes
        ProtectHostname=yes
        RestrictNamespaces=yes
        RestrictRealtime=yes
        RestrictSUIDSGID=yes
        LockPersonality=yes
        RemoveIPC=yes
        UMask=0077
        RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
        SystemCallArchitectures=native

        [Install]
        WantedBy=multi-user.target
        """
        .formatted(board.id(), HOME_PLACEHOLDER, devices, EXIT_BAD_CONFIG, EXIT_NO_JAVA);
  }
}

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

  /**
   * Seconds between a release's first boot and its AOT training run (the board is busy booting).
   */
  static final int AOT_TRAINING_DELAY_S = 60;

  /** The board's JVM memory flags, one list shared with {@code ./lightwire}. */
  static final String MEMORY_FLAGS_RESOURCE = "jvm-memory.flags";

  /** The AOT training script, one for {@code ./lightwire} and the board ({@code bin/aot-train}). */
  static final String AOT_TRAIN_RESOURCE = "aot-train";

  private BoardFiles() {}

  /** The JVM flags that bound resident memory (docs/decisions.md, "Boot"), on one line. */
  static String memoryFlags() {
    return resource(MEMORY_FLAGS_RESOURCE).strip();
  }

  /** The AOT training script ({@code bin/aot-train} in a bundle). */
  static String aotTrain() {
    return resource(AOT_TRAIN_RESOURCE);
  }

  private static String resource(String name) {
    try (var in = BoardFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the firmware jar has no " + name + " next to BoardFiles");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

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
          echo "  Lightwire needs Java $need or newer." >&2
          echo "  Raspberry Pi OS / Debian 13 (trixie):" >&2
          echo "    sudo apt install openjdk-$need-jre-headless" >&2
          echo "  Raspberry Pi OS / Debian 12 (bookworm) has no openjdk-$need package: install Eclipse" >&2
          echo "  Temurin $need (64-bit OS) from Adoptium's apt repository (adoptium.net/installation/linux):" >&2
          echo "    sudo apt install -y wget gpg" >&2
          echo "    wget -qO- https://packages.adoptium.net/artifactory/api/gpg/key/public | sudo gpg --dearmor -o /usr/share/keyrings/adoptium.gpg" >&2
          echo "    echo 'deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb bookworm main' | sudo tee /etc/apt/sources.list.d/adoptium.list" >&2
          echo "    sudo apt update && sudo apt install temurin-$need-jdk" >&2
          echo "  A bundle made with --runtime carries its own Java (built from trixie's OpenJDK: it needs" >&2
          echo "  a trixie-based OS)." >&2
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

        # Memory flags from measurements (docs/decisions.md, "Boot"); JAVA_OPTS comes after them,
        # so a flag there wins, and a collector chosen there replaces ours (two would stop the JVM).
        memory="%4$s"
        case " ${JAVA_OPTS:-} " in
          *" -XX:+Use"*GC" "*) memory=$(echo "$memory" | sed 's/-XX:+UseSerialGC//') ;;
        esac
        # (Among them AutoBoxCacheMax: the JDK's epoll selector boxes each ready descriptor past
        # 127; a larger Integer cache keeps the service thread at zero bytes per message.)
        flags="$memory --enable-native-access=io.lightwire.hal"
        flags="$flags --sun-misc-unsafe-memory-access=allow --module-path $here/lib%3$s"
        main="--module io.lightwire.firmware/io.lightwire.firmware.cli.LightwireCli"

        # The AOT cache (JDK 25): made on the board, as another CPU's cache cannot be made where the
        # bundle is built. In LIGHTWIRE_AOT_DIR (the unit: the state directory), named after this
        # release, its jars and the Java, so a stale cache is never used. Without one, `run` starts
        # as it would anyway and a training run (bin/aot-train) makes it in the background, %5$d s
        # later and at the lowest CPU priority, so the first boot is no slower than without.
        # LIGHTWIRE_AOT=off: no cache.
        aot=""
        if [ "${LIGHTWIRE_AOT:-on}" != off ] && [ -n "${LIGHTWIRE_AOT_DIR:-}" ] && [ "${1:-}" = run ]; then
          id=$({ echo "$java $version $flags"; cat "$here/MANIFEST" 2>/dev/null; ls -l "$here/lib"; } | cksum | cut -d' ' -f1)
          cache="$LIGHTWIRE_AOT_DIR/lightwire-$id.aot"
          if [ -f "$cache" ]; then
            aot="-XX:AOTCache=$cache"
          elif [ ! -f "$cache.failed" ]; then
            # shellcheck disable=SC2086 # flags and main are lists on purpose
            ( (sleep "${LIGHTWIRE_AOT_DELAY_S:-%5$d}" && exec nice -n 19 sh "$here/bin/aot-train" "$java" "$cache" $flags $main) \
              </dev/null >/dev/null 2>&1 &)
          fi
        fi

        # shellcheck disable=SC2086 # flags, JAVA_OPTS and main are lists on purpose
        exec "$java" $flags $aot ${JAVA_OPTS:-} $main "$@"
        """
        .formatted(JAVA_FEATURE, EXIT_NO_JAVA, addModules, memoryFlags(), AOT_TRAINING_DELAY_S);
  }

  /**
   * The systemd unit. A dynamic user (created by systemd when the service starts, never a login
   * account), restart on failure except for a bad config or a missing Java, and the hardening
   * options that still let a Pi's firmware reach its GPIO, I2C, SPI, PWM and camera devices.
   */
  static String unit(BoardDescriptor board, int port) {
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
        # The AOT cache is made on the board's first boot of a release and kept with the state.
        Environment=LIGHTWIRE_AOT_DIR=%%S/lightwire
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
        %6$sProtectSystem=strict
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
        .formatted(
            board.id(),
            HOME_PLACEHOLDER,
            devices,
            EXIT_BAD_CONFIG,
            EXIT_NO_JAVA,
            capabilities(port));
  }

  /** Ports below this need {@code CAP_NET_BIND_SERVICE} (Linux's privileged ports). */
  static final int FIRST_UNPRIVILEGED_PORT = 1024;

  /**
   * The unit's capability lines: none at all, or, when {@code port} is privileged, only the right
   * to bind it (libwebsockets drops to a uid/gid after binding as root; a dynamic user never is
   * root, so it is given this one capability instead). Ambient, so the JVM (not a setuid program)
   * keeps it under {@code NoNewPrivileges}; bounding, so nothing can gain more.
   */
  static String capabilities(int port) {
    if (port > 0 && port < FIRST_UNPRIVILEGED_PORT) {
      return """
          # server.port %d is below %d: the right to bind it, nothing else.
          CapabilityBoundingSet=CAP_NET_BIND_SERVICE
          AmbientCapabilities=CAP_NET_BIND_SERVICE
          """
          .formatted(port, FIRST_UNPRIVILEGED_PORT);
    }
    return """
        CapabilityBoundingSet=
        AmbientCapabilities=
        """;
  }
}

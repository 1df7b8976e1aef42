package io.lightwire.firmware.internal;

import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.nio.file.Path;

/**
 * Where the firmware keeps what must survive a restart (the access token, a self-signed TLS
 * certificate): {@code state.dir}, or {@code $XDG_STATE_HOME/lightwire}, else {@code
 * ~/.local/state/lightwire}. Boot and {@code lightwire token} read the same place.
 */
public final class StateDirectory {

  private StateDirectory() {}

  /** The state directory {@code config} names. */
  public static Path of(FirmwareConfig config) {
    String value = config.text(ConfigKey.STATE_DIR);
    if (!value.equals("auto")) {
      return Path.of(value);
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "lightwire");
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "lightwire");
  }
}

package io.lightwire.firmware.config;

import io.lightwire.hal.CameraControls;
import java.util.regex.Pattern;

/**
 * The value rules of the {@code camera.*} text keys (their numeric ones are ranges in ConfigKey),
 * the same ones {@link CameraControls} checks, so a bad value stops boot naming the key.
 */
final class CameraKeys {

  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,2}(\\.[0-9]{1,3})?");

  private CameraKeys() {}

  /** True when {@code value} is allowed for {@code key}; keys other than these always pass. */
  static boolean valid(ConfigKey key, String value) {
    return switch (key) {
      case CAMERA_ROTATION -> value.equals("0") || value.equals("180");
      case CAMERA_HFLIP, CAMERA_VFLIP, CAMERA_ALWAYS_ON -> value.matches("true|false");
      case CAMERA_GAIN -> value.equals("auto") || validGain(value);
      case CAMERA_AWB -> CameraControls.AWB_MODES.contains(value);
      case CAMERA_DENOISE -> CameraControls.DENOISE_MODES.contains(value);
      case CAMERA_AUTOFOCUS_MODE -> CameraControls.AUTOFOCUS_MODES.contains(value);
      default -> true;
    };
  }

  private static boolean validGain(String value) {
    if (!DECIMAL.matcher(value).matches()) {
      return false;
    }
    double gain = Double.parseDouble(value);
    return gain >= CameraControls.MIN_GAIN && gain <= CameraControls.MAX_GAIN;
  }

  /** The controls the config asks for; the config is validated. */
  static CameraControls controls(FirmwareConfig config) {
    String gain = config.text(ConfigKey.CAMERA_GAIN);
    return new CameraControls(
        config.number(ConfigKey.CAMERA_INDEX),
        Integer.parseInt(config.text(ConfigKey.CAMERA_ROTATION)),
        Boolean.parseBoolean(config.text(ConfigKey.CAMERA_HFLIP)),
        Boolean.parseBoolean(config.text(ConfigKey.CAMERA_VFLIP)),
        config.number(ConfigKey.CAMERA_SHUTTER_US),
        gain.equals("auto") ? 0 : Double.parseDouble(gain),
        config.text(ConfigKey.CAMERA_AWB),
        config.text(ConfigKey.CAMERA_DENOISE),
        config.text(ConfigKey.CAMERA_AUTOFOCUS_MODE));
  }
}

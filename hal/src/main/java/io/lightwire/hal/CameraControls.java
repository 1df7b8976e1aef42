package io.lightwire.hal;

import java.util.List;

/**
 * How the sensor is driven, validated when constructed: which camera, orientation, exposure, white
 * balance, denoise and focus. The names and values are {@code rpicam-vid}'s own (rpicam-apps {@code
 * core/options.cpp}); the emulated camera honours {@link #rotation}, {@link #hflip} and {@link
 * #vflip}.
 *
 * @param index which camera, as {@code rpicam-vid --camera} counts them (a Pi 5 has two ports),
 *     0..{@value #MAX_INDEX}
 * @param rotation 0 or 180 degrees (the sensor can only flip, so 90 and 270 do not exist)
 * @param hflip mirror left to right
 * @param vflip mirror top to bottom
 * @param shutterMicros a fixed exposure time in microseconds, or 0 for automatic exposure
 * @param gain a fixed analogue gain ({@value #MIN_GAIN}..{@value #MAX_GAIN}), or 0 for automatic
 * @param awb white balance, one of {@link #AWB_MODES}
 * @param denoise one of {@link #DENOISE_MODES}
 * @param autofocusMode one of {@link #AUTOFOCUS_MODES} (only cameras with a focus motor use it)
 */
public record CameraControls(
    int index,
    int rotation,
    boolean hflip,
    boolean vflip,
    long shutterMicros,
    double gain,
    String awb,
    String denoise,
    String autofocusMode) {

  /** The highest camera index accepted. */
  public static final int MAX_INDEX = 15;

  /** The longest fixed exposure, 10 minutes in microseconds (the HQ camera's limit is lower). */
  public static final long MAX_SHUTTER_MICROS = 600_000_000L;

  /** The smallest fixed analogue gain. */
  public static final double MIN_GAIN = 1.0;

  /** The largest fixed analogue gain accepted (sensors clamp to their own maximum). */
  public static final double MAX_GAIN = 64.0;

  /** {@code rpicam-vid --awb} values. */
  public static final List<String> AWB_MODES =
      List.of(
          "auto",
          "incandescent",
          "tungsten",
          "fluorescent",
          "indoor",
          "daylight",
          "cloudy",
          "custom");

  /** {@code rpicam-vid --denoise} values. */
  public static final List<String> DENOISE_MODES =
      List.of("auto", "off", "cdn_off", "cdn_fast", "cdn_hq");

  /** {@code rpicam-vid --autofocus-mode} values. */
  public static final List<String> AUTOFOCUS_MODES =
      List.of("default", "manual", "auto", "continuous");

  /** rpicam-vid's own defaults: camera 0, upright, automatic everything. */
  public static final CameraControls DEFAULTS =
      new CameraControls(0, 0, false, false, 0, 0, "auto", "auto", "default");

  /** Validates every field; the message names the field, the value and what is allowed. */
  public CameraControls {
    Checks.range("camera", "index", index, 0, MAX_INDEX);
    if (rotation != 0 && rotation != 180) {
      throw new IllegalArgumentException("camera: rotation " + rotation + " is not 0 or 180");
    }
    Checks.range("camera", "shutterMicros", shutterMicros, 0, MAX_SHUTTER_MICROS);
    if (gain != 0) {
      Checks.range("camera", "gain", gain, MIN_GAIN, MAX_GAIN);
    }
    oneOf("awb", awb, AWB_MODES);
    oneOf("denoise", denoise, DENOISE_MODES);
    oneOf("autofocusMode", autofocusMode, AUTOFOCUS_MODES);
  }

  private static void oneOf(String field, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(
          "camera: " + field + " '" + value + "' is not one of " + String.join(", ", allowed));
    }
  }

  /** True when the picture is mirrored left to right: {@link #hflip} xor a 180 degree rotation. */
  public boolean mirroredLeftRight() {
    return hflip ^ rotation == 180;
  }

  /** True when the picture is mirrored top to bottom: {@link #vflip} xor a 180 degree rotation. */
  public boolean mirroredTopBottom() {
    return vflip ^ rotation == 180;
  }
}

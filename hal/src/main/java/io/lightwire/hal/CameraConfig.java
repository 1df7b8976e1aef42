package io.lightwire.hal;

/**
 * A camera stream of MJPEG frames, validated when constructed. The frame ring is allocated once
 * when the camera opens: {@code ringSlots * maxFrameBytes} bytes.
 *
 * @param id a name for logs and errors
 * @param width frame width in pixels, 16..4096
 * @param height frame height in pixels, 16..4096
 * @param frameRate frames per second, 1..120
 * @param quality JPEG quality, 1..100
 * @param ringSlots frames kept in the ring, 2..64
 * @param maxFrameBytes the size of one ring slot; a larger frame is dropped and counted
 * @param stallTimeoutMillis no frame for this long while started reports a stall, 10..60 000 ms
 * @param controls which camera, orientation, exposure and the like
 */
public record CameraConfig(
    String id,
    int width,
    int height,
    int frameRate,
    int quality,
    int ringSlots,
    int maxFrameBytes,
    long stallTimeoutMillis,
    CameraControls controls) {

  /** The smallest ring slot, 4 KiB. */
  public static final int MIN_FRAME_BYTES = 4096;

  /** Validates every field. */
  public CameraConfig {
    Checks.id(id);
    Checks.range(id, "width", width, 16, 4096);
    Checks.range(id, "height", height, 16, 4096);
    Checks.range(id, "frameRate", frameRate, 1, 120);
    Checks.range(id, "quality", quality, 1, 100);
    Checks.range(id, "ringSlots", ringSlots, 2, 64);
    Checks.range(id, "maxFrameBytes", maxFrameBytes, MIN_FRAME_BYTES, 64 << 20);
    Checks.range(id, "stallTimeoutMillis", stallTimeoutMillis, 10, 60_000);
    java.util.Objects.requireNonNull(controls, "controls");
  }

  /** A camera with {@link CameraControls#DEFAULTS}. */
  public CameraConfig(
      String id,
      int width,
      int height,
      int frameRate,
      int quality,
      int ringSlots,
      int maxFrameBytes,
      long stallTimeoutMillis) {
    this(
        id,
        width,
        height,
        frameRate,
        quality,
        ringSlots,
        maxFrameBytes,
        stallTimeoutMillis,
        CameraControls.DEFAULTS);
  }

  /**
   * This config at another size, rate and quality (validated); the ring, the stall timeout and the
   * controls stay.
   */
  public CameraConfig withFormat(int newWidth, int newHeight, int newFrameRate, int newQuality) {
    return new CameraConfig(
        id,
        newWidth,
        newHeight,
        newFrameRate,
        newQuality,
        ringSlots,
        maxFrameBytes,
        stallTimeoutMillis,
        controls);
  }

  /** This config with other controls. */
  public CameraConfig withControls(CameraControls newControls) {
    return new CameraConfig(
        id,
        width,
        height,
        frameRate,
        quality,
        ringSlots,
        maxFrameBytes,
        stallTimeoutMillis,
        newControls);
  }

  /**
   * A camera with a 4-slot ring, slots of {@code max(64 KiB, width * height / 2)} bytes and a stall
   * timeout of five frame periods (at least one second).
   */
  public static CameraConfig of(String id, int width, int height, int frameRate, int quality) {
    int slot = Math.max(64 << 10, width * height / 2);
    long stall = Math.max(1000, 5000L / Math.max(1, frameRate));
    return new CameraConfig(id, width, height, frameRate, quality, 4, slot, stall);
  }

  /** The time between frames in nanoseconds. */
  public long framePeriodNanos() {
    return 1_000_000_000L / frameRate;
  }
}

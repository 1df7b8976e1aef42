package io.lightwire.firmware.internal;

import java.util.Locale;

/**
 * What the camera is doing, as {@code /status} and the page show it ({@code camera.state}).
 *
 * <ul>
 *   <li>{@link #IDLE}: nobody watches, the camera is stopped (capture on demand).
 *   <li>{@link #STARTING}: started for a viewer, no frame yet.
 *   <li>{@link #RUNNING}: frames arrive.
 *   <li>{@link #STALLED}: started, but no frame for longer than the stall timeout.
 *   <li>{@link #FAILED}: the camera cannot deliver (no camera, no {@code rpicam-vid}, it exited,
 *       every frame too large); the message says why and what to do.
 * </ul>
 */
public enum CameraState {
  IDLE,
  STARTING,
  RUNNING,
  STALLED,
  FAILED;

  /** The name in {@code /status}: lower case. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

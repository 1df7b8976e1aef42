package io.lightwire.hal;

/** Told when a started camera stalls (no frame within the stall timeout) and when it recovers. */
@FunctionalInterface
public interface CameraListener {

  /**
   * Called from the camera's capture or supervisor thread. Must not block.
   *
   * @param stalled true when the camera stopped delivering, false when frames resume
   * @param timeNanos when it was noticed, on {@link HalClock#nanos()}
   */
  void onStall(boolean stalled, long timeNanos);
}

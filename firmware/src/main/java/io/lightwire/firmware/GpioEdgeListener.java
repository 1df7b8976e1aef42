package io.lightwire.firmware;

/**
 * Told about an input edge of the board, on the {@linkplain ApplicationThread application thread},
 * so it may touch application state without locks. See {@link Gpio#onEdge}.
 */
@FunctionalInterface
public interface GpioEdgeListener {

  /**
   * Called on the application thread for an input edge (or for the newest of a burst of edges that
   * arrived while the previous one was still queued; see {@link Gpio}).
   *
   * @param bcm the GPIO number of the input
   * @param high the new logical level
   * @param timeNanos when the hardware detected the edge, on the HAL clock's nanosecond scale (the
   *     kernel's event timestamp on a board)
   */
  void onEdge(int bcm, boolean high, long timeNanos);
}

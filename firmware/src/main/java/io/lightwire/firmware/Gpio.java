package io.lightwire.firmware;

import io.lightwire.firmware.internal.GpioPins;
import io.lightwire.hal.Subscription;
import java.util.List;

/**
 * The board's opened pins for application code ({@link Firmware#gpio()}): the inputs and outputs
 * the {@code gpio.inputs} and {@code gpio.outputs} keys claimed. The GPIO panel at {@code /gpio},
 * the MQTT bridge and {@code /status} watch the same pins; none of them is in the application's
 * path.
 *
 * <p>Edges run on the {@linkplain ApplicationThread application thread}, so listeners need no
 * locks. The hardware's event thread never waits for the application and allocates nothing per
 * edge: each input has one preallocated event it posts to the application queue. A burst that
 * arrives while that event is still queued coalesces into it (the listener sees the newest level
 * and timestamp once); an edge the full queue refuses is counted, and the newest level is still
 * delivered, by the next edge or the application thread's next sweep. {@link #edgeCounts} and
 * {@code /status} report both.
 */
public final class Gpio {

  private final GpioPins pins;
  private final ApplicationThread app;

  Gpio(GpioPins pins, ApplicationThread app) {
    this.pins = pins;
    this.app = app;
  }

  /**
   * Calls {@code listener} on the application thread for each edge of input {@code bcm}. Closing
   * the result on the application thread stops delivery at once; from another thread, a call
   * already under way may still finish.
   *
   * @throws IllegalArgumentException when {@code bcm} is not one of the board's opened inputs; the
   *     message names the pin and what it is
   */
  public Subscription onEdge(int bcm, GpioEdgeListener listener) {
    return pins.onEdge(bcm, listener);
  }

  /**
   * The last known logical level of input or output {@code bcm} (an input's newest debounced edge,
   * an output's last written level). Any thread.
   *
   * @throws IllegalArgumentException when {@code bcm} is not an opened input or output
   */
  public boolean read(int bcm) {
    return pins.level(bcm);
  }

  /**
   * Drives output {@code bcm} to the logical {@code level}; the panel's pages and the MQTT bridge
   * see the change. On the application thread only, so no lock guards the pins.
   *
   * @throws IllegalStateException when called on another thread (post it with {@link
   *     ApplicationThread#post})
   * @throws IllegalArgumentException when {@code bcm} is not an opened output
   */
  public void write(int bcm, boolean level) {
    if (!app.isCurrentThread()) {
      throw new IllegalStateException(
          "Gpio.write(" + bcm + ") runs on the application thread; post it there");
    }
    pins.write(bcm, level);
  }

  /** The GPIO numbers of the opened inputs. */
  public List<Integer> inputs() {
    return pins.inputs();
  }

  /**
   * The edge counters of input {@code bcm}.
   *
   * @throws IllegalArgumentException when {@code bcm} is not an opened input
   */
  public GpioEdgeCounts edgeCounts(int bcm) {
    return pins.edgeCounts(bcm);
  }
}

package io.lightwire.firmware.internal;

import io.lightwire.firmware.MemoryPlan;
import io.lightwire.hal.Camera;
import io.lightwire.websock.pool.Pool;

/**
 * The camera's frame ring as a pool of the memory plan. The ring itself lives in the camera (hal
 * allocates {@code camera.ring-frames} slots of {@code camera.frame-bytes} when the camera opens,
 * sized from the same plan entry, so the firmware does not allocate it twice). "In use" counts the
 * slots holding a captured frame while the camera runs; a stopped camera holds none.
 */
public final class CameraRingPool implements Pool {

  private final Camera camera;
  private final int slots;
  private final int slotBytes;

  /** The ring of {@code camera} (null when the camera is off), as planned in {@code entry}. */
  public CameraRingPool(Camera camera, MemoryPlan.Entry entry) {
    this.camera = camera;
    this.slots = entry.count();
    this.slotBytes = entry.size();
  }

  @Override
  public String name() {
    return MemoryPlan.CAMERA_FRAMES;
  }

  @Override
  public int capacity() {
    return slots;
  }

  @Override
  public int itemBytes() {
    return slotBytes;
  }

  @Override
  public int inUse() {
    if (camera == null || !camera.isOpen() || !camera.isRunning()) {
      return 0;
    }
    return (int) Math.min(slots, camera.framesCaptured());
  }
}

package io.lightwire.hal.internal;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.CameraListener;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.FrameRing;
import io.lightwire.hal.Subscription;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every {@link Camera} shares, whatever makes its frames: the {@link FrameRing} readers copy
 * from, the config (changeable while stopped), stall listeners and the stall flag, the failure in
 * words, and the counters of frames too large for a ring slot. Subclasses capture into {@link
 * #ring} and report through {@link #stalled}, {@link #failure(String)} and {@link #tooLarge()}.
 */
public abstract class RingCamera extends AbstractDevice implements Camera {

  /** The frames, allocated once when the camera opens. */
  protected final FrameRing ring;

  private final CopyOnWriteArrayList<CameraListener> listeners = new CopyOnWriteArrayList<>();
  private volatile CameraConfig config;
  private volatile boolean stalled;
  private volatile String failure;
  private volatile long tooLarge;

  /**
   * @param registry where the camera is registered
   * @param config the camera's config; its ring is allocated here
   * @param description e.g. {@code camera 'camera' (rpicam)}
   */
  protected RingCamera(DeviceRegistry registry, CameraConfig config, String description) {
    super(registry, "camera", config.id(), description);
    this.config = config;
    this.ring = new FrameRing(config.ringSlots(), config.maxFrameBytes());
  }

  @Override
  public final CameraConfig config() {
    return config;
  }

  @Override
  public final void reconfigure(CameraConfig next) {
    ensureOpen();
    CameraConfig now = config;
    if (!next.id().equals(now.id())
        || next.ringSlots() != now.ringSlots()
        || next.maxFrameBytes() != now.maxFrameBytes()) {
      throw new IllegalArgumentException(
          description()
              + ": the ring stays as allocated ("
              + now.ringSlots()
              + " slots of "
              + now.maxFrameBytes()
              + " bytes); only size, rate, quality and controls change");
    }
    if (isRunning()) {
      throw new IllegalStateException(description() + ": stop the camera before changing it");
    }
    onReconfigure(next);
    config = next;
  }

  /** Takes {@code next} before the next start (allocate per-size state here); stopped. */
  protected void onReconfigure(CameraConfig next) {}

  @Override
  public final int read(
      long afterSequence, FrameInfo info, byte[] dst, int offset, long timeoutMillis) {
    ensureOpen();
    return ring.read(afterSequence, info, dst, offset, timeoutMillis);
  }

  @Override
  public final boolean isStalled() {
    return stalled;
  }

  /** Records a stall (or its end) and tells the listeners; no-op when nothing changed. */
  protected final void stalled(boolean value, long timeNanos) {
    if (stalled == value) {
      return;
    }
    stalled = value;
    for (CameraListener l : listeners) {
      l.onStall(value, timeNanos);
    }
  }

  /** Forgets a stall without telling anyone (the camera stopped). */
  protected final void clearStall() {
    stalled = false;
  }

  @Override
  public final String failure() {
    return failure;
  }

  /** Says why the camera delivers nothing (null: it is fine again). */
  protected final void failure(String message) {
    failure = message;
  }

  @Override
  public final long framesTooLarge() {
    return tooLarge;
  }

  /** Counts a frame dropped for not fitting a ring slot; capture thread. */
  protected final void tooLarge() {
    tooLarge++;
  }

  @Override
  public final Subscription onStall(CameraListener listener) {
    ensureOpen();
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  @Override
  protected void onClose() {
    stop();
    listeners.clear();
  }
}

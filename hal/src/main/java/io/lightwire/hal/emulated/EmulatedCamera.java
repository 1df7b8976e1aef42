package io.lightwire.hal.emulated;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.CameraListener;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.FrameRing;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.internal.AbstractDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import io.lightwire.hal.internal.JpegEncoder;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The synthetic camera: at the configured rate (on the board's clock) it renders a {@link
 * SyntheticScene}, encodes it as a real baseline JPEG straight into the ring slot, with a COM
 * segment {@code lightwire seq=<n> t=<epoch micros>}. The stall fault stops frames; after the stall
 * timeout listeners hear about it, and again when frames resume.
 */
final class EmulatedCamera extends AbstractDevice implements Camera {

  private final CameraConfig config;
  private final EmulatedClock clock;
  private final EmulatedHardware board;
  private final FrameRing ring;
  private final SyntheticScene scene;
  private final JpegEncoder encoder;
  private final CopyOnWriteArrayList<CameraListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private boolean running;
  private long runGeneration;
  private long lastFrameNanos;
  private volatile boolean stalled;
  private volatile long captured;
  private volatile long dropped;

  EmulatedCamera(
      CameraConfig config, DeviceRegistry registry, EmulatedClock clock, EmulatedHardware board) {
    super(registry, "camera", config.id(), "camera '" + config.id() + "' (emulated)");
    this.config = config;
    this.clock = clock;
    this.board = board;
    this.ring = new FrameRing(config.ringSlots(), config.maxFrameBytes());
    this.scene = new SyntheticScene(config.width(), config.height());
    this.encoder = new JpegEncoder(config.width(), config.height(), config.quality());
  }

  @Override
  public CameraConfig config() {
    return config;
  }

  @Override
  public void start() {
    synchronized (lock) {
      ensureOpen();
      if (running) {
        return;
      }
      running = true;
      long gen = ++runGeneration;
      lastFrameNanos = clock.nanos();
      ring.setRunning(true);
      schedule(gen, clock.nanos() + config.framePeriodNanos());
    }
  }

  private void schedule(long gen, long at) {
    clock.schedule(at, () -> tick(gen, at));
  }

  private void tick(long gen, long due) {
    synchronized (lock) {
      if (!running || gen != runGeneration || !isOpen()) {
        return;
      }
      long now = clock.nanos();
      if (!board.cameraStalled()) {
        long seq = ring.nextSequence();
        byte[] slot = ring.writeSlot();
        long t = clock.epochMicros();
        int length = encoder.encode(scene.render(seq), seq, t, slot, 0);
        if (length == JpegEncoder.OVERFLOW) {
          dropped++;
        } else {
          ring.commit(length, t);
          captured++;
          lastFrameNanos = now;
          if (stalled) {
            stalled = false;
            notifyStall(false, now);
          }
        }
      } else if (!stalled && now - lastFrameNanos >= config.stallTimeoutMillis() * 1_000_000) {
        stalled = true;
        notifyStall(true, now);
      }
      schedule(gen, due + config.framePeriodNanos());
    }
  }

  private void notifyStall(boolean value, long now) {
    for (CameraListener l : listeners) {
      l.onStall(value, now);
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      running = false;
      runGeneration++;
      stalled = false;
      ring.setRunning(false);
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (lock) {
      return running;
    }
  }

  @Override
  public int read(long afterSequence, FrameInfo info, byte[] dst, int offset, long timeoutMillis) {
    ensureOpen();
    return ring.read(afterSequence, info, dst, offset, timeoutMillis);
  }

  @Override
  public boolean isStalled() {
    return stalled;
  }

  @Override
  public long framesCaptured() {
    return captured;
  }

  @Override
  public long framesDropped() {
    return dropped;
  }

  @Override
  public Subscription onStall(CameraListener listener) {
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

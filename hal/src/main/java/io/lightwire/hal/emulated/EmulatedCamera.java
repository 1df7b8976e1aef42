package io.lightwire.hal.emulated;

import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.internal.DeviceRegistry;
import io.lightwire.hal.internal.JpegEncoder;
import io.lightwire.hal.internal.RingCamera;

/**
 * The synthetic camera: at the configured rate (on the board's clock) it renders a {@link
 * SyntheticScene}, turned as the controls say (rotation, flips), and encodes it as a real baseline
 * JPEG straight into the ring slot, with a COM segment {@code lightwire seq=<n> t=<epoch micros>}.
 * Stopped, it renders and encodes nothing. The stall fault stops frames; after the stall timeout
 * listeners hear about it, and again when frames resume. A frame larger than a ring slot is dropped
 * and counted ({@link #framesTooLarge()}).
 */
final class EmulatedCamera extends RingCamera {

  private final EmulatedClock clock;
  private final EmulatedHardware board;
  private final Object lock = new Object();
  private SyntheticScene scene;
  private JpegEncoder encoder;
  private boolean running;
  private long runGeneration;
  private long lastFrameNanos;
  private volatile long captured;
  private volatile long dropped;

  EmulatedCamera(
      CameraConfig config, DeviceRegistry registry, EmulatedClock clock, EmulatedHardware board) {
    super(registry, config, "camera '" + config.id() + "' (emulated)");
    this.clock = clock;
    this.board = board;
    this.scene = new SyntheticScene(config.width(), config.height());
    this.encoder = new JpegEncoder(config.width(), config.height(), config.quality());
  }

  @Override
  protected void onReconfigure(CameraConfig next) {
    synchronized (lock) {
      CameraConfig now = config();
      if (next.width() != now.width() || next.height() != now.height()) {
        scene = new SyntheticScene(next.width(), next.height());
      }
      if (next.width() != now.width()
          || next.height() != now.height()
          || next.quality() != now.quality()) {
        encoder = new JpegEncoder(next.width(), next.height(), next.quality());
      }
    }
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
      schedule(gen, clock.nanos() + config().framePeriodNanos());
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
      CameraConfig config = config();
      long now = clock.nanos();
      if (!board.cameraStalled()) {
        long seq = ring.nextSequence();
        byte[] slot = ring.writeSlot();
        long t = clock.epochMicros();
        byte[] pixels = scene.render(seq);
        scene.orient(config.controls());
        int length = encoder.encode(pixels, seq, t, slot, 0);
        if (length == JpegEncoder.OVERFLOW) {
          dropped++;
          tooLarge();
        } else {
          ring.commit(length, t);
          captured++;
          lastFrameNanos = now;
          stalled(false, now);
        }
      } else if (now - lastFrameNanos >= config.stallTimeoutMillis() * 1_000_000) {
        stalled(true, now);
      }
      schedule(gen, due + config.framePeriodNanos());
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      running = false;
      runGeneration++;
      clearStall();
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
  public long framesCaptured() {
    return captured;
  }

  @Override
  public long framesDropped() {
    return dropped;
  }
}

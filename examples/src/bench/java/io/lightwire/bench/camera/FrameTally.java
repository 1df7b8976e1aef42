package io.lightwire.bench.camera;

import java.util.Arrays;

/**
 * What one viewer counted while the measuring window was open: whole frames, frames without the
 * {@code lightwire} comment, and capture-to-receive latency samples (microseconds, up to a fixed
 * number; later frames are counted, not sampled). Written by the viewer's thread; read after the
 * viewer stopped (its thread's join publishes the counts).
 */
final class FrameTally {

  private final long[] latencies;
  private int samples;
  private int frames;
  private int uncommented;

  FrameTally(int maxSamples) {
    this.latencies = new long[maxSamples];
  }

  /** A whole frame {@code frame[0, length)} arrived at {@code nowMicros}; counted when open. */
  void frame(byte[] frame, int length, long nowMicros, Viewer.Window window) {
    if (!window.open) {
      return;
    }
    long captured = FrameComment.captureMicros(frame, length);
    if (captured == FrameComment.NONE) {
      uncommented++;
    } else if (samples < latencies.length) {
      latencies[samples++] = nowMicros - captured;
    }
    frames++;
  }

  int frames() {
    return frames;
  }

  long[] latencies() {
    return Arrays.copyOf(latencies, samples);
  }

  int uncommented() {
    return uncommented;
  }
}

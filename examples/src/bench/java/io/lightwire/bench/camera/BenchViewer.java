package io.lightwire.bench.camera;

/** A viewer of one cell, whatever it reads ({@code /camera} or {@code /camera.mjpg}). */
interface BenchViewer {

  /** Stops reading and closes the connection. Idempotent. */
  void stop() throws InterruptedException;

  /** What it counted while the window was open. Read after {@link #stop}. */
  FrameTally tally();

  /** Frames completed while the window was open. Read after {@link #stop}. */
  default int frames() {
    return tally().frames();
  }

  /** Latency samples kept, microseconds, in arrival order. Read after {@link #stop}. */
  default long[] latencies() {
    return tally().latencies();
  }

  /** Frames that arrived without the {@code lightwire} comment. */
  default int uncommented() {
    return tally().uncommented();
  }

  /** Why the viewer stopped early, or null. */
  String error();

  /** The connection's local port, as {@code /status} shows the viewer's remote address. */
  int localPort();
}

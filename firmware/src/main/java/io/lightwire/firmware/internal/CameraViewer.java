package io.lightwire.firmware.internal;

import io.lightwire.websock.server.WebSocketConnection;

/**
 * One camera viewer's state, made once per connection slot when the server starts and reused by
 * every viewer that slot serves. Service thread only (the status snapshot also runs there).
 */
final class CameraViewer {

  WebSocketConnection connection;

  /** The rate the viewer asked for with {@code {"maxFps":N}}; 0 means every frame. */
  int maxFps;

  /** Frames queued for this viewer (dropped ones included: see the connection's counter). */
  long framesQueued;

  /** Frames not queued because the viewer asked for a lower rate. */
  long framesSkippedForRate;

  /** When the next frame may be queued, on the firmware's nano clock; rate limiting only. */
  long nextDueNanos;

  /** Frames dropped for this connection by keep-newest before it opened (counter base). */
  long droppedBase;

  /** A new viewer on {@code c}, opened at {@code now} (the firmware's nano clock). */
  void open(WebSocketConnection c, long now) {
    connection = c;
    maxFps = 0;
    framesQueued = 0;
    framesSkippedForRate = 0;
    nextDueNanos = now;
    droppedBase = c.messagesDropped();
  }

  /** Sets the rate asked for; 0 (or less) means every frame. */
  void maxFps(int fps, long now) {
    maxFps = Math.max(0, fps);
    nextDueNanos = now;
  }

  void close() {
    connection = null;
  }

  boolean isOpen() {
    return connection != null;
  }

  /** Frames the server dropped for this viewer because it was slow (it skipped to the newest). */
  long framesDropped() {
    return connection == null ? 0 : connection.messagesDropped() - droppedBase;
  }

  /**
   * Decides whether the frame being dispatched at {@code now} goes to this viewer. A token bucket
   * of one: a frame may go when the due time is at most half a camera period away, and the next due
   * time moves by one interval, so 30 fps asked down to 20 gives 20, not 15.
   */
  boolean take(long now, long cameraPeriodNanos) {
    if (maxFps <= 0) {
      framesQueued++;
      return true;
    }
    long interval = 1_000_000_000L / maxFps;
    if (now - (nextDueNanos - cameraPeriodNanos / 2) < 0) {
      framesSkippedForRate++;
      return false;
    }
    nextDueNanos = Math.max(nextDueNanos, now - interval) + interval;
    framesQueued++;
    return true;
  }
}

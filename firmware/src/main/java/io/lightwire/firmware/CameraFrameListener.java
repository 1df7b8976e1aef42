package io.lightwire.firmware;

import java.nio.ByteBuffer;

/**
 * Sees each camera frame the firmware captures ({@link Firmware#onCameraFrame}): a read-only hook
 * for application code (count, measure, sample, copy out a frame to keep it).
 *
 * <p>Runs on the camera's capture thread, not the application thread, so the frame needs no copy:
 * it must return quickly (every viewer's frame waits behind it) and must not keep {@code jpeg},
 * whose bytes are the next frame's once it returns. Post work to the {@linkplain ApplicationThread
 * application thread} to touch application state. A listener that throws is logged and counted; the
 * camera goes on.
 */
@FunctionalInterface
public interface CameraFrameListener {

  /**
   * One captured frame.
   *
   * @param jpeg the whole JPEG (SOI..EOI) from {@code position()} to {@code limit()}, read-only,
   *     valid during this call only
   * @param sequence the frame's number since the camera started
   * @param captureMicros when it was captured, epoch microseconds
   */
  void onFrame(ByteBuffer jpeg, long sequence, long captureMicros);
}

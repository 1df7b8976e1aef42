package io.lightwire.firmware.services;

import io.lightwire.websock.client.WebSocketListener;
import java.util.concurrent.atomic.AtomicInteger;

/** A camera viewer's client listener that counts complete binary messages (frames). */
final class FrameCounter {

  private FrameCounter() {}

  /** Counts each complete binary message into {@code frames}; text is ignored. */
  static WebSocketListener counting(AtomicInteger frames) {
    return new WebSocketListener() {
      @Override
      public void onText(byte[] buffer, int offset, int length, boolean last) {}

      @Override
      public void onBinary(byte[] buffer, int offset, int length, boolean last) {
        if (last) {
          frames.incrementAndGet();
        }
      }
    };
  }
}

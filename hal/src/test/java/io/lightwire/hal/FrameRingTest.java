package io.lightwire.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameRingTest {

  private static void put(FrameRing ring, int value, int length, long t) {
    byte[] slot = ring.writeSlot();
    java.util.Arrays.fill(slot, 0, length, (byte) value);
    ring.commit(length, t);
  }

  @Test
  void aSlowReaderSkipsToTheNewestFrame() {
    FrameRing ring = new FrameRing(3, 16);
    ring.setRunning(true);
    put(ring, 1, 4, 100);
    put(ring, 2, 5, 200);
    put(ring, 3, 6, 300);
    FrameInfo info = new FrameInfo();
    byte[] dst = new byte[16];
    assertEquals(6, ring.read(-1, info, dst, 0, 0));
    assertEquals(2, info.sequence());
    assertEquals(300, info.captureMicros());
    assertEquals(3, dst[0]);
  }

  @Test
  void readTimesOutWhenNoNewerFrameArrives() {
    FrameRing ring = new FrameRing(2, 16);
    ring.setRunning(true);
    put(ring, 1, 4, 100);
    FrameInfo info = new FrameInfo();
    long start = System.nanoTime();
    assertEquals(Camera.TIMEOUT, ring.read(0, info, new byte[16], 0, 50));
    assertEquals(true, System.nanoTime() - start >= 40_000_000L);
  }

  @Test
  void aSmallBufferCopiesNothing() {
    FrameRing ring = new FrameRing(2, 16);
    ring.setRunning(true);
    put(ring, 9, 10, 1);
    byte[] dst = new byte[8];
    assertEquals(Camera.BUFFER_TOO_SMALL, ring.read(-1, new FrameInfo(), dst, 0, 0));
    assertEquals(0, dst[0]);
  }

  @Test
  void aStoppedRingWakesWaitingReaders() throws Exception {
    FrameRing ring = new FrameRing(2, 16);
    ring.setRunning(true);
    int[] result = new int[1];
    Thread reader =
        new Thread(() -> result[0] = ring.read(-1, new FrameInfo(), new byte[16], 0, 5000));
    reader.start();
    Thread.sleep(50);
    ring.setRunning(false);
    reader.join(2000);
    assertEquals(Camera.STOPPED, result[0]);
  }

  @Test
  void theSlotBeingWrittenIsNeverTheNewest() {
    FrameRing ring = new FrameRing(2, 16);
    ring.setRunning(true);
    put(ring, 1, 4, 1);
    byte[] writing = ring.writeSlot();
    writing[0] = 77; // half-written next frame
    byte[] dst = new byte[16];
    ring.read(-1, new FrameInfo(), dst, 0, 0);
    assertEquals(1, dst[0]);
  }
}

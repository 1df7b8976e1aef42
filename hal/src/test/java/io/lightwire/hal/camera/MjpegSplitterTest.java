package io.lightwire.hal.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.FrameRing;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.testing.TestJpegs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MjpegSplitterTest {

  private final FrameRing ring = new FrameRing(8, 256 << 10);
  private final MjpegSplitter splitter = new MjpegSplitter(ring, HalClock.system());
  private final List<byte[]> out = new ArrayList<>();
  private long lastSeq = -1;

  /** Feeds in chunks smaller than any frame, so each feed completes at most one frame. */
  private void feedInChunks(byte[] stream, int chunk) {
    ring.setRunning(true);
    FrameInfo info = new FrameInfo();
    byte[] dst = new byte[256 << 10];
    for (int i = 0; i < stream.length; i += chunk) {
      int n = Math.min(chunk, stream.length - i);
      if (splitter.feed(stream, i, n) > 0) {
        int len = ring.read(lastSeq, info, dst, 0, 0);
        lastSeq = info.sequence();
        out.add(Arrays.copyOf(dst, len));
      }
    }
  }

  @Test
  void backToBackFramesSplitExactlyEvenOneByteAtATime() {
    byte[] a = Jpegs.frame(1, 64, 48);
    byte[] b = Jpegs.frame(2, 64, 48);
    feedInChunks(Jpegs.concat(a, b), 1);
    assertEquals(2, out.size());
    assertArrayEquals(a, out.get(0));
    assertArrayEquals(b, out.get(1));
  }

  @Test
  void garbageBetweenFramesIsSkipped() {
    byte[] a = Jpegs.frame(1, 32, 32);
    byte[] b = Jpegs.frame(2, 32, 32);
    byte[] garbage = {0x00, (byte) 0xff, 0x12, (byte) 0xff, (byte) 0xd9, (byte) 0xff, 0x00};
    feedInChunks(Jpegs.concat(garbage, a, garbage, b, garbage), 5);
    assertEquals(2, out.size());
    assertArrayEquals(a, out.get(0));
    assertArrayEquals(b, out.get(1));
    assertEquals(0, splitter.dropped());
  }

  @Test
  void aThumbnailInsideApp1DoesNotEndTheFrame() {
    byte[] thumb = Jpegs.frame(99, 16, 16);
    byte[] a = Jpegs.withThumbnail(Jpegs.frame(1, 64, 48), thumb);
    feedInChunks(Jpegs.concat(a, Jpegs.frame(2, 64, 48)), 100);
    assertEquals(2, out.size());
    assertArrayEquals(a, out.get(0));
    assertEquals("lightwire seq=1 t=1001", TestJpegs.comment(out.get(0), 0, out.get(0).length));
  }

  @Test
  void aTruncatedFrameIsDroppedAndTheNextOneKept() {
    byte[] a = Jpegs.frame(1, 64, 48);
    byte[] cut = Arrays.copyOf(Jpegs.frame(2, 64, 48), 400);
    byte[] c = Jpegs.frame(3, 64, 48);
    feedInChunks(Jpegs.concat(a, cut, c), 333);
    assertEquals(2, out.size());
    assertArrayEquals(a, out.get(0));
    assertArrayEquals(c, out.get(1));
    assertEquals(1, splitter.dropped());
  }

  @Test
  void aFrameLargerThanASlotIsDroppedAndCounted() {
    FrameRing small = new FrameRing(2, 300);
    MjpegSplitter s = new MjpegSplitter(small, HalClock.system());
    byte[] big = Jpegs.frame(1, 64, 48);
    assertEquals(0, s.feed(big, 0, big.length));
    assertEquals(1, s.dropped());
    assertEquals(0, s.frames());
  }
}

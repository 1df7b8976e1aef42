package io.lightwire.websock.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

  @Test
  void exhaustionReturnsNullAndReleaseMakesRoomAgain() {
    BufferPool pool = new BufferPool("test", 2, 64);
    ByteBuffer a = pool.acquire();
    ByteBuffer b = pool.acquire();
    assertNotNull(a);
    assertNotNull(b);
    assertNotSame(a, b);
    assertEquals(2, pool.inUse());
    assertNull(pool.acquire(), "a third buffer from a pool of two");
    pool.release(a);
    assertEquals(1, pool.inUse());
    assertNotNull(pool.acquire());
    pool.release(b);
  }

  @Test
  void buffersAreClearedAndSizedAndDoNotOverlap() {
    BufferPool pool = new BufferPool("test", 2, 16);
    ByteBuffer a = pool.acquire();
    ByteBuffer b = pool.acquire();
    assertEquals(16, a.capacity());
    assertTrue(a.isDirect());
    a.put(0, (byte) 7);
    assertEquals(0, b.get(0), "writing one slice must not show in another");
    a.position(5);
    pool.release(a);
    ByteBuffer again = pool.acquire();
    assertEquals(0, again.position());
    assertEquals(16, again.limit());
  }

  @Test
  void releasingTwiceOrAForeignBufferIsAnError() {
    BufferPool pool = new BufferPool("test", 1, 8);
    ByteBuffer a = pool.acquire();
    pool.release(a);
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> pool.release(a));
    assertTrue(twice.getMessage().contains("not taken"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocate(8)));
    assertEquals(0, pool.inUse());
  }

  @Test
  void planFiguresAreReported() {
    BufferPool pool = new BufferPool("rx buffers", 3, 1024);
    assertEquals("rx buffers", pool.name());
    assertEquals(3, pool.capacity());
    assertEquals(1024, pool.itemBytes());
    assertEquals(3072, pool.totalBytes());
  }

  @Test
  void negativeOrHugeSizesAreRefusedWithTheirValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BufferPool("p", -1, 8));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BufferPool("p", 65536, 65536));
  }
}

package io.lightwire.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void aFullQueueRefusesAndCountsWithoutBlocking() throws InterruptedException {
    EventQueue queue = new EventQueue(2);
    Runnable a = () -> {};
    Runnable b = () -> {};
    assertTrue(queue.offer(a));
    assertTrue(queue.offer(b));
    assertFalse(queue.offer(() -> {}));
    assertEquals(1, queue.rejected());
    assertEquals(2, queue.inUse());
    assertSame(a, queue.poll(0));
    assertSame(b, queue.poll(0));
    assertNull(queue.poll(10), "empty queue times out");
    assertEquals(0, queue.inUse());
  }
}

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

  @Test
  void reservedSlotsAreNeverTakenByOrdinaryEventsAndAlwaysTakeAReservedOne() throws Exception {
    EventQueue queue = new EventQueue(2, 1);
    Runnable a = () -> {};
    Runnable b = () -> {};
    Runnable reserved = () -> {};
    assertTrue(queue.offer(a));
    assertTrue(queue.offer(b));
    assertFalse(queue.offer(() -> {}), "the application's share is full");
    assertTrue(queue.offerReserved(reserved), "the reserved slot is still free");
    assertFalse(queue.offerReserved(() -> {}), "more than reserved is a producer's bug: refused");
    assertEquals(2, queue.inUse());
    assertEquals(1, queue.reservedPool().inUse());
    assertEquals(2, queue.capacity());
    assertEquals(1, queue.reservedPool().capacity());
    assertSame(a, queue.poll(0));
    assertTrue(queue.offer(() -> {}), "a freed ordinary slot is ordinary again");
    assertSame(b, queue.poll(0));
    assertSame(reserved, queue.poll(0), "in order with the others");
    assertEquals(0, queue.reservedPool().inUse());
    assertTrue(queue.offerReserved(reserved));
  }
}

package io.lightwire.websock.internal.server;

import io.lightwire.websock.server.Protocol;
import java.io.IOException;

/**
 * {@code requestWritable}: a connection that asked gets one {@code onWritable} call on a later pass
 * of the loop, once its queued output is written, so a handler producing data (a camera, a stream)
 * sends at the pace its peer reads.
 *
 * <p>Service thread only; nothing is allocated.
 */
final class WritableCallbacks {

  private final ServiceLoop loop;
  private final Connection[] slots;
  private final CallbackGuard guard;
  private final CallbackGuard.Step writable = this::writable;

  /** Connections waiting for their call. */
  private int pending;

  WritableCallbacks(ServiceLoop loop, SlotTable slots, CallbackGuard guard) {
    this.loop = loop;
    this.slots = slots.all();
    this.guard = guard;
  }

  /** {@code c}'s session asked for a call (once until it is made). */
  void requested(Connection c) {
    if (!c.writablePending) {
      c.writablePending = true;
      pending++;
    }
  }

  /** {@code c}'s connection ended: no call is made. */
  void forget(Connection c) {
    if (c.writablePending) {
      c.writablePending = false;
      pending--;
    }
  }

  /** Every open WebSocket connection of {@code protocol} gets one call. */
  void requestAll(Protocol protocol) {
    for (Connection c : slots) {
      if (c.isBound() && c.webSocket && c.ws.protocol == protocol) {
        c.ws.requestWritable();
      }
    }
  }

  /** Calls {@code onWritable} for each waiting connection whose output is out; returns how many. */
  int run() {
    if (pending == 0) {
      return 0;
    }
    int calls = 0;
    for (Connection c : slots) {
      if (!c.writablePending || !c.isBound() || c.hasPendingOutput()) {
        continue;
      }
      c.writablePending = false;
      pending--;
      c.ws.writableRequested = false;
      calls++;
      if (c.ws.isOpen()) {
        guard.run(c, writable, "onWritable");
      }
    }
    return calls;
  }

  private void writable(Connection c) throws IOException {
    c.ws.handler().onWritable(c.ws.handle());
    loop.flush(c);
  }
}

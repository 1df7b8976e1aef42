package io.lightwire.websock.internal.server;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The first half of a server stop: every open WebSocket gets close 1001 ("server stopping") and up
 * to {@value #GRACE_MILLIS} ms (on the server's clock, {@link Deadlines#now()}) to answer while the
 * loop keeps serving; then every connection is closed. Service thread only.
 */
final class GracefulStop {

  /** How long a stopping server waits for WebSocket peers to answer its 1001 close. */
  static final long GRACE_MILLIS = 1_000;

  private GracefulStop() {}

  /** Closes every connection of {@code slots}, WebSocket peers after their answer or the grace. */
  static void run(
      ServiceLoop loop,
      Connection[] slots,
      Selector selector,
      Consumer<SelectionKey> onReady,
      Deadlines clock) {
    // From the start, so a peer that reads our close already has the whole grace counting.
    long deadline = clock.now() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    boolean anyWebSocket = false;
    for (Connection c : slots) {
      if (c.isBound() && c.webSocket) {
        c.ws.goingAway();
        c.closeAfterFlush = false;
        try {
          loop.flush(c);
        } catch (IOException e) {
          loop.close(c);
        }
        anyWebSocket |= c.isBound();
      }
    }
    while (anyWebSocket && clock.now() - deadline < 0) {
      try {
        selector.select(onReady, 20);
      } catch (IOException | ClosedSelectorException e) {
        break;
      }
      anyWebSocket = false;
      for (Connection c : slots) {
        anyWebSocket |= c.isBound() && c.webSocket;
      }
    }
    for (Connection c : slots) {
      loop.close(c);
    }
  }
}

package io.lightwire.firmware.streams;

import io.lightwire.firmware.ApplicationThread;
import java.util.function.Consumer;

/**
 * The connect and disconnect events of one connection slot, in order, delivered on the application
 * thread and never lost. Like a GPIO input's edge event, this is one object made with the slot and
 * posted again and again, at most once at a time; it goes into the application queue's reserved
 * share (one entry per slot, {@code app reserved events}), so a queue full of ordinary events
 * cannot refuse it. Pages that come and go faster than the application runs wait in a list through
 * their own {@link StreamClient} handles (no allocation here); one run delivers them all.
 *
 * <p>Threads: {@link #connected} and {@link #disconnected} on the service thread, {@link #run} on
 * the application thread, {@link #post} from either; this object's monitor guards the list.
 */
final class SlotEvents implements Runnable {

  private final StreamsCore streams;
  private StreamClient head;
  private StreamClient tail;
  private boolean posted;

  SlotEvents(StreamsCore streams) {
    this.streams = streams;
  }

  /** Service thread: {@code client} connected. */
  void connected(StreamClient client) {
    synchronized (this) {
      client.connectPending = true;
      append(client);
    }
    post();
  }

  /** Service thread: {@code client} left. */
  void disconnected(StreamClient client) {
    synchronized (this) {
      client.disconnectPending = true;
      append(client);
    }
    post();
  }

  private void append(StreamClient client) {
    if (client.listed) {
      return;
    }
    client.listed = true;
    client.nextEvent = null;
    if (tail == null) {
      head = client;
    } else {
      tail.nextEvent = client;
    }
    tail = client;
  }

  /**
   * Posts this object unless it is posted already or nothing waits. Before the streams start (no
   * application thread yet) the events wait; {@link Streams#start} posts them.
   */
  void post() {
    ApplicationThread app = streams.app();
    synchronized (this) {
      if (posted || head == null || app == null) {
        return;
      }
      posted = true;
    }
    if (!app.postReserved(this)) {
      synchronized (this) {
        posted = false;
      }
      streams.countRefusedEvent(); // only after the application thread stopped
    }
  }

  /** Application thread: delivers every waiting event in order. */
  @Override
  public void run() {
    while (true) {
      StreamClient client;
      boolean connect;
      boolean disconnect;
      synchronized (this) {
        client = head;
        if (client == null) {
          posted = false;
          return;
        }
        head = client.nextEvent;
        if (head == null) {
          tail = null;
        }
        client.nextEvent = null;
        client.listed = false;
        connect = client.connectPending;
        disconnect = client.disconnectPending;
        client.connectPending = false;
        client.disconnectPending = false;
      }
      if (connect) {
        deliver(streams.connectHandler(), client);
      }
      if (disconnect) {
        deliver(streams.disconnectHandler(), client);
      }
    }
  }

  private static void deliver(Consumer<StreamClient> handler, StreamClient client) {
    try {
      handler.accept(client);
    } catch (RuntimeException e) {
      // One handler's failure must not cost the next page its events.
      Streams.LOG.log(System.Logger.Level.ERROR, "stream connect/disconnect handler failed", e);
    }
  }
}

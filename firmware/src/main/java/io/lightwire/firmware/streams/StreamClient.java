package io.lightwire.firmware.streams;

import java.net.InetSocketAddress;

/**
 * A connected page (seed 000's {@code gos_hs_stream_ws_client_t}). The handle stays valid to hold
 * after the page leaves: calls made with it then return {@code CLOSED}. {@link Streams#ALL} stands
 * for every connected page in {@link Streams#write}.
 */
public final class StreamClient {

  final ClientSlot slot;
  final int generation;
  private final long id;
  private final InetSocketAddress remote;

  /**
   * Its connect and disconnect events not yet delivered; guarded by the slot's {@link SlotEvents}.
   */
  boolean connectPending;

  boolean disconnectPending;
  boolean listed;
  StreamClient nextEvent;

  StreamClient(ClientSlot slot, int generation, long id, InetSocketAddress remote) {
    this.slot = slot;
    this.generation = generation;
    this.id = id;
    this.remote = remote;
  }

  /** A number unique to this connection since boot (1, 2, 3...); 0 for {@link Streams#ALL}. */
  public long id() {
    return id;
  }

  /** The page's address, or null for {@link Streams#ALL}. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** True while the page is connected. */
  public boolean isConnected() {
    return slot != null && slot.isCurrent(this);
  }

  @Override
  public String toString() {
    return slot == null ? "all pages" : "page " + id + " (" + remote + ")";
  }
}

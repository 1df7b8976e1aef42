package io.lightwire.websock.internal.server;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Who gets a connection slot (issue 19, item 15): at most {@code limit} slots per peer IP address,
 * and, when every slot is taken, a newcomer from an address holding fewer slots than the busiest
 * address takes the slot of that address's oldest unfinished request head. Together they keep a
 * slow-loris, from one address or many, from holding every slot: the attacker's connections either
 * are refused or are the unfinished heads shed first, while a real client sends its head at once
 * and is served. Addresses that hold as many slots as the busiest are refused rather than shed each
 * other's connections, so attackers cannot churn the table among themselves.
 *
 * <p>The per-address counts are an open-addressing table sized at construction (twice the slots),
 * so admitting and releasing allocate nothing. Service thread only.
 */
final class Admission {

  /** The preallocated answer to one connection too many from an address. */
  private static final byte[] TOO_MANY =
      ("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
              + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final int limit;
  private final InetAddress[] keys;
  private final int[] counts;
  private final int mask;
  private final ByteBuffer tooMany = ByteBuffer.allocateDirect(TOO_MANY.length).put(TOO_MANY);

  /**
   * @param slots the server's connection slots
   * @param limit slots one address may hold
   */
  Admission(int slots, int limit) {
    this.limit = limit;
    int capacity = Integer.highestOneBit(Math.max(8, slots * 2 - 1)) << 1;
    this.keys = new InetAddress[capacity];
    this.counts = new int[capacity];
    this.mask = capacity - 1;
  }

  /** The {@code 429} response, ready to write from its start. */
  ByteBuffer tooManyResponse() {
    return tooMany.clear();
  }

  /** Takes a slot for {@code address}; false when it holds {@code limit} already. */
  boolean admit(InetAddress address) {
    int i = indexOf(address);
    if (keys[i] == null) {
      keys[i] = address;
      counts[i] = 1;
      return true;
    }
    if (counts[i] >= limit) {
      return false;
    }
    counts[i]++;
    return true;
  }

  /** Gives back a slot {@link #admit} took for {@code address}. */
  void release(InetAddress address) {
    int i = indexOf(address);
    if (keys[i] == null || --counts[i] > 0) {
      return;
    }
    // Remove, then move later entries of the probe run back so lookups still find them.
    keys[i] = null;
    counts[i] = 0;
    int hole = i;
    for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
      int home = home(keys[j]);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        counts[hole] = counts[j];
        keys[j] = null;
        counts[j] = 0;
        hole = j;
      }
    }
  }

  /** Slots {@code address} holds now. */
  int held(InetAddress address) {
    int i = indexOf(address);
    return keys[i] == null ? 0 : counts[i];
  }

  private int indexOf(InetAddress address) {
    int i = home(address);
    while (keys[i] != null && !keys[i].equals(address)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private int home(InetAddress address) {
    int h = address.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /**
   * The connection to shed for a newcomer from {@code newcomer} (admitted already) when every slot
   * is taken: among the connections waiting for a request head (the first, or the next on a kept
   * alive connection), those of the address holding the most slots, the one waiting longest; null
   * when there is none, or when that address holds no more slots than the newcomer's. Connections
   * being answered, waiting for a deferred answer, streaming a body or upgraded are never shed.
   */
  Connection victim(Connection[] slots, InetAddress newcomer) {
    Connection victim = null;
    int victimHeld = 0;
    for (Connection c : slots) {
      if (!c.isBound()
          || c.webSocket
          || c.awaiting != null
          || c.stream.isActive() // a streamed response is being answered
          || c.hasPendingOutput()) {
        continue;
      }
      int held = held(c.remote.getAddress());
      if (held > victimHeld
          || (held == victimHeld && c.headSinceNanos - victim.headSinceNanos < 0)) {
        victim = c;
        victimHeld = held;
      }
    }
    return victimHeld > held(newcomer) ? victim : null;
  }
}

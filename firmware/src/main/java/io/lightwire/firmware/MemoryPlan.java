package io.lightwire.firmware;

import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.ServerMemory;
import io.lightwire.websock.server.StaticFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the firmware allocates at boot: decided from the configuration before anything runs and
 * printed as a table so a user sees the whole budget up front, then the one list of the live pools.
 * Each pool is allocated by the plan ({@link #allocate}) or, when another part makes it (the
 * server's slots, the event queue, the camera ring), bound to its entry by name ({@link #bind});
 * either way the pool must carry the entry's name, count and item size, so a pool can never be
 * shown under another's line, whatever the order. The printed plan, {@code /status}, {@code
 * /metrics} and the tests all read {@link #pools()}.
 *
 * <p>Pools are allocated and bound on the boot thread before the server starts; any thread may read
 * them after.
 */
public final class MemoryPlan {

  /** Pool names as they appear in the plan, on the status page and in {@code /status}. */
  public static final String CONNECTION_SLOTS = ServerMemory.CONNECTION_SLOTS;

  public static final String RX_BUFFERS = ServerMemory.RX_BUFFERS;
  public static final String TX_BUFFERS = ServerMemory.TX_BUFFERS;
  public static final String MESSAGE_BUFFERS = ServerMemory.MESSAGE_BUFFERS;
  public static final String BROADCAST_BUFFERS = ServerMemory.BROADCAST_BUFFERS;
  public static final String TLS_BUFFERS = ServerMemory.TLS_BUFFERS;
  public static final String CAMERA_FRAMES = "camera frames";
  public static final String CAMERA_STAGING = "camera staging";
  public static final String STREAM_MESSAGES = "stream messages";
  public static final String APP_EVENTS = "app events";

  /**
   * Application queue slots kept for events that must not be lost: one per connection slot, for a
   * streams page's connect and disconnect.
   */
  public static final String APP_RESERVED_EVENTS = "app reserved events";

  public static final String APP_TIMERS = "app timers";
  public static final String MQTT_MESSAGES = "mqtt messages";
  public static final String MQTT_SNAPSHOT = "mqtt snapshot";

  /**
   * The page's files cached in the heap (a bound, filled on demand, in KiB): {@code
   * server.static-cache-bytes}.
   */
  public static final String STATIC_FILE_CACHE = StaticFiles.CACHE_POOL;

  /** The static file cache's unit. */
  static final int STATIC_CACHE_UNIT_BYTES = 1024;

  /**
   * The send queue depth the slot line is planned with: the deepest of the firmware's own protocols
   * at the default configuration (the hil protocol's 16; the streams' follows the broadcast
   * buffers, up to 32), unless an application's is deeper. Each slot's transmit queue is as deep as
   * the deepest protocol's, so the live slot pool can differ by a few bytes per queue entry; {@code
   * /status} shows the live size.
   */
  static final int BUILT_IN_QUEUE_DEPTH = 16;

  /** Bytes per application event slot (a reference and its bookkeeping). */
  static final int EVENT_SLOT_BYTES = 16;

  /** Bytes per timer entry (task reference, due time, period, id). */
  static final int TIMER_SLOT_BYTES = 32;

  /** Bytes kept before a staged camera frame for the inserted JPEG comment. */
  public static final int CAMERA_COMMENT_HEADROOM = 64;

  /**
   * One pool of the plan.
   *
   * @param pool the pool's name
   * @param count how many items
   * @param size bytes per item
   */
  public record Entry(String pool, int count, int size) {
    /** Bytes the pool reserves. */
    public long total() {
      return (long) count * size;
    }
  }

  /**
   * One entry and the live pool made for it.
   *
   * @param entry what was planned
   * @param pool the pool allocated or bound for it
   */
  public record Bound(Entry entry, Pool pool) {}

  private final List<Entry> entries;
  private final AtomicReferenceArray<Pool> live;

  /** A plan of {@code entries}, in allocation order; their names must be distinct. */
  public MemoryPlan(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    this.live = new AtomicReferenceArray<>(this.entries.size());
    for (int i = 0; i < this.entries.size(); i++) {
      if (indexOf(this.entries.get(i).pool()) != i) {
        throw new IllegalArgumentException("pool " + this.entries.get(i).pool() + " planned twice");
      }
    }
  }

  /** The plan for {@code config} without TLS and with the firmware's own protocols. */
  public static MemoryPlan from(FirmwareConfig config) {
    return from(config, 0, BUILT_IN_QUEUE_DEPTH);
  }

  /**
   * The plan for {@code config}.
   *
   * @param tlsBufferBytes bytes of one TLS buffer ({@link ServerMemory#tlsBufferBytes}); 0 without
   *     TLS
   * @param queueDepth the deepest protocol's send queue, at least {@link #BUILT_IN_QUEUE_DEPTH}
   */
  public static MemoryPlan from(FirmwareConfig config, int tlsBufferBytes, int queueDepth) {
    int connections = config.number(ConfigKey.SERVER_MAX_CONNECTIONS);
    boolean mqtt = !config.text(ConfigKey.MQTT_URL).isEmpty();
    boolean camera = Boolean.parseBoolean(config.text(ConfigKey.CAMERA_ENABLED));
    int slotBytes = ServerMemory.slotBytes(Math.max(BUILT_IN_QUEUE_DEPTH, queueDepth));
    return new MemoryPlan(
        List.of(
            new Entry(CONNECTION_SLOTS, connections, slotBytes),
            new Entry(RX_BUFFERS, connections, config.number(ConfigKey.SERVER_RX_BUFFER_BYTES)),
            new Entry(TX_BUFFERS, connections, config.number(ConfigKey.SERVER_TX_BUFFER_BYTES)),
            new Entry(
                MESSAGE_BUFFERS, connections, config.number(ConfigKey.SERVER_MAX_FRAME_BYTES)),
            new Entry(
                BROADCAST_BUFFERS,
                config.number(ConfigKey.SERVER_BROADCAST_BUFFERS),
                config.number(ConfigKey.SERVER_BROADCAST_BUFFER_BYTES)),
            new Entry(
                TLS_BUFFERS,
                tlsBufferBytes == 0 ? 0 : ServerMemory.TLS_BUFFERS_PER_SLOT * connections,
                tlsBufferBytes),
            new Entry(
                CAMERA_FRAMES,
                config.number(ConfigKey.CAMERA_RING_FRAMES),
                config.number(ConfigKey.CAMERA_FRAME_BYTES)),
            new Entry(
                CAMERA_STAGING,
                1,
                config.number(ConfigKey.CAMERA_FRAME_BYTES) + CAMERA_COMMENT_HEADROOM),
            new Entry(
                STREAM_MESSAGES,
                config.number(ConfigKey.STREAMS_MESSAGES),
                config.number(ConfigKey.STREAMS_MESSAGE_BYTES)),
            new Entry(APP_EVENTS, config.number(ConfigKey.APP_QUEUE_CAPACITY), EVENT_SLOT_BYTES),
            new Entry(APP_RESERVED_EVENTS, connections, EVENT_SLOT_BYTES),
            new Entry(APP_TIMERS, config.number(ConfigKey.APP_TIMERS), TIMER_SLOT_BYTES),
            // The MQTT bridge's outgoing queue and its camera snapshot buffer: empty when the
            // bridge is off (no mqtt.url), the snapshot also when the camera is off.
            new Entry(
                MQTT_MESSAGES,
                mqtt ? config.number(ConfigKey.MQTT_QUEUE_MESSAGES) : 0,
                config.number(ConfigKey.MQTT_MESSAGE_BYTES)),
            new Entry(
                MQTT_SNAPSHOT, mqtt && camera ? 1 : 0, config.number(ConfigKey.CAMERA_FRAME_BYTES)),
            new Entry(
                STATIC_FILE_CACHE,
                (config.number(ConfigKey.SERVER_STATIC_CACHE_BYTES) + STATIC_CACHE_UNIT_BYTES - 1)
                    / STATIC_CACHE_UNIT_BYTES,
                STATIC_CACHE_UNIT_BYTES)));
  }

  /** One line per pool, in allocation order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The entry for {@code pool}. */
  public Entry entry(String pool) {
    int i = indexOf(pool);
    if (i < 0) {
      throw new IllegalArgumentException("no pool named " + pool);
    }
    return entries.get(i);
  }

  private int indexOf(String pool) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).pool().equals(pool)) {
        return i;
      }
    }
    return -1;
  }

  /** Allocates the buffer pool of entry {@code pool} (direct or heap buffers) and binds it. */
  public BufferPool allocate(String pool, boolean direct) {
    Entry e = entry(pool);
    return bind(pool, new BufferPool(e.pool(), e.count(), e.size(), direct));
  }

  /**
   * Binds {@code live}, made elsewhere, to entry {@code pool}.
   *
   * @return {@code live}
   * @throws IllegalStateException when the pool's name or count is not the entry's, or the entry is
   *     bound already
   */
  public <P extends Pool> P bind(String pool, P live) {
    Entry e = entry(pool);
    if (!live.name().equals(e.pool()) || live.capacity() != e.count()) {
      throw new IllegalStateException(
          "pool '"
              + live.name()
              + "' ("
              + live.capacity()
              + " x "
              + live.itemBytes()
              + " B) does not match the plan's '"
              + e.pool()
              + "' ("
              + e.count()
              + " x "
              + e.size()
              + " B)");
    }
    if (!this.live.compareAndSet(indexOf(pool), null, live)) {
      throw new IllegalStateException("pool '" + pool + "' is bound already");
    }
    return live;
  }

  /**
   * Every entry with its live pool, in plan order.
   *
   * @throws IllegalStateException when an entry has no pool yet
   */
  public List<Bound> pools() {
    List<Bound> all = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Pool pool = live.get(i);
      if (pool == null) {
        throw new IllegalStateException("pool '" + entries.get(i).pool() + "' is not allocated");
      }
      all.add(new Bound(entries.get(i), pool));
    }
    return all;
  }

  /** Bytes of the whole plan. */
  public long totalBytes() {
    return entries.stream().mapToLong(Entry::total).sum();
  }

  /** The plan as a text table with a total line. */
  public String table() {
    StringBuilder out = new StringBuilder();
    String format = "%-18s %7s %12s %12s%n";
    out.append(String.format(Locale.ROOT, format, "pool", "count", "size", "total"));
    for (Entry e : entries) {
      out.append(
          String.format(
              Locale.ROOT, format, e.pool(), e.count(), bytes(e.size()), bytes(e.total())));
    }
    out.append(String.format(Locale.ROOT, format, "all pools", "", "", bytes(totalBytes())));
    return out.toString();
  }

  /** A byte count for people: {@code 512 B}, {@code 16.0 KiB}, {@code 2.0 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024.0));
  }
}

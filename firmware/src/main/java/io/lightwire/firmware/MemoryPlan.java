package io.lightwire.firmware;

import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.util.List;
import java.util.Locale;

/**
 * What the firmware will allocate at boot, decided from the configuration before anything runs and
 * printed as a table so a user sees the whole budget up front.
 *
 * @param entries one line per pool, in allocation order
 */
public record MemoryPlan(List<Entry> entries) {

  /** Pool names as they appear in the plan, on the status page and in {@code /status}. */
  public static final String CONNECTION_SLOTS = "connection slots";

  public static final String RX_BUFFERS = "rx buffers";
  public static final String TX_BUFFERS = "tx buffers";
  public static final String MESSAGE_BUFFERS = "message buffers";
  public static final String BROADCAST_BUFFERS = "broadcast buffers";
  public static final String CAMERA_FRAMES = "camera frames";
  public static final String CAMERA_STAGING = "camera staging";
  public static final String STREAM_MESSAGES = "stream messages";
  public static final String APP_EVENTS = "app events";
  public static final String APP_TIMERS = "app timers";
  public static final String MQTT_MESSAGES = "mqtt messages";
  public static final String MQTT_SNAPSHOT = "mqtt snapshot";

  /** Bytes of bookkeeping per connection slot (parser offsets, exchange, socket state). */
  static final int SLOT_BOOKKEEPING_BYTES = 1_536;

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

  public MemoryPlan {
    entries = List.copyOf(entries);
  }

  /** The plan for {@code config}. */
  public static MemoryPlan from(FirmwareConfig config) {
    int connections = config.number(ConfigKey.SERVER_MAX_CONNECTIONS);
    boolean mqtt = !config.text(ConfigKey.MQTT_URL).isEmpty();
    boolean camera = Boolean.parseBoolean(config.text(ConfigKey.CAMERA_ENABLED));
    return new MemoryPlan(
        List.of(
            new Entry(CONNECTION_SLOTS, connections, SLOT_BOOKKEEPING_BYTES),
            new Entry(RX_BUFFERS, connections, config.number(ConfigKey.SERVER_RX_BUFFER_BYTES)),
            new Entry(TX_BUFFERS, connections, config.number(ConfigKey.SERVER_TX_BUFFER_BYTES)),
            new Entry(
                MESSAGE_BUFFERS, connections, config.number(ConfigKey.SERVER_MAX_FRAME_BYTES)),
            new Entry(
                BROADCAST_BUFFERS,
                config.number(ConfigKey.SERVER_BROADCAST_BUFFERS),
                config.number(ConfigKey.SERVER_BROADCAST_BUFFER_BYTES)),
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
            new Entry(APP_TIMERS, config.number(ConfigKey.APP_TIMERS), TIMER_SLOT_BYTES),
            // The MQTT bridge's outgoing queue and its camera snapshot buffer: empty when the
            // bridge is off (no mqtt.url), the snapshot also when the camera is off.
            new Entry(
                MQTT_MESSAGES,
                mqtt ? config.number(ConfigKey.MQTT_QUEUE_MESSAGES) : 0,
                config.number(ConfigKey.MQTT_MESSAGE_BYTES)),
            new Entry(
                MQTT_SNAPSHOT,
                mqtt && camera ? 1 : 0,
                config.number(ConfigKey.CAMERA_FRAME_BYTES))));
  }

  /** The entry for {@code pool}. */
  public Entry entry(String pool) {
    return entries.stream()
        .filter(e -> e.pool().equals(pool))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no pool named " + pool));
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

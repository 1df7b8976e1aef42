package io.lightwire.websock.server;

/**
 * Everything fixed about a server at construction: where it listens and the limits that size its
 * static pools. Invalid values are refused here, with the field, the value and the allowed range.
 * Sizes are in bytes, times in milliseconds.
 *
 * @param bindAddress the address to listen on, e.g. {@code "0.0.0.0"} or {@code "127.0.0.1"}
 * @param port the TCP port; 0 picks a free one (see {@link Server#localPort()})
 * @param maxConnections connection slots; one past this gets {@code 503} with {@code Retry-After}
 * @param rxBufferBytes receive buffer per slot; at least {@code maxHeaderBytes}
 * @param txBufferBytes transmit buffer per slot; at least one largest frame with its header
 * @param maxHeaderBytes the longest request head (request line and headers); past it, {@code 431}
 * @param maxMessageBytes the largest WebSocket frame and message payload, at most {@value
 *     #MAX_MESSAGE_BYTES}; past it, close 1009
 * @param broadcastBuffers how many broadcast messages can be in flight at once
 * @param broadcastBufferBytes the largest encoded broadcast message (headers included)
 * @param handshakeTimeoutMillis how long a new connection may take to send its first request
 * @param idleTimeoutMillis how long a connection may stay silent; a WebSocket then gets a ping and
 *     is dropped after as long again without an answer
 * @param maxConnectionsPerAddress how many slots one peer IP address may hold at once; one past it
 *     gets {@code 429} with {@code Retry-After} (a reconnecting slow-loris from one address cannot
 *     take every slot). 0 means the default, {@link #defaultConnectionsPerAddress}: a quarter of
 *     the slots, at least 4. Behind a reverse proxy every client shares the proxy's address: set it
 *     to {@code maxConnections} there
 * @param busyPollMicros after a service pass that did work, how long the service thread polls for
 *     more (without sleeping in the selector) before it blocks, in microseconds, at most {@value
 *     #MAX_BUSY_POLL_MICROS}; 0 (the default) turns it off. A message arriving within the window
 *     costs no thread wake-up (lower latency at one message in flight), for CPU spent polling
 *     meanwhile; an idle server still sleeps. Off on boards, where power matters
 */
public record ServerConfig(
    String bindAddress,
    int port,
    int maxConnections,
    int rxBufferBytes,
    int txBufferBytes,
    int maxHeaderBytes,
    int maxMessageBytes,
    int broadcastBuffers,
    int broadcastBufferBytes,
    long handshakeTimeoutMillis,
    long idleTimeoutMillis,
    int maxConnectionsPerAddress,
    int busyPollMicros) {

  /** The default request head limit: 8 KiB, as most servers. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 8192;

  /** This small server's frame and message limit: 0xFFFF bytes, as Barracuda's. */
  public static final int MAX_MESSAGE_BYTES = 0xFFFF;

  /** The longest frame header: 2 bytes, a 64-bit length and a mask. */
  public static final int MAX_FRAME_HEADER = 14;

  /**
   * The longest busy-poll window: 1 ms, the selector's own timeout resolution, so the window can
   * delay a deadline by no more than a blocking select would.
   */
  public static final int MAX_BUSY_POLL_MICROS = 1_000;

  /** Refuses values out of range: {@link ServerConfigException} names the field and value. */
  public ServerConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new ServerConfigException(
          "bindAddress", String.valueOf(bindAddress), "is not an address");
    }
    check("port", port, 0, 65_535);
    check("maxConnections", maxConnections, 1, 65_535);
    check("maxHeaderBytes", maxHeaderBytes, 256, 1 << 20);
    check(
        "rxBufferBytes",
        rxBufferBytes,
        maxHeaderBytes,
        1 << 24,
        " (at least maxHeaderBytes: a request head must fit in the receive buffer)");
    check("maxMessageBytes", maxMessageBytes, 125, MAX_MESSAGE_BYTES);
    check(
        "txBufferBytes",
        txBufferBytes,
        maxMessageBytes + MAX_FRAME_HEADER,
        1 << 24,
        " (at least maxMessageBytes + 14: a transmit buffer must hold one whole frame)");
    check("broadcastBuffers", broadcastBuffers, 0, 65_535);
    check("broadcastBufferBytes", broadcastBufferBytes, 0, 1 << 26);
    check("handshakeTimeoutMillis", handshakeTimeoutMillis, 1, 3_600_000);
    check("idleTimeoutMillis", idleTimeoutMillis, 1, 86_400_000);
    check(
        "maxConnectionsPerAddress",
        maxConnectionsPerAddress,
        0,
        maxConnections,
        " (at most maxConnections; 0 means a quarter of the slots, at least 4)");
    check("busyPollMicros", busyPollMicros, 0, MAX_BUSY_POLL_MICROS, " (0 turns busy polling off)");
  }

  /** A builder starting from the {@link #loopback()} values. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bindAddress = bindAddress;
    b.port = port;
    b.maxConnections = maxConnections;
    b.rxBufferBytes = rxBufferBytes;
    b.txBufferBytes = txBufferBytes;
    b.maxHeaderBytes = maxHeaderBytes;
    b.maxMessageBytes = maxMessageBytes;
    b.broadcastBuffers = broadcastBuffers;
    b.broadcastBufferBytes = broadcastBufferBytes;
    b.handshakeTimeoutMillis = handshakeTimeoutMillis;
    b.idleTimeoutMillis = idleTimeoutMillis;
    b.maxConnectionsPerAddress = maxConnectionsPerAddress;
    b.busyPollMicros = busyPollMicros;
    return b;
  }

  /**
   * The default per-address limit for {@code slots} connection slots: a quarter of them, at least 4
   * (all of them when there are fewer), so one address keeps most slots free for everyone else
   * while a browser with a few tabs open (a handful of HTTP connections and WebSockets each) fits.
   */
  public static int defaultConnectionsPerAddress(int slots) {
    return Math.max(Math.min(slots, 4), slots / 4);
  }

  /** The per-address limit in force: the configured one, or the default for the slot count. */
  public int connectionsPerAddressLimit() {
    return maxConnectionsPerAddress == 0
        ? defaultConnectionsPerAddress(maxConnections)
        : maxConnectionsPerAddress;
  }

  /**
   * A config for tests and small tools: loopback, a free port, 16 slots of 16 KiB receive and 64
   * KiB transmit buffers, 0xFFFF-byte messages, 8 broadcast buffers of 256 KiB.
   */
  public static ServerConfig loopback() {
    return builder().build();
  }

  /**
   * Collects a config's values, starting from the {@link #loopback()} ones; {@link #build()}
   * validates them. Not thread-safe; a builder is meant for one config at a time.
   */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private int port;
    private int maxConnections = 16;
    private int rxBufferBytes = 16_384;
    private int txBufferBytes = MAX_MESSAGE_BYTES + MAX_FRAME_HEADER;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private int maxMessageBytes = MAX_MESSAGE_BYTES;
    private int broadcastBuffers = 8;
    private int broadcastBufferBytes = 262_144;
    private long handshakeTimeoutMillis = 5_000;
    private long idleTimeoutMillis = 60_000;
    private int maxConnectionsPerAddress;
    private int busyPollMicros;

    private Builder() {}

    /** The address to listen on, e.g. {@code "0.0.0.0"}. */
    public Builder bindAddress(String address) {
      bindAddress = address;
      return this;
    }

    /** The TCP port; 0 picks a free one. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /** Connection slots. */
    public Builder maxConnections(int count) {
      maxConnections = count;
      return this;
    }

    /** Receive buffer per slot, bytes. */
    public Builder rxBufferBytes(int bytes) {
      rxBufferBytes = bytes;
      return this;
    }

    /** Transmit buffer per slot, bytes. */
    public Builder txBufferBytes(int bytes) {
      txBufferBytes = bytes;
      return this;
    }

    /** The longest request head, bytes. */
    public Builder maxHeaderBytes(int bytes) {
      maxHeaderBytes = bytes;
      return this;
    }

    /** The largest frame and message payload, bytes (at most {@value #MAX_MESSAGE_BYTES}). */
    public Builder maxMessageBytes(int bytes) {
      maxMessageBytes = bytes;
      return this;
    }

    /** Broadcast messages in flight at once. */
    public Builder broadcastBuffers(int count) {
      broadcastBuffers = count;
      return this;
    }

    /** The largest encoded broadcast message, bytes. */
    public Builder broadcastBufferBytes(int bytes) {
      broadcastBufferBytes = bytes;
      return this;
    }

    /** Handshake and idle timeouts, milliseconds. */
    public Builder timeouts(long handshakeMillis, long idleMillis) {
      handshakeTimeoutMillis = handshakeMillis;
      idleTimeoutMillis = idleMillis;
      return this;
    }

    /** Slots one peer address may hold; 0: {@link #defaultConnectionsPerAddress}. */
    public Builder maxConnectionsPerAddress(int count) {
      maxConnectionsPerAddress = count;
      return this;
    }

    /** The busy-poll window after a pass that did work, microseconds; 0 (default): off. */
    public Builder busyPollMicros(int micros) {
      busyPollMicros = micros;
      return this;
    }

    /**
     * The config.
     *
     * @throws ServerConfigException naming the first field out of range and its value
     */
    public ServerConfig build() {
      return new ServerConfig(
          bindAddress,
          port,
          maxConnections,
          rxBufferBytes,
          txBufferBytes,
          maxHeaderBytes,
          maxMessageBytes,
          broadcastBuffers,
          broadcastBufferBytes,
          handshakeTimeoutMillis,
          idleTimeoutMillis,
          maxConnectionsPerAddress,
          busyPollMicros);
    }
  }

  private static void check(String field, long value, long min, long max) {
    check(field, value, min, max, "");
  }

  private static void check(String field, long value, long min, long max, String why) {
    if (value < min || value > max) {
      throw new ServerConfigException(
          field, Long.toString(value), "is out of range [" + min + ", " + max + "]" + why);
    }
  }
}

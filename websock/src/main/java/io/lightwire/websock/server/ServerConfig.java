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
    int maxConnectionsPerAddress) {

  /** The default request head limit: 8 KiB, as most servers. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 8192;

  /** This small server's frame and message limit: 0xFFFF bytes, as Barracuda's. */
  public static final int MAX_MESSAGE_BYTES = 0xFFFF;

  /** The longest frame header: 2 bytes, a 64-bit length and a mask. */
  public static final int MAX_FRAME_HEADER = 14;

  public ServerConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException(
          "bindAddress must be an address, not '" + bindAddress + "'");
    }
    check("port", port, 0, 65_535);
    check("maxConnections", maxConnections, 1, 65_535);
    check("maxHeaderBytes", maxHeaderBytes, 256, 1 << 20);
    check("rxBufferBytes", rxBufferBytes, maxHeaderBytes, 1 << 24);
    check("maxMessageBytes", maxMessageBytes, 125, MAX_MESSAGE_BYTES);
    check("txBufferBytes", txBufferBytes, maxMessageBytes + MAX_FRAME_HEADER, 1 << 24);
    check("broadcastBuffers", broadcastBuffers, 0, 65_535);
    check("broadcastBufferBytes", broadcastBufferBytes, 0, 1 << 26);
    check("handshakeTimeoutMillis", handshakeTimeoutMillis, 1, 3_600_000);
    check("idleTimeoutMillis", idleTimeoutMillis, 1, 86_400_000);
    check("maxConnectionsPerAddress", maxConnectionsPerAddress, 0, maxConnections);
  }

  /** A config with the default per-address limit ({@link #defaultConnectionsPerAddress}). */
  public ServerConfig(
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
      long idleTimeoutMillis) {
    this(
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
        0);
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

  /** This config with {@code count} slots per peer address (0: the default). */
  public ServerConfig withMaxConnectionsPerAddress(int count) {
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
        count);
  }

  /**
   * A config for tests and small tools: loopback, a free port, 16 slots of 16 KiB receive and 64
   * KiB transmit buffers, 0xFFFF-byte messages, 8 broadcast buffers of 256 KiB.
   */
  public static ServerConfig loopback() {
    return new ServerConfig(
        "127.0.0.1",
        0,
        16,
        16_384,
        MAX_MESSAGE_BYTES + MAX_FRAME_HEADER,
        DEFAULT_MAX_HEADER_BYTES,
        MAX_MESSAGE_BYTES,
        8,
        262_144,
        5_000,
        60_000);
  }

  /** This config listening on {@code port} instead. */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        bindAddress,
        newPort,
        maxConnections,
        rxBufferBytes,
        txBufferBytes,
        maxHeaderBytes,
        maxMessageBytes,
        broadcastBuffers,
        broadcastBufferBytes,
        handshakeTimeoutMillis,
        idleTimeoutMillis,
        maxConnectionsPerAddress);
  }

  /** This config with {@code count} connection slots instead. */
  public ServerConfig withMaxConnections(int count) {
    return new ServerConfig(
        bindAddress,
        port,
        count,
        rxBufferBytes,
        txBufferBytes,
        maxHeaderBytes,
        maxMessageBytes,
        broadcastBuffers,
        broadcastBufferBytes,
        handshakeTimeoutMillis,
        idleTimeoutMillis,
        Math.min(maxConnectionsPerAddress, count));
  }

  /** This config with another message limit (at most {@value #MAX_MESSAGE_BYTES}). */
  public ServerConfig withMaxMessageBytes(int bytes) {
    return new ServerConfig(
        bindAddress,
        port,
        maxConnections,
        rxBufferBytes,
        txBufferBytes,
        maxHeaderBytes,
        bytes,
        broadcastBuffers,
        broadcastBufferBytes,
        handshakeTimeoutMillis,
        idleTimeoutMillis,
        maxConnectionsPerAddress);
  }

  /** This config with other timeouts, in milliseconds. */
  public ServerConfig withTimeouts(long handshakeMillis, long idleMillis) {
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
        handshakeMillis,
        idleMillis,
        maxConnectionsPerAddress);
  }

  private static void check(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " = " + value + " is out of range [" + min + ", " + max + "]");
    }
  }
}

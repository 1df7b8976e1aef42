package io.lightwire.websock.server;

/**
 * Everything fixed about a server at construction: where it listens and the limits that size its
 * static pools. Invalid values are refused here, with the field, the value and the allowed range.
 *
 * @param bindAddress the address to listen on, e.g. {@code "0.0.0.0"} or {@code "127.0.0.1"}
 * @param port the TCP port; 0 picks a free one (see {@link Server#localPort()})
 * @param maxConnections connection slots; one past this gets {@code 503} with {@code Retry-After}
 * @param rxBufferBytes receive buffer per slot; at least {@code maxHeaderBytes}
 * @param txBufferBytes transmit buffer per slot
 * @param maxHeaderBytes the longest request head (request line and headers) accepted; past it,
 *     {@code 431}
 * @param handshakeTimeoutMillis how long a new connection may take to send its first request
 * @param idleTimeoutMillis how long a kept-alive connection may stay silent
 */
public record ServerConfig(
    String bindAddress,
    int port,
    int maxConnections,
    int rxBufferBytes,
    int txBufferBytes,
    int maxHeaderBytes,
    long handshakeTimeoutMillis,
    long idleTimeoutMillis) {

  /** The default request head limit: 8 KiB, as most servers. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 8192;

  public ServerConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException(
          "bindAddress must be an address, not '" + bindAddress + "'");
    }
    check("port", port, 0, 65_535);
    check("maxConnections", maxConnections, 1, 65_535);
    check("maxHeaderBytes", maxHeaderBytes, 256, 1 << 20);
    check("rxBufferBytes", rxBufferBytes, maxHeaderBytes, 1 << 24);
    check("txBufferBytes", txBufferBytes, 256, 1 << 24);
    check("handshakeTimeoutMillis", handshakeTimeoutMillis, 1, 3_600_000);
    check("idleTimeoutMillis", idleTimeoutMillis, 1, 86_400_000);
  }

  /** A config for tests and small tools: loopback, a free port, 16 slots of 16 KiB buffers. */
  public static ServerConfig loopback() {
    return new ServerConfig(
        "127.0.0.1", 0, 16, 16_384, 16_384, DEFAULT_MAX_HEADER_BYTES, 5_000, 60_000);
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
        handshakeTimeoutMillis,
        idleTimeoutMillis);
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
        handshakeTimeoutMillis,
        idleTimeoutMillis);
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
        handshakeMillis,
        idleMillis);
  }

  private static void check(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " = " + value + " is out of range [" + min + ", " + max + "]");
    }
  }
}

package io.lightwire.examples.support;

import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.SameOrigin;
import io.lightwire.websock.server.SecurityHeaders;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerTls;
import io.lightwire.websock.server.StaticFiles;
import java.util.List;

/**
 * The start of a browser example's server: its page from a folder of the jar with the {@link
 * SecurityHeaders}, WebSocket upgrades behind the {@link SameOrigin} check, and TLS when given. The
 * example adds its protocols and opens it.
 */
public final class PageServer {

  /** Receive buffer per slot: an HTTP request head or a WebSocket frame, in bytes. */
  private static final int RX_BUFFER_BYTES = 8_192;

  /** Transmit buffer per slot, in bytes: the page's files go out straight from the jar's copy. */
  private static final int TX_BUFFER_BYTES = 16_384;

  private static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;
  private static final long IDLE_TIMEOUT_MILLIS = 60_000;

  private PageServer() {}

  /**
   * A browser example's limits on {@code bind}:{@code port}: 8 KiB receive and 16 KiB transmit
   * buffers per slot, the default header limit, 5 s for a handshake, 60 s idle, and the example's
   * own connection, message and broadcast numbers (bytes).
   */
  public static ServerConfig config(
      String bind,
      int port,
      int maxConnections,
      int maxMessageBytes,
      int broadcastBuffers,
      int broadcastBufferBytes) {
    return ServerConfig.builder()
        .bindAddress(bind)
        .port(port)
        .maxConnections(maxConnections)
        .rxBufferBytes(RX_BUFFER_BYTES)
        .txBufferBytes(TX_BUFFER_BYTES)
        .maxHeaderBytes(ServerConfig.DEFAULT_MAX_HEADER_BYTES)
        .maxMessageBytes(maxMessageBytes)
        .broadcastBuffers(broadcastBuffers)
        .broadcastBufferBytes(broadcastBufferBytes)
        .timeouts(HANDSHAKE_TIMEOUT_MILLIS, IDLE_TIMEOUT_MILLIS)
        .build();
  }

  /**
   * A builder serving the page in {@code webRoot} (a folder of {@code anchor}'s jar, outside any
   * package so that it is always readable).
   *
   * @param tls the TLS setup for {@code https://} and {@code wss://}, or null for plain HTTP
   */
  public static Server.Builder builder(
      ServerConfig config, Class<?> anchor, String webRoot, ServerTls tls) {
    Server.Builder builder =
        Server.builder(config)
            .http(
                SecurityHeaders.around(
                    StaticFiles.fromClassPath(anchor, webRoot, HttpHandler.notFound())))
            .upgradeFilter(new SameOrigin(tls != null, List.of()));
    if (tls != null) {
      builder.tls(tls);
    }
    return builder;
  }
}

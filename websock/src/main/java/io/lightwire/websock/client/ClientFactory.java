package io.lightwire.websock.client;

import static io.lightwire.websock.client.WebSocketClient.BINARY_ONLY;
import static io.lightwire.websock.client.WebSocketClient.NO_HTTP;
import static io.lightwire.websock.client.WebSocketClient.TEXT_ONLY;

import io.lightwire.websock.internal.client.BufferClaims;
import io.lightwire.websock.internal.client.ClientConnection;
import io.lightwire.websock.internal.client.ConnectionOpener;
import io.lightwire.websock.internal.client.TlsSupport;
import io.lightwire.websock.protocol.FrameParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLContext;

/**
 * The bodies of {@link WebSocketClient}'s factories ({@code open}, {@code attach}, {@code
 * attachServer}): argument checks, the config's buffers (claimed by one connection at a time in
 * {@link BufferClaims}), the TLS context (built once per config, cached here), then {@link
 * ConnectionOpener}.
 */
final class ClientFactory {

  private static final Runnable NOTHING = () -> {};

  /** TLS contexts by config; weak keys, so a config no longer used takes its context with it. */
  private static final Map<ClientConfig, SSLContext> SSL_CONTEXTS = new WeakHashMap<>();

  private ClientFactory() {}

  static WebSocketClient open(ClientConfig config) throws IOException {
    if (config.connectHost() == null) {
      throw new IllegalArgumentException("open needs a host to connect to, the config has none");
    }
    SSLContext ssl = config.secure() ? sslContext(config) : null;
    byte[][] buffers = claimBuffers(config);
    ClientConnection connection =
        ConnectionOpener.open(
            config,
            config.requestTemplate,
            ssl,
            buffers[0],
            buffers[1],
            accept(config.messageTypes()),
            releaser(config));
    return new WebSocketClient(connection, config);
  }

  static WebSocketClient attach(Object endpoint, ClientConfig config, int flags)
      throws IOException {
    if ((flags & ~(TEXT_ONLY | BINARY_ONLY | NO_HTTP)) != 0
        || (flags & (TEXT_ONLY | BINARY_ONLY)) == (TEXT_ONLY | BINARY_ONLY)) {
      throw new IllegalArgumentException(
          "flags must combine at most one of TEXT_ONLY/BINARY_ONLY with NO_HTTP, were " + flags);
    }
    int types = flags & (TEXT_ONLY | BINARY_ONLY);
    byte[][] buffers = claimBuffers(config);
    ClientConnection connection =
        ConnectionOpener.attach(
            endpoint,
            config,
            config.requestTemplate,
            buffers[0],
            buffers[1],
            accept(types != 0 ? types : config.messageTypes()),
            (flags & NO_HTTP) != 0,
            releaser(config));
    return new WebSocketClient(connection, config);
  }

  static WebSocketClient attachServer(
      Object endpoint, ClientConfig config, int flags, ByteBuffer buffered) throws IOException {
    if (flags != 0 && flags != TEXT_ONLY && flags != BINARY_ONLY) {
      throw new IllegalArgumentException(
          "attachServer flags must be 0, TEXT_ONLY or BINARY_ONLY, were " + flags);
    }
    int already = buffered == null ? 0 : buffered.remaining();
    if (already > config.receiveBufferBytes()) {
      throw new IllegalArgumentException(
          "buffered bytes must fit the receive buffer ("
              + config.receiveBufferBytes()
              + " bytes), were "
              + already);
    }
    byte[][] buffers = claimBuffers(config);
    if (already > 0) {
      buffered.get(buffers[0], 0, already);
    }
    ClientConnection connection =
        ConnectionOpener.attachServer(
            endpoint,
            config,
            buffers[0],
            already,
            buffers[1],
            accept(flags != 0 ? flags : config.messageTypes()),
            releaser(config));
    return new WebSocketClient(connection, config);
  }

  /**
   * The TLS context of {@code config}, built once per config and kept here (weakly, by the config's
   * identity), not inside the immutable config: building one costs milliseconds, a reconnect should
   * not pay it again.
   */
  private static SSLContext sslContext(ClientConfig config) throws IOException {
    synchronized (SSL_CONTEXTS) {
      SSLContext ssl = SSL_CONTEXTS.get(config);
      if (ssl == null) {
        ssl = TlsSupport.context(config.tls(), config.tlsServerName());
        SSL_CONTEXTS.put(config, ssl);
      }
      return ssl;
    }
  }

  /** Gives the config's own buffers back (nothing to do for buffers made per connection). */
  private static Runnable releaser(ClientConfig config) {
    byte[] rx = config.receiveBuffer();
    byte[] tx = config.sendBuffer();
    return rx == null && tx == null ? NOTHING : () -> BufferClaims.release(rx, tx);
  }

  private static byte[][] claimBuffers(ClientConfig config) {
    byte[] rx = config.receiveBuffer();
    byte[] tx = config.sendBuffer();
    BufferClaims.claim(rx, tx);
    return new byte[][] {
      rx != null ? rx : new byte[config.receiveBufferBytes()],
      tx != null ? tx : new byte[config.sendBufferBytes()]
    };
  }

  private static int accept(int types) {
    return types == TEXT_ONLY
        ? FrameParser.ACCEPT_TEXT_ONLY
        : types == BINARY_ONLY ? FrameParser.ACCEPT_BINARY_ONLY : FrameParser.ACCEPT_ANY;
  }
}

package io.lightwire.websock.client;

import static io.lightwire.websock.client.WebSocketClient.BINARY_ONLY;
import static io.lightwire.websock.client.WebSocketClient.NO_HTTP;
import static io.lightwire.websock.client.WebSocketClient.TEXT_ONLY;

import io.lightwire.websock.internal.client.ClientConnection;
import io.lightwire.websock.internal.client.ConnectionOpener;
import io.lightwire.websock.internal.client.TlsSupport;
import io.lightwire.websock.protocol.FrameParser;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bodies of {@link WebSocketClient}'s factories ({@code open}, {@code attach}, {@code
 * attachServer}): argument checks, the config's buffers (claimed by one connection at a time), the
 * TLS context (built once per config), then {@link ConnectionOpener}.
 */
final class ClientFactory {

  private ClientFactory() {}

  static WebSocketClient open(ClientConfig config) throws IOException {
    if (config.connectHost() == null) {
      throw new IllegalArgumentException("open needs a host to connect to, the config has none");
    }
    byte[][] buffers = claimBuffers(config);
    javax.net.ssl.SSLContext ssl = null;
    if (config.secure()) {
      ssl = config.sslContext;
      if (ssl == null) {
        synchronized (config) {
          if (config.sslContext == null) {
            config.sslContext = TlsSupport.context(config.tls(), config.tlsServerName());
          }
          ssl = config.sslContext;
        }
      }
    }
    ClientConnection connection =
        ConnectionOpener.open(
            config,
            config.requestTemplate,
            ssl,
            buffers[0],
            buffers[1],
            accept(config.messageTypes()),
            config.releaseBuffers);
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
            config.releaseBuffers);
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
            config.releaseBuffers);
    return new WebSocketClient(connection, config);
  }

  private static byte[][] claimBuffers(ClientConfig config) {
    byte[] rx = config.receiveBuffer();
    byte[] tx = config.sendBuffer();
    if (rx != null || tx != null) {
      if (!config.buffersInUse.compareAndSet(false, true)) {
        throw new IllegalStateException(
            "the config's receive/send buffers are used by another open connection");
      }
    }
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

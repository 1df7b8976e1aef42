/**
 * Lightwire's WebSocket stack: the RFC 6455 protocol engine, a blocking client, a small
 * single-threaded server with HTTP/1.1 on the same port, and the fixed buffer pools they run on.
 * Usable alone, as a library: it depends on no other Lightwire module.
 */
module io.lightwire.websock {
  requires org.bouncycastle.provider;
  requires org.bouncycastle.tls;

  exports io.lightwire.websock.pool;
  exports io.lightwire.websock.protocol;
  exports io.lightwire.websock.client;
  exports io.lightwire.websock.server;
}

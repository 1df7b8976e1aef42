package io.lightwire.websock.server;

import io.lightwire.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server for write-path tests whose one protocol, {@code echo}, sends every message back as
 * binary; every 8th message (by the sequence number its payload starts with) also sends a text line
 * {@code tN} and broadcasts {@code bN}, so replies, text sends and shared messages interleave.
 * Counts the echoes accepted and those refused as back-pressured. Registered as a JUnit extension:
 * after each test it waits for the clients to leave, stops the server and checks every pool is back
 * to zero in use.
 */
final class EchoFixture implements AfterEachCallback {

  final AtomicInteger backPressured = new AtomicInteger();
  final AtomicInteger accepted = new AtomicInteger();
  Server server;
  private Protocol echo;

  private final WebSocketHandler handler =
      new WebSocketHandler() {
        @Override
        public void onMessage(WebSocketConnection c, boolean text, ByteBuffer payload) {
          int sequence = payload.getInt(payload.position());
          int n = c.send(false, payload);
          if (n == WebSocketConnection.BACK_PRESSURED) {
            backPressured.incrementAndGet();
          } else if (n >= 0) {
            accepted.incrementAndGet();
          }
          if (sequence % 8 == 7) {
            c.sendText("t" + sequence);
            server.broadcast(echo, true, ByteBuffer.wrap(("b" + sequence).getBytes()));
          }
        }
      };

  /** Starts the server with {@code config} (and TLS when {@code tls} is set); returns its port. */
  int start(ServerConfig config, ServerTls tls) throws IOException {
    echo = new Protocol("echo", null, handler, QueuePolicy.REFUSE, 128, () -> null);
    Server.Builder b = Server.builder(config).protocol(echo);
    if (tls != null) {
      b.tls(tls);
    }
    server = b.open();
    server.start();
    return server.localPort();
  }

  /**
   * Starts the server over TLS with a fresh self-signed certificate (PEM files in {@code dir}) and
   * returns a client socket that trusts it, its TLS handshake done.
   */
  SSLSocket startWithTls(ServerConfig config, Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.selfSigned("localhost");
    Path[] pem = certificates.writePem(dir);
    int port = start(config, ServerTls.fromPem(pem[0], pem[1]));
    SSLSocket socket =
        (SSLSocket)
            certificates.trustingClientContext().getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  /** After each test: see the class comment. */
  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    Pools.stopWhenIdle(server);
  }
}

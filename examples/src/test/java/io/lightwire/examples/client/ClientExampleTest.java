package io.lightwire.examples.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.support.Lifetime;
import io.lightwire.examples.support.Pools;
import io.lightwire.examples.testserver.TestServer;
import io.lightwire.testsupport.LoopbackJetty;
import io.lightwire.testsupport.TestCertificates;
import io.lightwire.websock.server.ServerTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client example against an independent server (Jetty 12, echoing) over {@code ws://}, and
 * against the test-server example over {@code wss://} with a self-signed certificate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientExampleTest {

  @TempDir Path certificates;

  private static String run(int expectedStatus, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = new ClientExample().run(args, out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(expectedStatus, status, printed);
    return printed;
  }

  /** Jetty's side: echoes every message and records how the client closed. */
  public static final class Echo implements Session.Listener.AutoDemanding {
    private final BlockingQueue<String> closes;
    private Session session;

    Echo(BlockingQueue<String> closes) {
      this.closes = closes;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
      this.session = opened;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
      callback.succeed();
      session.sendBinary(copy, Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
      closes.add(statusCode + " " + reason);
      callback.succeed();
    }
  }

  @Test
  void sendsTextAndBinaryReceivesTheEchoesOnItsLoopAndClosesCleanly() throws Exception {
    BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    try (LoopbackJetty jetty =
        LoopbackJetty.start(
            container -> container.addMapping("/echo", (rq, rs, cb) -> new Echo(closes)))) {
      String url = "ws://127.0.0.1:" + jetty.port() + "/echo";
      String printed =
          run(0, "--url", url, "--send", "hello", "--send", "wörld \"€\"", "--binary", "300");
      // Sends print on this thread and echoes on the receive loop's: each side keeps its order.
      List<String> lines = printed.lines().toList();
      assertEquals("client: connected to " + url, lines.getFirst());
      String binary = "binary 300 bytes: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f ...";
      List<String> messages = List.of("text \"hello\"", "text \"wörld \\\"€\\\"\"", binary);
      assertEquals(
          messages,
          lines.stream().filter(l -> l.startsWith("> ")).map(l -> l.substring(2)).toList());
      assertEquals(
          messages,
          lines.stream().filter(l -> l.startsWith("< ")).map(l -> l.substring(2)).toList());
      assertEquals("client: sent 3, received 3 messages; closed cleanly (1000)", lines.getLast());
      assertEquals(8, lines.size(), printed);
      assertEquals("1000 null", closes.poll(10, TimeUnit.SECONDS), "Jetty saw a normal close");

      String defaults = run(0, "--url", url);
      assertTrue(defaults.contains("> text \"" + ClientExample.GREETING + "\""), defaults);
      assertTrue(defaults.contains("sent 2, received 2 messages"), defaults);

      String missing = run(1, "--url", url, "--expect", "3", "--binary", "0", "--wait", "300");
      assertTrue(
          missing.strip().endsWith("client: sent 1, received 1 messages; expected 3 within 300 ms"),
          missing);

      String notFound = run(1, "--url", "ws://127.0.0.1:" + jetty.port() + "/none");
      assertTrue(notFound.startsWith("client: handshake failed (HTTP 404)"), notFound);
    }
  }

  @Test
  void wssToASelfSignedServerNeedsTheExplicitFlag() throws Exception {
    Path[] pem = TestCertificates.selfSigned("localhost").writePem(certificates);
    TestServer server =
        TestServer.open(TestServer.config("127.0.0.1", 0), ServerTls.fromPem(pem[0], pem[1]));
    Lifetime lifetime = new Lifetime(stop -> true);
    Thread loop = new Thread(() -> server.serve(lifetime), "test-server");
    loop.start();
    try {
      String url = "wss://127.0.0.1:" + server.server().localPort() + "/";
      String refused = run(1, "--url", url, "--protocol", "dumb-increment-protocol");
      assertTrue(refused.startsWith("client: TLS failed: "), refused);
      assertTrue(refused.contains("add --allow-self-signed"), refused);

      String printed =
          run(
              0,
              "--url",
              url,
              "--allow-self-signed",
              "--protocol",
              "dumb-increment-protocol",
              "--send",
              "reset",
              "--binary",
              "0",
              "--expect",
              "3");
      assertTrue(
          printed.startsWith(
              "client: connected to " + url + " (subprotocol dumb-increment-protocol)"),
          printed);
      assertTrue(printed.contains("< text \"0\"\n"), "the pushed counter arrives: " + printed);
      assertTrue(printed.contains("received 3 messages; closed cleanly (1000)"), printed);
    } finally {
      lifetime.requestStop();
      loop.join(10_000);
      lifetime.close();
    }
    Pools.assertAllFree(server.server());
  }

  @Test
  void badArgumentsExit2WithTheProblemNamed() {
    assertTrue(run(2).startsWith("client: --url is required\nusage: client --url"));
    assertTrue(
        run(2, "--url", "http://127.0.0.1/").startsWith("client: "), "only ws:// and wss://");
    assertTrue(
        run(2, "--url", "ws://127.0.0.1/", "--binary", "lots")
            .startsWith("client: --binary must be a whole number in [0, 1048576], was 'lots'"));
  }
}

package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.LoopbackJetty;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the echo-client in-process against Jetty 12: the server sends text, binary, a fragmented
 * message, a large message, an empty one and a text message ending with an empty fragment, checks
 * each echo, then closes with a chosen code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoClientExampleTest {

  private static final byte[] BIG = new byte[300_000];

  static {
    new Random(9).nextBytes(BIG);
  }

  private LoopbackJetty jetty;
  private volatile int closeCode = 1000;
  private final List<Object> echoes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    jetty =
        LoopbackJetty.start(
            container -> {
              container.setMaxBinaryMessageSize(1 << 20);
              container.addMapping("/drive", (rq, rs, cb) -> new Driver(echoes, closeCode));
            });
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  private int runExample(ByteArrayOutputStream output, String... args) {
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      return new EchoClientExample().run(args, out);
    }
  }

  @Test
  void echoesEveryMessageUnchangedAndExitsZeroOnANormalClose() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status =
        runExample(
            output, "--url", "ws://127.0.0.1:" + jetty.port() + "/drive", "--timeout", "10000");
    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, printed);
    assertTrue(printed.contains("echoed 6 messages; server closed normally (1000)"), printed);
    assertEquals(6, echoes.size(), "echoes: " + echoes);
    assertEquals("hello wörld €", echoes.get(0));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, (byte[]) echoes.get(1));
    assertEquals("fragmented message", echoes.get(2), "fragments reassembled, type kept");
    assertArrayEquals(BIG, (byte[]) echoes.get(3));
    assertEquals("", echoes.get(4));
    assertEquals("ends empty", echoes.get(5), "a text message ending empty is echoed as text");
  }

  @Test
  void otherCloseCodesExitNonZeroWithTheReason() {
    closeCode = 1011;
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = runExample(output, "--url=ws://127.0.0.1:" + jetty.port() + "/drive");
    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, printed);
    assertEquals("echo-client: server closed with 1011 done", printed.strip());
  }

  @Test
  void unreachableServerAndBadArgumentsAreOneLineErrors() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    assertEquals(1, runExample(refused, "--url", "ws://127.0.0.1:" + freePort + "/"));
    String line = refused.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("echo-client: ") && !line.contains("\n"), line);
    ByteArrayOutputStream usage = new ByteArrayOutputStream();
    assertEquals(2, runExample(usage));
    assertTrue(usage.toString(StandardCharsets.UTF_8).contains("--url is required"));
    ByteArrayOutputStream scheme = new ByteArrayOutputStream();
    assertEquals(2, runExample(scheme, "--url", "http://127.0.0.1/"));
    ByteArrayOutputStream upgrade = new ByteArrayOutputStream();
    assertEquals(1, runExample(upgrade, "--url", "ws://127.0.0.1:" + jetty.port() + "/none"));
    assertTrue(
        upgrade.toString(StandardCharsets.UTF_8).contains("HTTP 404"),
        upgrade.toString(StandardCharsets.UTF_8));
  }

  /** The server side: sends the script on open, records echoes, closes after the sixth. */
  public static final class Driver implements Session.Listener.AutoDemanding {
    private final List<Object> echoes;
    private final int closeCode;
    private final BlockingQueue<Object> unused = new LinkedBlockingQueue<>();
    private volatile Session session;

    Driver(List<Object> echoes, int closeCode) {
      this.echoes = echoes;
      this.closeCode = closeCode;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      Thread sender =
          new Thread(
              () -> {
                try {
                  send(c -> session.sendText("hello wörld €", c));
                  send(
                      c ->
                          session.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}), c));
                  send(c -> session.sendPartialText("fragmented ", false, c));
                  send(c -> session.sendPartialText("message", true, c));
                  send(c -> session.sendBinary(ByteBuffer.wrap(BIG), c));
                  send(c -> session.sendText("", c));
                  // Autobahn 6.1.2's shape: a text message ending with an empty final fragment.
                  send(c -> session.sendPartialText("ends empty", false, c));
                  send(c -> session.sendPartialText("", true, c));
                } catch (Exception e) {
                  unused.add(e);
                }
              });
      sender.start();
    }

    private static void send(java.util.function.Consumer<Callback> action) throws Exception {
      Callback.Completable done = new Callback.Completable();
      action.accept(done);
      done.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void onWebSocketText(String message) {
      record(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      byte[] copy = new byte[payload.remaining()];
      payload.get(copy);
      callback.succeed();
      record(copy);
    }

    private void record(Object echo) {
      echoes.add(echo);
      if (echoes.size() == 6) {
        session.close(closeCode, "done", Callback.NOOP);
      }
    }
  }
}

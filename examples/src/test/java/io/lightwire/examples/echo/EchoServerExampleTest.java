package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JdkPeer;
import io.lightwire.testsupport.TestCertificates;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerMemory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The echo-server example in-process, driven through its command line, against independent clients
 * (the JDK's {@code java.net.http.WebSocket}) and ours (the blocking client and the echo-client
 * example). Each scenario ends with a stop as SIGTERM would do it, exit status 0, one line on
 * standard output, and every pool of the server back to zero in use.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class EchoServerExampleTest {

  static final Pattern LISTENING = Pattern.compile("listening on (wss?)://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir Path dir;

  private final Lines out = new Lines();
  private final Lines err = new Lines();
  private final AtomicReference<Runnable> stop = new AtomicReference<>();

  /** The example's servers, one per loop, as it started them. */
  private final List<Server> servers = new CopyOnWriteArrayList<>();

  private FutureTask<Integer> running;

  /** Starts the example with {@code args}; returns its port once it printed its one line. */
  private int start(String... args) throws Exception {
    EchoServerExample example =
        new EchoServerExample(
            err.stream,
            action -> {
              stop.set(action);
              return true;
            },
            servers::add);
    running = new FutureTask<>(() -> example.run(args, out.stream));
    Thread.ofPlatform().name("echo-server-under-test").start(running);
    String line = out.next();
    Matcher m = LISTENING.matcher(line);
    assertTrue(m.matches(), line);
    assertEquals(args.length > 0 && List.of(args).contains("--tls") ? "wss" : "ws", m.group(1));
    return Integer.parseInt(m.group(2));
  }

  /** Stops it as SIGTERM would; returns the exit status after checking the output and pools. */
  private int stop() throws Exception {
    stop.get().run();
    int status = running.get(30, TimeUnit.SECONDS);
    assertEquals(1, out.all().size(), "exactly one line on standard output: " + out.all());
    for (Server stopped : servers) {
      assertTrue(stopped.isStopped());
      for (Pool pool : stopped.pools()) {
        assertEquals(0, pool.inUse(), pool.name() + " in use after the scenario");
      }
    }
    return status;
  }

  @AfterEach
  void stopIfRunning() throws Exception {
    if (running != null && !running.isDone() && stop.get() != null) {
      stop.get().run();
      running.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theJdkClientGetsEveryMessageBackWithTheSameTypeAndBytes() throws Exception {
    int port = start("--port", "0");
    byte[] largest = new byte[0xFFFF];
    new Random(1).nextBytes(largest);
    try (JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/any/path", "echo", null)) {
      assertEquals("echo", peer.socket.getSubprotocol());
      peer.socket.sendText("héllo wörld €", true).get(10, TimeUnit.SECONDS);
      assertEquals("héllo wörld €", peer.next());
      peer.socket.sendBinary(ByteBuffer.wrap(largest), true).get(10, TimeUnit.SECONDS);
      assertArrayEquals(largest, (byte[]) peer.next());
      peer.socket.sendText("", true).get(10, TimeUnit.SECONDS);
      assertEquals("", peer.next());
      peer.socket.sendBinary(ByteBuffer.allocate(0), true).get(10, TimeUnit.SECONDS);
      assertArrayEquals(new byte[0], (byte[]) peer.next());
      peer.socket.sendText("frag", false).get(10, TimeUnit.SECONDS);
      peer.socket.sendText("mént", false).get(10, TimeUnit.SECONDS);
      peer.socket.sendText("ed", true).get(10, TimeUnit.SECONDS);
      assertEquals("fragménted", peer.next(), "fragments joined, type kept");
      peer.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false).get(10, TimeUnit.SECONDS);
      peer.socket.sendBinary(ByteBuffer.wrap(new byte[] {3}), true).get(10, TimeUnit.SECONDS);
      assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) peer.next());
      assertEquals(0, stop());
      assertEquals("close 1001", peer.next(), "a stop closes clients with 1001 (going away)");
    }
    assertTrue(
        err.all().getLast().startsWith("echo-server: stopped after echoing 6 messages"),
        err.all().toString());
  }

  @Test
  void theReceiveAndTransmitBuffersHoldTwoMaximalFrames() throws Exception {
    start("--max-connections", "2");
    ServerMemory m = servers.getFirst().memory();
    int frame = 0xFFFF + ServerConfig.MAX_FRAME_HEADER;
    assertEquals(2 * frame, m.rxBuffers().itemBytes(), "two whole 0xFFFF frames per read");
    assertEquals(2 * frame, m.txBuffers().itemBytes(), "one full read's echoes per write");
    assertEquals(0, stop());
  }

  @Test
  void withSmallFramesTheReceiveBufferStillHoldsARequestHead() throws Exception {
    start("--max-frame", "1000");
    ServerMemory m = servers.getFirst().memory();
    assertEquals(16 * 1024, m.rxBuffers().itemBytes(), "never less than room for a request head");
    assertEquals(2 * (1000 + ServerConfig.MAX_FRAME_HEADER), m.txBuffers().itemBytes());
    assertEquals(0, stop());
  }

  @Test
  void aMessageOverMaxFrameIsClosedWith1009() throws Exception {
    int port = start("--max-frame", "1000");
    try (JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/")) {
      peer.socket.sendBinary(ByteBuffer.allocate(1000), true).get(10, TimeUnit.SECONDS);
      assertEquals(1000, ((byte[]) peer.next()).length);
      peer.socket.sendBinary(ByteBuffer.allocate(1001), true).get(10, TimeUnit.SECONDS);
      assertEquals("close 1009", peer.next());
    }
    assertEquals(0, stop());
  }

  @Test
  void ourClientGetsFragmentsJoinedAndEveryEchoOfAFloodInOrder() throws Exception {
    int port = start("--max-connections", "4");
    ClientConfig config = ClientConfig.of("ws://127.0.0.1:" + port + "/");
    try (WebSocketClient client = WebSocketClient.open(config)) {
      byte[] part = "fragment-".getBytes(StandardCharsets.UTF_8);
      client.sendFragment(WebSocketProtocol.OPCODE_TEXT, part, 0, part.length, true, false);
      client.sendFragment(WebSocketProtocol.OPCODE_TEXT, part, 0, part.length, false, true);
      byte[] buffer = new byte[0xFFFF];
      MessageHeader header = new MessageHeader();
      int n = client.recv(header, buffer, 0, buffer.length, 10_000);
      assertTrue(header.endOfMessage() && header.isText(), header.toString());
      assertEquals("fragment-fragment-", new String(buffer, 0, n, StandardCharsets.UTF_8));

      // Far more than the socket buffers hold, sent while nobody reads: the server must pause,
      // keep the echo it could not queue, and lose nothing.
      int count = 400;
      int size = 60 * 1024;
      FutureTask<Void> flood =
          new FutureTask<>(
              () -> {
                byte[] message = new byte[size];
                for (int i = 0; i < count; i++) {
                  ByteBuffer.wrap(message).putInt(i).putInt(size - 4, ~i);
                  client.sendBinary(message, 0, size);
                }
                return null;
              });
      Thread.ofPlatform().name("flood").start(flood);
      Thread.sleep(500); // let the transmit side back up before reading
      for (int i = 0; i < count; i++) {
        int length = 0;
        do {
          int got = client.recv(header, buffer, length, buffer.length - length, 20_000);
          assertTrue(got >= 0, "recv returned " + got + " at message " + i);
          length += got;
        } while (!header.endOfMessage());
        assertEquals(size, length, "message " + i);
        ByteBuffer echoed = ByteBuffer.wrap(buffer);
        assertEquals(i, echoed.getInt(0), "echoes in order");
        assertEquals(~i, echoed.getInt(size - 4));
      }
      flood.get(20, TimeUnit.SECONDS);
      assertTrue(client.close(1000, "done", 10_000));
    }
    assertEquals(0, stop());
    String last = err.all().getLast();
    assertTrue(last.startsWith("echo-server: stopped after echoing 401 messages"), last);
    assertTrue(
        !last.contains("(0 waited"), "the flood should have filled the transmit queue: " + last);
  }

  @Test
  void theEchoClientExampleStaysConnectedUntilTheStopClosesItWith1001() throws Exception {
    int port = start();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    FutureTask<Integer> client =
        new FutureTask<>(
            () -> {
              try (PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
                return new EchoClientExample()
                    .run(new String[] {"--url", "ws://127.0.0.1:" + port + "/"}, stream);
              }
            });
    Thread.ofPlatform().name("echo-client").start(client);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // A message buffer is taken at the upgrade (a slot already at accept): wait for the WebSocket.
    while (servers.getFirst().memory().messageBuffers().inUse() == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(
        1, servers.getFirst().memory().messageBuffers().inUse(), "the echo-client never upgraded");
    assertEquals(0, stop());
    assertEquals(1, client.get(20, TimeUnit.SECONDS));
    String line = printed.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("echo-client: server closed with 1001"), line);
  }

  @Test
  void tlsWithPemFilesServesWssToAClientTrustingThatCertificate() throws Exception {
    TestCertificates certificates = TestCertificates.selfSigned("localhost");
    Path[] pem = certificates.writePem(dir);
    int port =
        start("--tls", "--cert", pem[0].toString(), "--key=" + pem[1], "--max-connections=2");
    assertTrue(
        err.all()
            .getFirst()
            .endsWith("SHA-256 " + EchoServerExample.fingerprint(certificates.certificate)),
        err.all().toString());
    try (JdkPeer peer =
        JdkPeer.connect(
            "wss://127.0.0.1:" + port + "/", null, certificates.trustingClientContext())) {
      peer.socket.sendText("over tls", true).get(10, TimeUnit.SECONDS);
      assertEquals("over tls", peer.next());
      byte[] large = new byte[50_000];
      new Random(2).nextBytes(large);
      peer.socket.sendBinary(ByteBuffer.wrap(large), true).get(10, TimeUnit.SECONDS);
      assertArrayEquals(large, (byte[]) peer.next());
    }
    assertEquals(0, stop());
  }

  @Test
  void tlsWithoutFilesMakesASelfSignedCertificateThatClientsPinByFingerprint() throws Exception {
    int port = start("--tls");
    String line = err.all().getFirst();
    assertTrue(line.startsWith("echo-server: self-signed certificate"), line);
    String fingerprint = line.substring(line.indexOf("SHA-256 ") + "SHA-256 ".length());
    assertEquals(32 * 3 - 1, fingerprint.length(), fingerprint);
    String url = "wss://127.0.0.1:" + port + "/";
    ExecutionException refused =
        assertThrows(
            ExecutionException.class,
            () -> JdkPeer.connect(url, null, SSLContext.getDefault()).close(),
            "an unknown self-signed certificate is refused by default");
    assertTrue(String.valueOf(refused.getCause()).contains("SSL"), String.valueOf(refused));
    try (JdkPeer peer = JdkPeer.connect(url, null, pinning(fingerprint))) {
      peer.socket.sendText("pinned", true).get(10, TimeUnit.SECONDS);
      assertEquals("pinned", peer.next());
    }
    assertEquals(0, stop());
  }

  @Test
  void withABusyPollWindowEveryMessageComesBackAndTheStopIsClean() throws Exception {
    int port = start("--busy-poll-us", "1000");
    try (JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/")) {
      for (int i = 0; i < 100; i++) {
        peer.socket.sendText("m" + i, true).get(10, TimeUnit.SECONDS);
        assertEquals("m" + i, peer.next());
      }
      assertEquals(0, stop());
      assertEquals("close 1001", peer.next());
    }
  }

  @Test
  void twoLoopsOnOnePortBothEchoAndTheStopClosesEveryClientWith1001() throws Exception {
    int port = start("--loops", "2", "--max-connections", "32");
    assertEquals(2, servers.size(), "one server per loop");
    assertEquals(port, servers.get(1).localPort(), "both on the printed port");
    int slots = EchoLoops.slotsPerLoop(32, 2);
    assertEquals(slots, servers.getFirst().connectionSlots().capacity());
    assertTrue(
        err.all()
            .getFirst()
            .endsWith(
                "2 service loops on one port (SO_REUSEPORT), " + slots + " connection slots each"),
        err.all().toString());
    List<JdkPeer> peers = new ArrayList<>();
    try {
      // At least 16 clients, and more (up to 32) until each loop has some: the kernel's hash
      // puts all of 16 on one loop with odds of 2^-15.
      for (int i = 0;
          i < 32
              && (i < 16
                  || servers.get(0).connectionSlots().inUse() == 0
                  || servers.get(1).connectionSlots().inUse() == 0);
          i++) {
        JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/");
        peers.add(peer);
        for (int m = 0; m < 5; m++) {
          peer.socket.sendText(i + "/" + m, true).get(10, TimeUnit.SECONDS);
          assertEquals(i + "/" + m, peer.next());
        }
      }
      for (Server loop : servers) {
        assertTrue(loop.connectionSlots().inUse() > 0, "a loop served nobody: " + servers);
      }
      assertEquals(
          peers.size(),
          servers.get(0).connectionSlots().inUse() + servers.get(1).connectionSlots().inUse());
      assertEquals(0, stop());
      for (JdkPeer peer : peers) {
        assertEquals("close 1001", peer.next(), "every client of every loop gets 1001");
      }
    } finally {
      peers.forEach(JdkPeer::close);
    }
    String last = err.all().getLast();
    assertTrue(
        last.startsWith("echo-server: stopped after echoing " + 5 * peers.size() + " messages"),
        "the exit line sums the loops: " + last);
    assertTrue(last.endsWith("connection slots in use: 0"), last);
  }

  @Test
  void badArgumentsExit2NamingTheOptionAndTheValue() throws Exception {
    assertEquals("echo-server: --loops must be in [1, 64], was 0", runBad("--loops", "0"));
    assertEquals("echo-server: --loops must be in [1, 64], was 65", runBad("--loops", "65"));
    assertEquals("echo-server: --loops must be a number, was 'x'", runBad("--loops=x"));
    assertEquals(
        "echo-server: --max-frame must be in [125, 65535], was 70000",
        runBad("--max-frame", "70000"));
    assertEquals(
        "echo-server: --busy-poll-us must be in [0, 1000], was 2000",
        runBad("--busy-poll-us", "2000"));
    assertEquals("echo-server: --port must be a number, was 'http'", runBad("--port=http"));
    assertEquals("echo-server: --cert and --key need --tls", runBad("--cert", "a", "--key", "b"));
    assertEquals("echo-server: --cert and --key go together", runBad("--tls", "--cert", "a"));
    assertEquals("echo-server: unknown option '--verbose'", runBad("--verbose"));
    assertEquals("echo-server: --port needs a value", runBad("--port"));
    assertEquals(
        "echo-server: --bind must be an IP address, was 'localhost'", runBad("--bind=localhost"));
  }

  @Test
  void aBusyPortOrAMissingCertificateExits1WithOneLine() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Lines errors = new Lines();
      int status =
          new EchoServerExample(errors.stream, a -> true, s -> {})
              .run(new String[] {"--port", Integer.toString(busy.getLocalPort())}, out.stream);
      assertEquals(1, status);
      assertTrue(
          errors
              .next()
              .startsWith("echo-server: cannot listen on 127.0.0.1:" + busy.getLocalPort()),
          errors.all().toString());
    }
    Lines errors = new Lines();
    int status =
        new EchoServerExample(errors.stream, a -> true, s -> {})
            .run(
                new String[] {"--tls", "--cert", dir + "/none.pem", "--key", dir + "/none.key"},
                out.stream);
    assertEquals(1, status);
    assertTrue(errors.next().contains("none.pem"), errors.all().toString());
    assertTrue(out.all().isEmpty(), "nothing on standard output: " + out.all());
  }

  private String runBad(String... args) throws Exception {
    Lines errors = new Lines();
    assertEquals(2, new EchoServerExample(errors.stream, a -> true, s -> {}).run(args, out.stream));
    assertTrue(errors.all().get(1).startsWith("usage: echo-server"), errors.all().toString());
    return errors.all().getFirst();
  }

  /** A client context that trusts exactly the certificate with this SHA-256 fingerprint. */
  private static SSLContext pinning(String fingerprint) throws Exception {
    X509TrustManager pin =
        new X509TrustManager() {
          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            try {
              if (!EchoServerExample.fingerprint(chain[0]).equals(fingerprint)) {
                throw new CertificateException("fingerprint does not match the pinned one");
              }
            } catch (java.security.GeneralSecurityException e) {
              throw new CertificateException(e);
            }
          }

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            throw new CertificateException("no client certificates here");
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {pin}, null);
    return context;
  }
}

package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JdkMessages;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our server against an independent client: the JDK's {@code java.net.http.WebSocket}. */
class JdkClientInteropTest {

  private final Recorder recorder = new Recorder();
  private Server server;
  private HttpClient http;

  /** What the JDK client receives, joined into messages. */
  private static final class Collector extends JdkMessages {
    Object next() throws InterruptedException {
      return next(10);
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = recorder.serveEcho(ServerConfig.loopback());
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    http.close();
    server.stop();
    Pools.assertAllFree(server);
  }

  private WebSocket connect(Collector collector) throws Exception {
    return recorder.openJdkEcho(http, server.localPort(), collector);
  }

  @Test
  void textBinaryEmptyAndLargestMessagesAreEchoed() throws Exception {
    Collector c = new Collector();
    WebSocket ws = connect(c);
    assertEquals("echo", ws.getSubprotocol());
    ws.sendText("héllo wörld €", true).get(5, TimeUnit.SECONDS);
    assertEquals("héllo wörld €", c.next());
    byte[] largest = new byte[0xFFFF];
    new Random(3).nextBytes(largest);
    ws.sendBinary(ByteBuffer.wrap(largest), true).get(5, TimeUnit.SECONDS);
    assertArrayEquals(largest, (byte[]) c.next());
    ws.sendText("", true).get(5, TimeUnit.SECONDS);
    assertEquals("", c.next());
    ws.sendBinary(ByteBuffer.allocate(0), true).get(5, TimeUnit.SECONDS);
    assertArrayEquals(new byte[0], (byte[]) c.next());
    ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    assertEquals("close 1000", c.next());
    recorder.expect("text héllo wörld €");
    recorder.expect("binary 65535");
    recorder.expect("text ");
    recorder.expect("binary 0");
    recorder.expect("close 1000 done");
  }

  @Test
  void fragmentedSendsArriveAsOneMessage() throws Exception {
    Collector c = new Collector();
    WebSocket ws = connect(c);
    ws.sendText("one ", false).get(5, TimeUnit.SECONDS);
    ws.sendText("two ", false).get(5, TimeUnit.SECONDS);
    ws.sendText("three", true).get(5, TimeUnit.SECONDS);
    assertEquals("one two three", c.next());
    recorder.expect("text one two three");
    ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    assertEquals("close 1000", c.next());
    recorder.expect("close 1000");
  }

  @Test
  void pingsAreAnsweredWithPongs() throws Exception {
    Collector c = new Collector();
    WebSocket ws = connect(c);
    ws.sendPing(ByteBuffer.wrap(new byte[] {7, 7, 7})).get(5, TimeUnit.SECONDS);
    assertEquals("pong 3", c.next());
    recorder.expect("ping 070707");
    ws.sendClose(4001, "custom").get(5, TimeUnit.SECONDS);
    assertEquals("close 4001", c.next());
    recorder.expect("close 4001 custom");
  }

  @Test
  void aMessageOverTheLimitClosesWith1009() throws Exception {
    Collector c = new Collector();
    WebSocket ws = connect(c);
    ws.sendBinary(ByteBuffer.allocate(1 << 20), true);
    Object event = c.next();
    assertEquals("close 1009", event);
    String closed = recorder.nextStartingWith("close ");
    assertTrue(closed.startsWith("close 1009"), closed);
    ws.abort();
  }
}

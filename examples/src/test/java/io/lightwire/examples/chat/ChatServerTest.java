package io.lightwire.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.support.Messages;
import io.lightwire.examples.support.Pools;
import io.lightwire.examples.support.SignalledRun;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.HandshakeException;
import io.lightwire.websock.client.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat protocol seen from WebSocket clients: joining, nicknames, lines, notices, limits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatServerTest {

  private ChatServer chat;

  @BeforeEach
  void start() throws IOException {
    chat = ChatServer.start(ChatServer.config("127.0.0.1", 0), null);
  }

  @AfterEach
  void stop() {
    chat.close();
    Pools.assertAllFree(chat.server());
  }

  private WebSocketClient connect() throws IOException {
    return WebSocketClient.open(
        ClientConfig.builder()
            .url("ws://127.0.0.1:" + chat.server().localPort() + ChatServer.PATH)
            .subprotocol(ChatServer.PROTOCOL)
            .build());
  }

  private WebSocketClient join(String nick, String expectedWelcome) throws IOException {
    WebSocketClient client = connect();
    client.sendText(nick);
    assertEquals(expectedWelcome, Messages.next(client));
    return client;
  }

  @Test
  void membersAreWelcomedWithTheRoomAndEveryoneSeesJoinsLinesAndLeaves() throws IOException {
    try (WebSocketClient alice =
        join("alice", "{\"type\":\"welcome\",\"nick\":\"alice\",\"members\":[\"alice\"]}")) {
      assertEquals("{\"type\":\"join\",\"nick\":\"alice\",\"count\":1}", Messages.next(alice));
      WebSocketClient bob =
          join("bob", "{\"type\":\"welcome\",\"nick\":\"bob\",\"members\":[\"alice\",\"bob\"]}");
      assertEquals("{\"type\":\"join\",\"nick\":\"bob\",\"count\":2}", Messages.next(bob));
      assertEquals("{\"type\":\"join\",\"nick\":\"bob\",\"count\":2}", Messages.next(alice));

      bob.sendText("hi \"alice\" \\ <b>ö€</b>\n\u0001");
      String line =
          "{\"type\":\"message\",\"nick\":\"bob\",\"text\":\"hi \\\"alice\\\" \\\\ <b>ö€</b>\\u000a\\u0001\"}";
      assertEquals(line, Messages.next(alice));
      assertEquals(line, Messages.next(bob), "the sender sees its own line");

      assertTrue(bob.close(1000, "bye", 5_000));
      assertEquals("{\"type\":\"leave\",\"nick\":\"bob\",\"count\":1}", Messages.next(alice));
    }
  }

  @Test
  void nicknamesAreUniqueWithoutRegardToCaseAndFollowTheRule() throws IOException {
    try (WebSocketClient alice =
            join("Alice", "{\"type\":\"welcome\",\"nick\":\"Alice\",\"members\":[\"Alice\"]}");
        WebSocketClient other = connect()) {
      other.sendText("aLiCe");
      assertEquals(
          "{\"type\":\"error\",\"text\":\"nickname 'aLiCe' is taken\"}", Messages.next(other));
      String rule =
          "{\"type\":\"error\",\"text\":\"a nickname is 1 to 20 letters, digits, '_', '-' or"
              + " '.'\"}";
      for (String bad : new String[] {"", "has space", "<script>", "x".repeat(21), "émile"}) {
        other.sendText(bad);
        assertEquals(rule, Messages.next(other), bad);
      }
      other.sendText("alice.2");
      assertEquals(
          "{\"type\":\"welcome\",\"nick\":\"alice.2\",\"members\":[\"Alice\",\"alice.2\"]}",
          Messages.next(other));
      assertTrue(alice.isOpen(), "a refused nickname does not disturb the room");
    }
  }

  @Test
  void tooLongLinesAreRefusedWithANoticeAndBinaryClosesWith1003() throws IOException {
    try (WebSocketClient alice =
        join("alice", "{\"type\":\"welcome\",\"nick\":\"alice\",\"members\":[\"alice\"]}")) {
      Messages.next(alice); // her own join
      alice.sendText("x".repeat(ChatRoom.MAX_LINE_BYTES + 1));
      assertEquals(
          "{\"type\":\"error\",\"text\":\"a line is at most 1024 bytes; this one was 1025\"}",
          Messages.next(alice));
      alice.sendText("x".repeat(ChatRoom.MAX_LINE_BYTES));
      assertTrue(Messages.next(alice).endsWith("x\"}"), "a line at the limit goes through");
      alice.sendBinary(new byte[] {1, 2}, 0, 2);
      assertEquals("close 1003 the chat takes text messages only", Messages.next(alice));
    }
  }

  @Test
  void pagesFromOtherOriginsAreRefused() throws IOException {
    int port = chat.server().localPort();
    HandshakeException refused =
        assertThrows(
            HandshakeException.class,
            () ->
                WebSocketClient.open(
                    ClientConfig.builder()
                        .url("ws://127.0.0.1:" + port + ChatServer.PATH)
                        .origin("http://evil.example")
                        .build()));
    assertEquals(403, refused.status());
    try (WebSocketClient same =
        WebSocketClient.open(
            ClientConfig.builder()
                .url("ws://127.0.0.1:" + port + ChatServer.PATH)
                .origin("http://127.0.0.1:" + port)
                .build())) {
      assertTrue(same.isOpen());
    }
  }

  @Test
  void thePageComesFromTheJarWithSecurityHeaders() throws Exception {
    HttpURLConnection page =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + chat.server().localPort() + "/")
                .toURL()
                .openConnection();
    try {
      assertEquals(200, page.getResponseCode());
      String body = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(body.contains("<script src=\"chat.js\""), body);
      assertTrue(page.getContentType().startsWith("text/html"), page.getContentType());
      assertTrue(
          page.getHeaderField("Content-Security-Policy").contains("default-src 'self'"),
          page.getHeaderField("Content-Security-Policy"));
      assertEquals("nosniff", page.getHeaderField("X-Content-Type-Options"));
    } finally {
      page.disconnect();
    }
  }

  @Test
  void runPrintsWhereToOpenThePageAndStopsCleanly() throws Exception {
    chat.close(); // this test runs its own, through the example
    SignalledRun run = SignalledRun.start(ChatExample::new, "--port", "0", "--bind", "127.0.0.1");
    Matcher m =
        run.awaitOutput(
            Pattern.compile("chat: open http://127\\.0\\.0\\.1:(\\d+)/ in two or more browsers"));
    try (WebSocketClient client =
        WebSocketClient.open(ClientConfig.of("ws://127.0.0.1:" + m.group(1) + ChatServer.PATH))) {
      client.sendText("carol");
      assertTrue(Messages.next(client).contains("\"welcome\""));
      assertTrue(Messages.next(client).contains("\"join\""));
      run.signal(); // what SIGTERM or Ctrl-C does
      assertEquals(
          "close 1001", Messages.next(client).substring(0, 10), "pages hear the server go away");
    }
    assertEquals(0, run.awaitExit(), run.output());
    assertEquals(1, run.output().lines().filter(l -> l.contains("open http")).count());
  }

  @Test
  void badArgumentsExit2WithTheOptionNamed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertEquals(2, new ChatExample(stop -> true).run(new String[] {"--port", "-1"}, out));
    assertTrue(
        bytes
            .toString(StandardCharsets.UTF_8)
            .startsWith("chat: --port must be a whole number in [0, 65535], was '-1'"),
        bytes.toString(StandardCharsets.UTF_8));
  }
}

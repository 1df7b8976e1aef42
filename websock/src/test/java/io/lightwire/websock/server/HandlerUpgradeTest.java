package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawHttp;
import io.lightwire.testsupport.RawWebSocket;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP handler upgrades its own request (Barracuda's {@code WSS::upgrade}), and {@code onOpen}
 * sees the upgrade request (issue 19, item 8).
 */
class HandlerUpgradeTest {

  private final BlockingQueue<String> opened = new LinkedBlockingQueue<>();
  private final Recorder recorder =
      new Recorder() {
        @Override
        public void onOpen(WebSocketConnection c, HttpRequest request) {
          opened.add(request.path() + " " + request.query() + " " + request.header("X-Name"));
          super.onOpen(c, request);
        }
      };
  private final Protocol room =
      new Protocol("room", "/table-path", recorder, QueuePolicy.REFUSE, 4, () -> null);
  private final BlockingQueue<Integer> upgradeResults = new LinkedBlockingQueue<>();
  private Server server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server =
        Server.builder(ServerConfig.loopback())
            .http(
                (request, response) -> {
                  if (request.path().equals("/join")) {
                    if (request.query().equals("token=ok")) {
                      upgradeResults.add(response.upgrade(room));
                    } else {
                      response.status(401).body("text/plain", "no token\n");
                    }
                  } else if (request.path().equals("/refused-kept")) {
                    upgradeResults.add(response.upgrade(room)); // the refusal is the answer
                  } else {
                    response.body("text/plain", "page\n");
                  }
                })
            .protocol(room)
            .upgradeFilter(UpgradeFilter.allowOrigins("http://good.example"))
            .open();
    server.start();
    port = server.localPort();
  }

  @AfterEach
  void stop() throws InterruptedException {
    recorder.stopAndCheck(server);
    assertEquals("[]", opened.toString(), "unread opens");
    assertEquals("[]", upgradeResults.toString(), "unread upgrade results");
  }

  @Test
  void aHandlerUpgradesItsRequestAndOnOpenSeesIt() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(port, "/join?token=ok", "X-Name: ann\r\n")) {
      assertEquals(0, upgradeResults.take());
      assertEquals("/join token=ok ann", opened.take());
      recorder.expect("open room");
      ws.sendText("hi");
      recorder.expect("text hi");
      assertEquals("hi", ws.read().text());
      recorder.closeNormally(ws);
    }
  }

  @Test
  void theHandlerMayRefuseInsteadOfUpgrading() throws Exception {
    try (RawWebSocket ws = new RawWebSocket(port)) {
      assertEquals(401, ws.handshake("/join?token=bad", ""));
    }
  }

  @Test
  void theTableStillMatchesAndOnOpenSeesTheRequestThere() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(port, "/table-path?x=1", "X-Name: bob\r\n")) {
      assertEquals("/table-path x=1 bob", opened.take());
      recorder.expect("open room");
      recorder.closeNormally(ws);
    }
  }

  @Test
  void anUpgradeOfARequestThatIsNoHandshakeAnswersTheRefusal() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.get("/refused-kept");
      assertEquals(400, upgradeResults.take());
      assertEquals(400, r.status());
      assertTrue(r.text().contains("GET") || r.text().contains("Connection"), r.text());
    }
  }

  @Test
  void theUpgradeFilterAppliesToHandlerUpgrades() throws Exception {
    try (RawWebSocket ws = new RawWebSocket(port)) {
      assertEquals(403, ws.handshake("/join?token=ok", "Origin: http://evil.example\r\n"));
      assertEquals(403, upgradeResults.take());
    }
  }
}

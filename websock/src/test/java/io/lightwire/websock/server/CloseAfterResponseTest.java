package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A handler may close a keep-alive connection after its response, freeing the slot at once. */
class CloseAfterResponseTest {

  private Server server;

  @BeforeEach
  void start() throws Exception {
    server =
        Server.open(
            ServerConfig.loopback(),
            (request, response) -> {
              response.body("text/plain", "hi\n");
              if (request.path().equals("/close")) {
                response.closeAfterResponse();
              }
            });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    Pools.assertAllFree(server);
  }

  @Test
  void closeAfterResponseSendsConnectionCloseAndClosesAnHttp11KeepAliveConnection()
      throws Exception {
    try (RawHttp raw = new RawHttp(server.localPort())) {
      RawHttp.Response kept = raw.send("GET /keep HTTP/1.1\r\nHost: x\r\n\r\n").read(false);
      assertEquals(200, kept.status());
      assertNull(kept.header("Connection"), "keep-alive by default");
      RawHttp.Response closed = raw.send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n").read(false);
      assertEquals(200, closed.status());
      assertEquals("close", closed.header("Connection"));
      assertTrue(raw.closedByServer(), "the server closed the connection");
    }
    Pools.awaitSlotsInUse(server, 0);
  }
}

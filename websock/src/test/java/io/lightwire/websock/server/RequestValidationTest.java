package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawHttp;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests refused by RFC 9112 and RFC 6455 (issue 19, item 12), and {@code OPTIONS *} (item 18),
 * over raw loopback sockets.
 */
class RequestValidationTest {

  private static final String UPGRADE =
      "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
  private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

  private final Recorder recorder = new Recorder();
  private Server server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server =
        Server.builder(ServerConfig.loopback())
            .http((request, response) -> response.body("text/plain", "path " + request.path()))
            .protocol(Protocol.of("echo", recorder))
            .open();
    server.start();
    port = server.localPort();
  }

  @AfterEach
  void stop() throws InterruptedException {
    recorder.stopAndCheck(server); // no WebSocket was opened: no event
  }

  private RawHttp.Response answer(String request) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send(request).read();
      if (r.status() >= 400) {
        assertTrue(http.closedByServer(), "a refused request closes the connection");
      }
      return r;
    }
  }

  @Test
  void anUpgradeWithTwoKeysIs400() throws IOException {
    RawHttp.Response r =
        answer(
            "GET / HTTP/1.1\r\nHost: a\r\n" + UPGRADE + KEY + KEY.replace("dGhl", "AAAA") + "\r\n");
    assertEquals(400, r.status());
    assertTrue(r.text().contains("Sec-WebSocket-Key"), r.text());
  }

  @Test
  void anUpgradeOverHttp10Is400() throws IOException {
    RawHttp.Response r = answer("GET / HTTP/1.0\r\nHost: a\r\n" + UPGRADE + KEY + "\r\n");
    assertEquals(400, r.status());
    assertTrue(r.text().contains("HTTP/1.1"), r.text());
  }

  @Test
  void http11WithoutHostIs400() throws IOException {
    assertEquals(400, answer("GET /x HTTP/1.1\r\n\r\n").status());
    assertEquals(400, answer("GET / HTTP/1.1\r\n" + UPGRADE + KEY + "\r\n").status());
  }

  @Test
  void twoHostHeadersAre400() throws IOException {
    assertEquals(400, answer("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status());
    assertEquals(400, answer("GET /x HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n").status());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a b",
        "a/b",
        "user@a",
        "a:b:c",
        "a:80x",
        "a:99999999",
        "[::1",
        "[::1]x",
        "[zz::1]",
        "a\"b",
        "a,b",
        "a%zz",
      })
  void aMalformedHostIs400(String host) throws IOException {
    assertEquals(400, answer("GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status(), host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "device.local",
        "device.local:8080",
        "192.168.1.20",
        "127.0.0.1:80",
        "[::1]",
        "[fe80::1]:443",
        "a:",
        "xn--bcher-kva.example",
        "a-b_c~d%41",
      })
  void aWellFormedHostIsServed(String host) throws IOException {
    RawHttp.Response r = answer("GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    assertEquals(200, r.status(), host);
    assertEquals("path /x", r.text());
  }

  @Test
  void http10WithoutHostIsServed() throws IOException {
    RawHttp.Response r = answer("GET /x HTTP/1.0\r\n\r\n");
    assertEquals(200, r.status());
  }

  @Test
  void optionsStarIsAnsweredByTheServer() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").read();
      assertEquals(204, r.status(), r.head());
      // the connection stays usable
      assertEquals("path /y", http.get("/y").text());
    }
  }

  @Test
  void aStarTargetWithAnotherMethodIs400() throws IOException {
    assertEquals(400, answer("GET * HTTP/1.1\r\nHost: a\r\n\r\n").status());
  }
}

package io.lightwire.websock.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestParserTest {

  private static final String GET =
      "GET /status?x=1 HTTP/1.1\r\nHost: a\r\nAccept:  text/html \r\nConnection: keep-alive, Upgrade\r\n\r\n";

  private final HttpRequestParser parser = new HttpRequestParser(1024);

  private static ByteBuffer buffer(String text, int capacity) {
    ByteBuffer buf = ByteBuffer.allocate(capacity);
    buf.put(text.getBytes(StandardCharsets.ISO_8859_1));
    return buf;
  }

  private int parseAll(String text) {
    parser.reset();
    ByteBuffer buf = buffer(text, 2048);
    return parser.parse(buf, buf.position());
  }

  @Test
  void aCompleteRequestExposesMethodTargetAndHeaders() {
    ByteBuffer buf = buffer(GET, 2048);
    assertEquals(HttpRequestParser.COMPLETE, parser.parse(buf, buf.position()));
    HttpExchange exchange = new HttpExchange(parser);
    exchange.begin(buf, null);
    assertEquals("GET", exchange.method());
    assertTrue(exchange.methodIs("GET"));
    assertFalse(exchange.methodIs("HEAD"));
    assertEquals("/status", exchange.path());
    assertEquals("x=1", exchange.query());
    assertEquals("text/html", exchange.header("accept"), "case-insensitive, trimmed");
    assertTrue(exchange.headerHasToken("Connection", "upgrade"));
    assertTrue(exchange.keepAlive());
    assertEquals(null, exchange.header("Missing"));
    assertEquals(GET.length(), parser.requestEnd());
  }

  @Test
  void theRequestMayArriveOneByteAtATime() {
    ByteBuffer buf = buffer(GET, 2048);
    int end = buf.position();
    for (int i = 1; i < end; i++) {
      assertEquals(HttpRequestParser.NEED_MORE, parser.parse(buf, i), "after " + i + " bytes");
    }
    assertEquals(HttpRequestParser.COMPLETE, parser.parse(buf, end));
  }

  @Test
  void aBodyIsWaitedForByContentLength() {
    String head = "POST /streams/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
    ByteBuffer buf = buffer(head + "hel", 2048);
    assertEquals(HttpRequestParser.NEED_MORE, parser.parse(buf, buf.position()));
    buf.put("lo".getBytes(StandardCharsets.US_ASCII));
    assertEquals(HttpRequestParser.COMPLETE, parser.parse(buf, buf.position()));
    HttpExchange exchange = new HttpExchange(parser);
    exchange.begin(buf, null);
    ByteBuffer body = exchange.body();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    assertEquals("hello", new String(bytes, StandardCharsets.US_ASCII));
  }

  @Test
  void emptyLinesBeforeTheRequestLineAreIgnored() {
    assertEquals(HttpRequestParser.COMPLETE, parseAll("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  }

  @Test
  void bareLineFeedsAreAcceptedAsLineEnds() {
    assertEquals(HttpRequestParser.COMPLETE, parseAll("GET / HTTP/1.1\nHost: a\n\n"));
  }

  @Test
  void malformedRequestLinesAre400() {
    assertEquals(400, parseAll("GET /\r\n\r\n"));
    assertEquals(400, parseAll("GET  / HTTP/1.1\r\n\r\n"));
    assertEquals(400, parseAll("G(T / HTTP/1.1\r\n\r\n"));
    assertEquals(400, parseAll("GET http//x HTTP/1.1\r\n\r\n"));
    assertEquals(400, parseAll("GET / HTTP/1.1 extra\r\n\r\n"));
    assertEquals(400, parseAll("GET /a\rb HTTP/1.1\r\n\r\n"));
  }

  @Test
  void otherHttpVersionsAre505() {
    assertEquals(505, parseAll("GET / HTTP/2.0\r\n\r\n"));
    assertEquals(505, parseAll("GET / HTTP/1.2\r\n\r\n"));
  }

  @Test
  void malformedHeadersAre400() {
    assertEquals(400, parseAll("GET / HTTP/1.1\r\nNo colon\r\n\r\n"));
    assertEquals(400, parseAll("GET / HTTP/1.1\r\n: empty name\r\n\r\n"));
    assertEquals(400, parseAll("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"));
    assertEquals(400, parseAll("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"));
    assertEquals(400, parseAll("GET / HTTP/1.1\r\nA: b\u0001c\r\n\r\n"));
  }

  @Test
  void conflictingOrInvalidContentLengthIs400() {
    assertEquals(
        400, parseAll("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n"));
    assertEquals(400, parseAll("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
    assertEquals(400, parseAll("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"));
  }

  @Test
  void chunkedRequestBodiesAre501() {
    assertEquals(501, parseAll("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
  }

  @Test
  void aBodyLargerThanTheBufferIs413() {
    ByteBuffer buf = buffer("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 500\r\n\r\n", 128);
    assertEquals(413, parser.parse(buf, buf.position()));
  }

  @Test
  void aHeadOverTheLimitIs431EvenBeforeItEnds() {
    HttpRequestParser small = new HttpRequestParser(64);
    ByteBuffer buf = buffer("GET / HTTP/1.1\r\nX-Long: " + "a".repeat(80), 2048);
    assertEquals(431, small.parse(buf, buf.position()));
  }

  @Test
  void tooManyHeaderLinesAre431() {
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i <= HttpRequestParser.MAX_HEADERS; i++) {
      request.append("H").append(i).append(": v\r\n");
    }
    HttpRequestParser roomy = new HttpRequestParser(8192);
    ByteBuffer buf = buffer(request + "\r\n", 8192);
    assertEquals(431, roomy.parse(buf, buf.position()));
  }

  @Test
  void http10ClosesUnlessKeepAliveIsAsked() {
    ByteBuffer buf = buffer("GET / HTTP/1.0\r\n\r\n", 256);
    assertEquals(HttpRequestParser.COMPLETE, parser.parse(buf, buf.position()));
    HttpExchange exchange = new HttpExchange(parser);
    exchange.begin(buf, null);
    assertFalse(exchange.keepAlive());
    parser.reset();
    ByteBuffer kept = buffer("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 256);
    assertEquals(HttpRequestParser.COMPLETE, parser.parse(kept, kept.position()));
    exchange.begin(kept, null);
    assertTrue(exchange.keepAlive());
  }

  @Test
  void resetParsesTheNextRequestFromOffsetZero() {
    assertEquals(HttpRequestParser.COMPLETE, parseAll(GET));
    parser.reset();
    assertEquals(HttpRequestParser.COMPLETE, parseAll("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"));
    assertEquals(0, parser.methodStart());
    assertEquals(4, parser.methodEnd());
  }
}

package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawHttp;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deferred HTTP responses over real loopback sockets; every test ends with pools at zero. */
class DeferredResponseTest {

  private Server server;

  /** Handles deferred by {@code /later}, for the test thread to complete. */
  private final BlockingQueue<DeferredResponse> deferred = new LinkedBlockingQueue<>();

  /** Every request the handler saw, by path and query, in order. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private final HttpHandler handler =
      (request, response) -> {
        seen.add(request.path() + "?" + request.query());
        switch (request.path()) {
          case "/later" -> deferred.add(response.defer(timeout(request.query(), 10_000)));
          case "/later-json" -> {
            response.status(504).body("application/json", "{\"error\":\"timeout\"}");
            deferred.add(response.defer(timeout(request.query(), 10_000)));
          }
          case "/later-then-throw" -> {
            deferred.add(response.defer(10_000));
            throw new IllegalStateException("handler bug after defer");
          }
          case "/query" -> response.body("text/plain", request.query());
          default -> {
            // 404
          }
        }
      };

  private static long timeout(String query, long otherwise) {
    return query.startsWith("t=") ? Long.parseLong(query.substring(2)) : otherwise;
  }

  @AfterEach
  void everyPoolIsBackToZero() throws InterruptedException {
    if (server == null) {
      return;
    }
    server.stop();
    Pools.assertAllFree(server);
  }

  private void start() throws IOException {
    server = Server.open(ServerConfig.loopback(), handler);
    server.start();
  }

  private DeferredResponse nextDeferred() throws InterruptedException {
    DeferredResponse d = deferred.poll(5, TimeUnit.SECONDS);
    assertNotNull(d, "the handler deferred nothing");
    return d;
  }

  @Test
  void anotherThreadAnswersLaterAndTheConnectionStaysAlive() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
      DeferredResponse d = nextDeferred();
      assertTrue(d.isPending());
      Thread answerer =
          Thread.ofPlatform()
              .start(
                  () ->
                      d.status(201)
                          .header("X-Late", "yes")
                          .body("text/plain", "answered later\n")
                          .complete());
      answerer.join();
      RawHttp.Response r = client.read();
      assertEquals(201, r.status());
      assertEquals("yes", r.header("X-Late"));
      assertEquals("answered later\n", r.text());
      assertFalse(d.isPending());
      assertEquals("k", client.get("/query?k").text(), "keep-alive after a deferred answer");

      // The slot reuses its handle for the next deferral: nothing allocated per request.
      client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
      DeferredResponse again = nextDeferred();
      assertSame(d, again);
      again.body("text/plain", "second").complete();
      assertEquals("second", client.read().text());
      assertEquals(0, server.counters().deferredTimeouts());
    }
  }

  @Test
  void pastTheDeadlineTheServerAnswers504AndALateCompletionIsIgnored() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r = client.get("/later?t=50");
      assertEquals(504, r.status());
      assertEquals("504 Gateway Timeout\n", r.text());
      DeferredResponse late = nextDeferred();
      assertFalse(late.isPending());
      assertFalse(late.status(200).body("text/plain", "too late").complete());
      assertEquals(1, server.counters().deferredTimeouts());

      // The connection goes on, and its next deferral gets a fresh handle: the old one may still
      // be held by the late thread.
      assertEquals("x", client.get("/query?x").text());
      client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
      DeferredResponse next = nextDeferred();
      assertNotSame(late, next);
      assertFalse(late.complete(), "the old handle cannot answer the new request");
      next.body("text/plain", "on time").complete();
      assertEquals("on time", client.read().text());
    }
  }

  @Test
  void theHandlersOwnTimeoutAnswerIsSentAtTheDeadline() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r = client.get("/later-json?t=50");
      assertEquals(504, r.status());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals("{\"error\":\"timeout\"}", r.text());
      nextDeferred();
    }
  }

  @Test
  void aClientLeavingWhileDeferredFreesItsSlotAndTheCompletionIsANoOp() throws Exception {
    start();
    DeferredResponse d;
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
      d = nextDeferred();
      assertEquals(1, server.connectionSlots().inUse());
    }
    Pools.awaitSlotsInUse(server, 0); // the slot is freed while deferred
    assertFalse(d.isPending());
    assertFalse(d.body("text/plain", "nobody listens").complete());
    assertEquals(0, server.counters().deferredTimeouts());
    // A new client on the freed slot is served normally.
    try (RawHttp client = new RawHttp(server.localPort())) {
      assertEquals("y", client.get("/query?y").text());
    }
  }

  @Test
  void pipelinedRequestsWaitBehindADeferredOneAndAnswersStayInOrder() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort());
        RawHttp other = new RawHttp(server.localPort())) {
      client.send(
          "GET /later?1 HTTP/1.1\r\nHost: t\r\n\r\nGET /query?2 HTTP/1.1\r\nHost: t\r\n\r\nGET /query?3 HTTP/1.1\r\nHost: t\r\n\r\n");
      DeferredResponse d = nextDeferred();
      // Another connection is served meanwhile, and the pipelined requests were not run.
      assertEquals("other", other.get("/query?other").text());
      assertEquals(List.of("/later?1", "/query?other"), seen);
      d.body("text/plain", "1").complete();
      assertEquals("1", client.read().text());
      assertEquals("2", client.read().text());
      assertEquals("3", client.read().text());
      assertEquals(List.of("/later?1", "/query?other", "/query?2", "/query?3"), seen);
    }
  }

  @Test
  void aHeadRequestAnsweredLaterSendsNoBody() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("HEAD /later HTTP/1.1\r\nHost: t\r\n\r\n");
      nextDeferred().body("text/plain", "12345").complete();
      RawHttp.Response r = client.read(true);
      assertEquals("5", r.header("Content-Length"));
      assertEquals("k", client.get("/query?k").text(), "no body bytes came before this answer");
    }
  }

  @Test
  void aHandlerThatThrowsAfterDeferringAnswers500AndTheHandleIsDead() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      assertEquals(500, client.get("/later-then-throw").status());
      DeferredResponse d = nextDeferred();
      assertFalse(d.complete());
      assertEquals("z", client.get("/query?z").text());
    }
  }

  @Test
  void aTimeoutThatIsNotPositiveIsAHandlerError500() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      assertEquals(500, client.get("/later?t=0").status());
      assertEquals("ok", client.get("/query?ok").text());
      assertTrue(deferred.isEmpty());
    }
  }

  @Test
  void aDeferredRequestWithConnectionCloseClosesAfterTheAnswer() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("GET /later HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
      nextDeferred().body("text/plain", "bye").complete();
      RawHttp.Response r = client.read();
      assertEquals("bye", r.text());
      assertEquals("close", r.header("Connection"));
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void stoppingTheServerDropsAWaitingDeferral() throws Exception {
    start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
      DeferredResponse d = nextDeferred();
      server.stop();
      assertFalse(d.complete());
      Pools.assertAllFree(server);
    }
  }
}

package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that completes the upgrade and then never reads (a raw TCP socket): once the kernel's
 * buffers are full, a send can only end by its deadline, and {@code close} must not wait behind it.
 * Every wait here is bounded by a future's timeout, so a hang fails the test instead of hanging the
 * build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendDeadlineTest {

  /** Far more than loopback's socket buffers on both sides can hold. */
  private static final byte[] HUGE = new byte[48 << 20];

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /** Starts a forever send of {@link #HUGE} and waits until it is blocked in the kernel. */
  private Future<Object> blockedSend(WebSocketClient client) throws InterruptedException {
    Future<Object> send =
        threads.submit(
            () -> {
              try {
                return client.sendBinary(HUGE, 0, HUGE.length, -1);
              } catch (Exception e) {
                return e;
              }
            });
    Thread.sleep(500); // long enough to fill the buffers; the send is still running
    assertFalse(send.isDone(), "the send blocks while the peer does not read");
    return send;
  }

  @Test
  void closeReturnsWithinItsTimeoutWhileASendIsBlockedAndReleasesThatSend() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      Future<Object> send = blockedSend(client);
      Future<Boolean> close = threads.submit(() -> client.close(1000, "", 300));
      assertFalse(close.get(10, TimeUnit.SECONDS), "close gives up: no clean handshake");
      Object sendResult = send.get(10, TimeUnit.SECONDS);
      assertTrue(
          sendResult instanceof java.io.IOException || sendResult.equals(WebSocketClient.CLOSED),
          "the blocked send ends when close gives up: " + sendResult);
      assertFalse(client.isOpen());
      assertEquals(1006, client.status().code());
    }
  }

  @Test
  void aSendWhoseWriteStaysBlockedPastItsDeadlineTimesOutAndFailsTheConnection() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      Future<Integer> send = threads.submit(() -> client.sendBinary(HUGE, 0, HUGE.length, 300));
      assertEquals(WebSocketClient.TIMEOUT, send.get(10, TimeUnit.SECONDS));
      assertFalse(client.isOpen(), "a cut frame cannot be resumed: the connection is failed");
      assertEquals(1006, client.status().code());
      assertEquals(WebSocketClient.CLOSED, client.sendText("after", 0));
    }
  }

  @Test
  void aSendWaitingBehindABlockedSendTimesOutAndLeavesTheConnectionAlone() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      Future<Object> blocked = blockedSend(client);
      assertEquals(WebSocketClient.TIMEOUT, client.sendText("try once", 0));
      assertEquals(WebSocketClient.TIMEOUT, client.sendText("wait a little", 200));
      assertTrue(client.isOpen(), "nothing was written: the connection is intact");
      assertFalse(blocked.isDone(), "the forever send is still blocked");
      assertFalse(client.close(1000, "", 200));
      blocked.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBlockedSendNeverBlocksRecvAndThePongGoesOutWhenTheWriteLockIsFree() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      Future<Object> blocked = blockedSend(client);
      peer.sendFrame(true, 0x9, new byte[] {7}, false); // a ping: its pong must wait for the lock
      peer.sendFrame(
          true, 0x1, "still here".getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
      MessageHeader header = new MessageHeader();
      byte[] buffer = new byte[64];
      Future<Integer> recv = threads.submit(() -> client.recv(header, buffer, 0, 64, 5_000));
      assertEquals(10, recv.get(10, TimeUnit.SECONDS), "recv does not wait for the write lock");
      assertEquals(
          "still here", new String(buffer, 0, 10, java.nio.charset.StandardCharsets.UTF_8));
      assertFalse(client.close(1000, "", 200));
      blocked.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void overTlsCloseAlsoEndsASendBlockedInsideTheTlsSocket() throws Exception {
    io.lightwire.testsupport.TestCertificates server =
        io.lightwire.testsupport.TestCertificates.selfSigned("localhost");
    try (TlsPeer peer = new TlsPeer(server, null)) {
      java.util.List<WebSocketClient> opened = new java.util.ArrayList<>();
      // Kept referenced: an unreachable server socket would be closed by the GC, ending the send.
      TlsPeer.Accepted accepted =
          peer.open(
              ClientConfig.builder()
                  .url("wss://127.0.0.1:" + peer.port() + "/")
                  .tls(TlsConfig.builder().trustedCertificates(server.certificate).build())
                  .handshakeTimeoutMillis(20_000)
                  .build(),
              opened);
      WebSocketClient client = opened.get(0);
      Future<Object> send = blockedSend(client);
      Future<Boolean> close = threads.submit(() -> client.close(1000, "", 300));
      assertFalse(close.get(10, TimeUnit.SECONDS), "close gives up: no clean handshake");
      send.get(10, TimeUnit.SECONDS);
      assertEquals(1006, client.status().code());
      accepted.http().close();
    }
  }
}
